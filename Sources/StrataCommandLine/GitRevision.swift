import EventUpcasting
import Foundation
import SchemaRegistry

/// A schema folder as it was at another git revision, read with `git` into a temporary folder.
struct GitRevision {
    /// A git failure, in one line.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let revision: String

    /// The history the folder `root` had at the revision (empty when it did not exist).
    ///
    /// Git runs in `root` itself, so the folder may be in any repository, whatever the current
    /// directory (a command plugin runs the tool from the package's folder, say).
    func history(of root: String) throws -> SchemaHistory {
        let folder = URL(fileURLWithPath: root).standardizedFileURL
        // Each line: "<mode> <type> <object>\t<path>", the path relative to the folder; a link
        // (mode 120000) or a submodule is no schema file.
        let listing = try git(["ls-tree", "-r", revision, "--", "."], in: folder)
        var files: [String] = []
        for line in listing.split(separator: "\n") {
            guard let tab = line.firstIndex(of: "\t") else { continue }
            let mode = line.prefix(6), file = String(line[line.index(after: tab)...])
            guard mode == "100644" || mode == "100755" else {
                throw Failure(description: "\((root as NSString).appendingPathComponent(file)) at \(revision) is \(mode == "120000" ? "a symbolic link" : "not a regular file"); schema files must be regular files")
            }
            files.append(file)
        }
        let temporary = NSTemporaryDirectory() + "strata-git-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let copy = (temporary as NSString).appendingPathComponent("Schemas")
        try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
        for file in files {
            // Only schema files (<Type>/<version>.<ext>) matter for the history.
            let parts = file.split(separator: "/")
            guard parts.count == 2, !parts.contains(".."), !parts.contains(".") else { continue }
            let target = (copy as NSString).appendingPathComponent(file)
            try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            let contents = try gitData(["show", "\(revision):./\(file)"], in: folder)
            guard FileManager.default.createFile(atPath: target, contents: contents) else { throw Failure(description: "cannot write \(target)") }
        }
        return try SchemaHistory(folder: SchemaFolder(root: copy))
    }

    private func git(_ arguments: [String], in folder: URL) throws -> String {
        String(decoding: try gitData(arguments, in: folder), as: UTF8.self)
    }

    private func gitData(_ arguments: [String], in folder: URL) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = folder
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        do { try process.run() } catch { throw Failure(description: "cannot run git: \(error.localizedDescription)") }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: message, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? "failed"
            throw Failure(description: "git \(arguments.prefix(2).joined(separator: " ")): \(text)")
        }
        return data
    }
}

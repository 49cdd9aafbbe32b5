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
    func history(of root: String) throws -> SchemaHistory {
        // Each line: "<mode> <type> <object>\t<path>"; a link (mode 120000) or a submodule is no schema file.
        let listing = try git(["ls-tree", "-r", revision, "--", root])
        var files: [String] = []
        for line in listing.split(separator: "\n") {
            guard let tab = line.firstIndex(of: "\t") else { continue }
            let mode = line.prefix(6), file = String(line[line.index(after: tab)...])
            guard mode == "100644" || mode == "100755" else {
                throw Failure(description: "\(file) at \(revision) is \(mode == "120000" ? "a symbolic link" : "not a regular file"); schema files must be regular files")
            }
            files.append(file)
        }
        let temporary = NSTemporaryDirectory() + "strata-git-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let copy = (temporary as NSString).appendingPathComponent("Schemas")
        try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
        let prefix = URL(fileURLWithPath: root).standardizedFileURL.path
        for file in files {
            let absolute = URL(fileURLWithPath: file).standardizedFileURL.path
            guard absolute.hasPrefix(prefix + "/") else { continue }
            let relative = String(absolute.dropFirst(prefix.count + 1))
            let parts = relative.split(separator: "/")
            // Only schema files (<Type>/<version>.<ext>) matter for the history.
            guard parts.count == 2 else { continue }
            let target = (copy as NSString).appendingPathComponent(relative)
            try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            let contents = try gitData(["show", "\(revision):./\(file)"])
            guard FileManager.default.createFile(atPath: target, contents: contents) else { throw Failure(description: "cannot write \(target)") }
        }
        return try SchemaHistory(folder: SchemaFolder(root: copy))
    }

    private func git(_ arguments: [String]) throws -> String {
        String(decoding: try gitData(arguments), as: UTF8.self)
    }

    private func gitData(_ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
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

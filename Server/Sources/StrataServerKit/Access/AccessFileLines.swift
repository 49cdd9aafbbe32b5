import ConfluentAPI
import Foundation

/// The lines of a users or tokens file, `name:role:secret`, each with its number: blank lines and
/// lines starting with `#` are skipped, spaces around a line are ignored.
struct AccessFileLine {
    var number: Int
    var name: String
    var role: AccessRole
    var secret: String

    /// Reads the file at `path`.
    static func read(_ path: String) throws(AccessFileError) -> [AccessFileLine] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let reason = (error as NSError).userInfo[NSUnderlyingErrorKey].map { "\($0)" } ?? error.localizedDescription
            throw .unreadable(path: path, reason: reason)
        }
        return try parse(text, path: path)
    }

    /// The lines of `text`, from a file named `path`.
    static func parse(_ text: String, path: String) throws(AccessFileError) -> [AccessFileLine] {
        var lines: [AccessFileLine] = []
        var names: Set<String> = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3 else {
                throw .malformedLine(path: path, line: index + 1, reason: "expected name:role:secret (three fields separated by ':')")
            }
            guard isValidName(fields[0]) else {
                throw .malformedLine(path: path, line: index + 1,
                                     reason: "the name must be 1 to 128 letters, digits, '_', '.', '-' or '@'")
            }
            guard let role = AccessRole(name: fields[1]) else {
                throw .malformedLine(path: path, line: index + 1, reason: "unknown role '\(fields[1])' (read, write or admin)")
            }
            guard names.insert(fields[0]).inserted else { throw .duplicateName(path: path, line: index + 1, name: fields[0]) }
            lines.append(AccessFileLine(number: index + 1, name: fields[0], role: role, secret: fields[2]))
        }
        return lines
    }

    /// A name shown in logs and refusals: letters, digits, `_`, `.`, `-`, `@`, at most 128.
    static func isValidName(_ name: String) -> Bool {
        (1...128).contains(name.utf8.count)
            && name.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || "_.-@".unicodeScalars.contains($0) }
    }
}

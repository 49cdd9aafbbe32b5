/// A users or tokens file the server cannot use; the server refuses to start with its
/// `description`, one line naming the file and the line.
public enum AccessFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file cannot be read: `reason` is the system's.
    case unreadable(path: String, reason: String)
    /// Line `line` (from 1) is not `name:role:secret` as the file's kind expects; `reason` says what is wrong.
    case malformedLine(path: String, line: Int, reason: String)
    /// Line `line` names an account an earlier line named.
    case duplicateName(path: String, line: Int, name: String)

    /// `path:line: reason`, or `path: cannot read (reason)`. No secret is ever part of it.
    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "\(path): cannot read (\(reason))"
        case .malformedLine(let path, let line, let reason): "\(path):\(line): \(reason)"
        case .duplicateName(let path, let line, let name): "\(path):\(line): '\(name)' is named on an earlier line"
        }
    }
}

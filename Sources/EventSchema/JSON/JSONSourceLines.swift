/// The line on which each value of a JSON text starts, for pointing diagnostics into files.
///
/// ```swift
/// let lines = JSONSourceLines(text: Array(fileText.utf8))
/// lines.line(of: JSONPointer("/properties/total")!)   // 17
/// ```
public struct JSONSourceLines: Sendable {
    private var lines: [JSONPointer: Int] = [:]

    /// Maps every value of `text` to its line. Text that is not valid JSON maps only what was
    /// read before the problem.
    public init(text: [UInt8]) {
        var walker = Walker(bytes: text)
        walker.value(at: JSONPointer.root)
        lines = walker.lines
    }

    /// The line of the value at `pointer`, or of its nearest ancestor that exists; 1 at worst.
    public func line(of pointer: JSONPointer) -> Int {
        var pointer = pointer
        while true {
            if let line = lines[pointer] { return line }
            if pointer.tokens.isEmpty { return 1 }
            pointer.tokens.removeLast()
        }
    }

    private struct Walker {
        let bytes: [UInt8]
        var index = 0
        var line = 1
        var lines: [JSONPointer: Int] = [:]
        var depth = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func skipWhitespace() {
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\n"): line += 1; index += 1
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): index += 1
                default: return
                }
            }
        }

        /// Reads a string token and returns its decoded text.
        mutating func string() -> String? {
            let start = index
            index += 1
            while index < bytes.count && bytes[index] != UInt8(ascii: "\"") {
                if bytes[index] == UInt8(ascii: "\\") { index += 1 }
                index += 1
            }
            index += 1
            guard index <= bytes.count else { return nil }
            return (try? JSONValue(parsing: bytes[start..<index]))?.string
        }

        mutating func value(at pointer: JSONPointer) {
            skipWhitespace()
            guard index < bytes.count, depth < 512 else { return }
            lines[pointer] = line
            switch bytes[index] {
            case UInt8(ascii: "{"):
                depth += 1
                index += 1
                while true {
                    skipWhitespace()
                    guard index < bytes.count else { return }
                    if bytes[index] == UInt8(ascii: "}") { index += 1; break }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    guard bytes[index] == UInt8(ascii: "\""), let key = string() else { return }
                    skipWhitespace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return }
                    index += 1
                    value(at: pointer.appending(key))
                }
                depth -= 1
            case UInt8(ascii: "["):
                depth += 1
                index += 1
                var position = 0
                while true {
                    skipWhitespace()
                    guard index < bytes.count else { return }
                    if bytes[index] == UInt8(ascii: "]") { index += 1; break }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    value(at: pointer.appending(position))
                    position += 1
                }
                depth -= 1
            case UInt8(ascii: "\""):
                _ = string()
            default:
                while index < bytes.count, !",]} \t\r\n".utf8.contains(bytes[index]) { index += 1 }
            }
        }
    }
}

import Foundation

/// Accumulates Swift source text line by line, with indentation and doc comments.
struct SourceWriter {
    private(set) var text = ""
    private var indentation = 0

    /// Appends one line at the current indentation (an empty line has none).
    mutating func line(_ content: String = "") {
        text += content.isEmpty ? "\n" : String(repeating: "    ", count: indentation) + content + "\n"
    }

    /// Appends `header {`, the lines `body` writes one level deeper, and `}`.
    mutating func block(_ header: String, _ body: (inout SourceWriter) -> Void) {
        line(header + " {")
        indentation += 1
        body(&self)
        indentation -= 1
        line("}")
    }

    /// Appends `text` as a `///` doc comment, one line of comment per line of text.
    mutating func documentation(_ text: String?) {
        guard let text, !text.isEmpty else { return }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            self.line(trimmed.isEmpty ? "///" : "/// " + trimmed)
        }
    }

    /// `value` as a Swift string literal, quotes included: every character stays as it is but
    /// `\`, `"` and control characters, which are escaped.
    static func literal(_ value: String) -> String {
        "\"" + literalContent(value) + "\""
    }

    /// The inside of ``literal(_:)``.
    static func literalContent(_ value: String) -> String {
        var escaped = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) || (0x2028...0x2029).contains(scalar.value) {
                    escaped += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    escaped.unicodeScalars.append(scalar)
                }
            }
        }
        return escaped
    }
}

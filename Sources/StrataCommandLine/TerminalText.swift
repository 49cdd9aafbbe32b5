/// Text made safe for a terminal: control characters that a file or schema may carry are shown as
/// escapes (`\u{1B}`), so no output of `strata` can move the cursor, recolour or retitle a terminal.
///
/// Newlines and tabs stay as they are. JSON output is unchanged by this, because JSON already escapes
/// every control character inside strings.
enum TerminalText {
    /// `text` with C0 controls (but newline and tab), DEL and C1 controls written as `\u{XX}`.
    static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: false
        case 0x00..<0x20, 0x7F..<0xA0: true
        default: false
        }
    }
}

/// Prints `item` and a newline to standard output, its control characters escaped
/// (``TerminalText/escaped(_:)``). Every command prints through this, not `Swift.print`.
func print(_ item: Any) {
    Swift.print(TerminalText.escaped("\(item)"))
}

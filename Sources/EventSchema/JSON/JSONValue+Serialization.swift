extension JSONValue {
    /// The JSON text of this value: compact, or indented by two spaces when `pretty`.
    ///
    /// Members keep their order; numbers are written exactly as held (see ``JSONNumber``), so
    /// parsing and serializing returns the same numbers digit for digit.
    ///
    /// - Complexity: O(*n*) in the size of the value.
    public func serialized(pretty: Bool = false) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        write(to: &output, pretty: pretty, indent: 0)
        return String(decoding: output, as: UTF8.self)
    }

    /// The UTF-8 JSON text of this value, compact.
    public func serializedBytes() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        write(to: &output, pretty: false, indent: 0)
        return output
    }

    /// Appends the JSON text of this value to `output`.
    public func write(to output: inout [UInt8], pretty: Bool = false) {
        write(to: &output, pretty: pretty, indent: 0)
    }

    private func write(to output: inout [UInt8], pretty: Bool, indent: Int) {
        switch self {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let value): output.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let number): output.append(contentsOf: number.description.utf8)
        case .string(let string): JSONValue.writeString(string, to: &output)
        case .array(let elements):
            if elements.isEmpty { output.append(contentsOf: "[]".utf8); return }
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                if pretty { JSONValue.newline(&output, indent: indent + 1) }
                element.write(to: &output, pretty: pretty, indent: indent + 1)
            }
            if pretty { JSONValue.newline(&output, indent: indent) }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            if object.isEmpty { output.append(contentsOf: "{}".utf8); return }
            output.append(UInt8(ascii: "{"))
            for (position, member) in object.members.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                if pretty { JSONValue.newline(&output, indent: indent + 1) }
                JSONValue.writeString(member.key, to: &output)
                output.append(UInt8(ascii: ":"))
                if pretty { output.append(UInt8(ascii: " ")) }
                member.value.write(to: &output, pretty: pretty, indent: indent + 1)
            }
            if pretty { JSONValue.newline(&output, indent: indent) }
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func newline(_ output: inout [UInt8], indent: Int) {
        output.append(UInt8(ascii: "\n"))
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * 2))
    }

    /// Writes a string with the escaping RFC 8785 prescribes: `"` `\` and control characters only.
    static func writeString(_ string: String, to output: inout [UInt8]) {
        var string = string
        string.withUTF8 { writeString(utf8: $0, to: &output) }
    }

    /// Writes a string given as its UTF-8 with the escaping of ``writeString(_:to:)``: the writer
    /// of the read path's flat tree (`strata upcast`) shares it, so both write the same bytes.
    /// Runs of bytes that need no escape are found eight bytes at a time and copied at once.
    /// A string of `n` bytes takes at most `6n + 2` bytes of `output` (``escapedSizeBound(of:)``).
    @inlinable
    package static func writeString<Sink: JSONByteSink>(utf8 bytes: UnsafeBufferPointer<UInt8>, to output: inout Sink) {
        output.append(UInt8(ascii: "\""))
        guard let base = bytes.baseAddress else {
            output.append(UInt8(ascii: "\""))
            return
        }
        let count = bytes.count
        var runStart = 0
        var index = 0
        while index < count {
            if index + 8 <= count, !needsEscape(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) {
                index += 8
                continue
            }
            let byte = base[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else {
                index += 1
                continue
            }
            if runStart < index { output.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: index - runStart)) }
            index += 1
            runStart = index
            output.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""): output.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): output.append(UInt8(ascii: "\\"))
            case 0x08: output.append(UInt8(ascii: "b"))
            case 0x0C: output.append(UInt8(ascii: "f"))
            case 0x0A: output.append(UInt8(ascii: "n"))
            case 0x0D: output.append(UInt8(ascii: "r"))
            case 0x09: output.append(UInt8(ascii: "t"))
            default:
                output.append(UInt8(ascii: "u"))
                output.append(UInt8(ascii: "0"))
                output.append(UInt8(ascii: "0"))
                output.append(hexDigit(byte >> 4))
                output.append(hexDigit(byte & 0xF))
            }
        }
        if runStart < count { output.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: count - runStart)) }
        output.append(UInt8(ascii: "\""))
    }

    /// The most bytes ``writeString(utf8:to:)`` writes for a string of `count` UTF-8 bytes: its
    /// quotes, and six bytes (`\u00XX`) for each byte at worst.
    @inlinable
    package static func escapedSizeBound(of count: Int) -> Int { 6 * count + 2 }

    /// The lower-case hexadecimal digit of `nibble` (0–15).
    @inlinable
    static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }

    /// Whether any of the eight bytes of `word` may need an escape: a `"`, a `\` or a control
    /// character. Exact when none does; a byte after one that does may be flagged too, which only
    /// sends the word to the byte-by-byte check.
    @inlinable @inline(__always)
    static func needsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ value: UInt64) -> Bool { (value &- ones) & ~value & highs != 0 }
        let control = (word &- 0x2020_2020_2020_2020) & ~word & highs != 0
        return control || hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C))
    }
}

/// Where the JSON writers append their bytes: a `[UInt8]`, or a buffer sized beforehand (the read
/// path's writer), so that one escaping routine serves both.
@usableFromInline
package protocol JSONByteSink {
    /// Appends one byte.
    mutating func append(_ byte: UInt8)
    /// Appends the bytes of `bytes`.
    mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>)
}

extension [UInt8]: JSONByteSink {}

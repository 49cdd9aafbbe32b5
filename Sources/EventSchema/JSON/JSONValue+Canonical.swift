import Crypto

extension JSONValue {
    /// The canonical JSON text of this value, after RFC 8785 (JSON Canonicalization Scheme).
    ///
    /// Members are sorted by the UTF-16 code units of their keys, there is no whitespace, strings
    /// are escaped minimally, and numbers are written in ECMAScript `Number.prototype.toString`
    /// form (`1.0` → `1`, `1E2` → `100`, `1e21` → `1e+21`).
    ///
    /// One deliberate difference from RFC 8785: the scheme formats the *`Double` nearest* to each
    /// number, which would make `9007199254740993` and `9007199254740992` the same number. Strata
    /// formats the exact value instead, so two schemas that differ in any digit never share a
    /// fingerprint. For every number whose text is the shortest form of a `Double` — every number
    /// in practice — the output is byte for byte RFC 8785's.
    ///
    /// - Complexity: O(*n* log *n*) in the size of the value (sorting keys).
    public func canonicalBytes() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        writeCanonical(to: &output)
        return output
    }

    /// The canonical JSON text of this value as a string; see ``canonicalBytes()``.
    public var canonicalText: String { String(decoding: canonicalBytes(), as: UTF8.self) }

    /// The SHA-256 of ``canonicalBytes()`` in lowercase hex: the identity of a schema.
    ///
    /// Two documents that differ only in member order, whitespace or number spelling
    /// (`1.0` vs `1`) have the same fingerprint.
    public var canonicalFingerprint: String {
        let digest = SHA256.hash(data: canonicalBytes())
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in digest {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private func writeCanonical(to output: inout [UInt8]) {
        switch self {
        case .null, .bool, .string: write(to: &output)
        case .number(let number): output.append(contentsOf: number.canonicalText.utf8)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                element.writeCanonical(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            let sorted = object.members.sorted { $0.key.utf16.lexicographicallyPrecedes($1.key.utf16) }
            for (position, member) in sorted.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                JSONValue.writeString(member.key, to: &output)
                output.append(UInt8(ascii: ":"))
                member.value.writeCanonical(to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }
}

extension JSONNumber {
    /// The number in ECMAScript `Number.prototype.toString` form, applied to its exact value.
    public var canonicalText: String {
        if case .int(let value) = storage { return String(value) }
        if case .uint(let value) = storage { return String(value) }
        return JSONNumber.canonicalText(of: parts)
    }

    /// The ECMAScript form of the number `parts` describes.
    static func canonicalText(of parts: Parts) -> String {
        if parts.isZero { return "0" }
        let digits = String(decoding: parts.digits.map { $0 + UInt8(ascii: "0") }, as: UTF8.self)
        let k = parts.digits.count
        let n = parts.magnitude
        var text = parts.negative ? "-" : ""
        if k <= n && n <= 21 {
            text += digits + String(repeating: "0", count: n - k)
        } else if 0 < n && n <= 21 {
            text += digits.prefix(n) + "." + digits.dropFirst(n)
        } else if -6 < n && n <= 0 {
            text += "0." + String(repeating: "0", count: -n) + digits
        } else {
            let exponent = n - 1
            text += digits.prefix(1)
            if k > 1 { text += "." + digits.dropFirst(1) }
            text += "e" + (exponent >= 0 ? "+" : "-") + String(abs(exponent))
        }
        return text
    }
}

import EventSchema

extension PayloadTree {
    /// Appends the compact JSON text of the whole payload to `output`, with no ``JSONValue`` in
    /// between: the bytes ``JSONValue/write(to:pretty:)`` writes for ``value``, members in the
    /// tree's order.
    ///
    /// Strings are escaped as ``JSONValue`` escapes them, and a number is written as its text,
    /// which is the text ``JSONNumber`` writes: the parser keeps a number's text exactly as written
    /// (an int64 `1234567890123456789` and a decimal `199.99` digit for digit), a step writes a
    /// number it makes as `JSONNumber` does, and the one integer JSON text can write in two ways,
    /// `-0`, is written `0`.
    func write(to output: inout [UInt8]) {
        withReader { $0.write(PayloadTree.root, to: &output) }
    }
}

extension NodeReader {
    /// Appends the compact JSON text of the value at `node` and under it to `output`.
    func write(_ node: Int, to output: inout [UInt8]) {
        let current = nodes[node]
        switch current.kind {
        case .null: output.append(contentsOf: "null".utf8)
        case .false: output.append(contentsOf: "false".utf8)
        case .true: output.append(contentsOf: "true".utf8)
        case .number:
            let digits = text(current.text)
            if digits.count == 2, digits[0] == UInt8(ascii: "-"), digits[1] == UInt8(ascii: "0") {
                output.append(UInt8(ascii: "0"))
            } else {
                output.append(contentsOf: digits)
            }
        case .string: JSONValue.writeString(utf8: text(current.text), to: &output)
        case .array, .object:
            let isObject = current.kind == .object
            output.append(isObject ? UInt8(ascii: "{") : UInt8(ascii: "["))
            var child = current.firstChild
            while child != PayloadTree.none {
                if child != current.firstChild { output.append(UInt8(ascii: ",")) }
                if isObject {
                    JSONValue.writeString(utf8: text(nodes[child].key), to: &output)
                    output.append(UInt8(ascii: ":"))
                }
                write(child, to: &output)
                child = nodes[child].nextSibling
            }
            output.append(isObject ? UInt8(ascii: "}") : UInt8(ascii: "]"))
        }
    }
}

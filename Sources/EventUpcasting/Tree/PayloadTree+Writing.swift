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
    ///
    /// The text is written into one buffer sized beforehand (on the stack for a small payload) and
    /// appended to `output` in one copy: each byte costs a store and a bound check, not an array's
    /// uniqueness and capacity checks.
    func write(to output: inout [UInt8]) {
        withReader { reader in
            let bound = reader.writtenSizeBound()
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bound) { buffer in
                var writer = BoundedByteWriter(buffer)
                reader.write(PayloadTree.root, to: &writer)
                output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<writer.count]))
            }
        }
    }
}

extension NodeReader {
    /// The most bytes ``write(_:to:)`` writes for the root: every node is written at most once,
    /// with its key and its text escaped at worst and eight bytes of punctuation (quotes, colon,
    /// comma, brackets).
    func writtenSizeBound() -> Int {
        var bound = 0
        for node in nodes {
            bound += JSONValue.escapedSizeBound(of: node.key.count) + JSONValue.escapedSizeBound(of: node.text.count) + 4
        }
        return bound
    }

    /// Appends the compact JSON text of the value at `node` and under it to `output`.
    func write(_ node: Int, to output: inout BoundedByteWriter) {
        let current = nodes[node]
        switch current.kind {
        case .null: output.append(literal: "null")
        case .false: output.append(literal: "false")
        case .true: output.append(literal: "true")
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

/// Bytes written into a buffer of a size fixed beforehand, each write checked against it: the
/// tree's writer, whose caller sizes the buffer with ``NodeReader/writtenSizeBound()``. It lives
/// only inside ``PayloadTree/write(to:)``, for the length of the buffer it writes.
struct BoundedByteWriter: JSONByteSink {
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    /// How many bytes are written, from the buffer's start.
    private(set) var count = 0

    init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        self.buffer = buffer
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        precondition(count < buffer.count, "the JSON writer's buffer is smaller than its bound")
        buffer[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>) {
        precondition(bytes.count <= buffer.count - count, "the JSON writer's buffer is smaller than its bound")
        guard let source = bytes.baseAddress, let target = buffer.baseAddress else { return }
        (target + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    /// Appends an ASCII literal (`null`, `true`, `false`).
    @inline(__always)
    mutating func append(literal: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }
}

/// Why some bytes are not JSON, and where.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, in words.
    public var reason: String
    /// The zero-based byte offset where the problem was found.
    public var offset: Int
    /// The one-based line of ``offset``.
    public var line: Int
    /// The one-based column of ``offset``, counted in Unicode scalars.
    public var column: Int

    /// Creates an error at a known place.
    public init(reason: String, offset: Int, line: Int, column: Int) {
        self.reason = reason
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// Creates an error; `line` and `column` are computed from `offset` in `bytes`.
    package init(_ reason: String, at offset: Int, in bytes: UnsafeBufferPointer<UInt8>) {
        self.reason = reason
        self.offset = offset
        var line = 1, column = 1
        for byte in bytes[0..<min(offset, bytes.count)] {
            if byte == UInt8(ascii: "\n") {
                line += 1; column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        self.line = line
        self.column = column
    }

    /// `line L, column C: reason`.
    public var description: String { "line \(line), column \(column): \(reason)" }
}

/// Options for reading JSON text.
public struct JSONParsingOptions: Sendable, Equatable {
    /// The deepest nesting of arrays and objects accepted; deeper input is an error, not a crash.
    public var maximumDepth: Int

    /// Creates options. The default depth limit is 512.
    public init(maximumDepth: Int = 512) {
        self.maximumDepth = maximumDepth
    }
}

extension JSONValue {
    /// Parses JSON text (strict RFC 8259).
    ///
    /// Invalid UTF-8, lone surrogate escapes, duplicate object keys, trailing content and nesting
    /// deeper than `options.maximumDepth` are errors. A leading UTF-8 byte order mark is skipped.
    ///
    /// ```swift
    /// let event = try JSONValue(parsing: Array(#"{"orderId":"ord_4Q8ZK1T9"}"#.utf8))
    /// ```
    ///
    /// - Throws: ``JSONSyntaxError`` with the byte offset, line and column of the problem.
    /// - Complexity: O(*n*) in the number of bytes.
    public init(parsing bytes: some Collection<UInt8>, options: JSONParsingOptions = JSONParsingOptions()) throws(JSONSyntaxError) {
        let parse = { (buffer: UnsafeBufferPointer<UInt8>) in
            Result { () throws(JSONSyntaxError) -> JSONValue in try JSONValue.parse(buffer, options: options) }
        }
        if let result = bytes.withContiguousStorageIfAvailable(parse) {
            self = try result.get()
        } else {
            self = try Array(bytes).withUnsafeBufferPointer(parse).get()
        }
    }

    /// Parses JSON text from a string (strict RFC 8259).
    ///
    /// - Throws: ``JSONSyntaxError``.
    public init(parsing text: String, options: JSONParsingOptions = JSONParsingOptions()) throws(JSONSyntaxError) {
        var text = text
        self = try text.withUTF8 { buffer in
            Result { () throws(JSONSyntaxError) -> JSONValue in try JSONValue.parse(buffer, options: options) }
        }.get()
    }

    static func parse(_ buffer: UnsafeBufferPointer<UInt8>, options: JSONParsingOptions) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONByteParser(bytes: buffer, maximumDepth: options.maximumDepth)
        return try parser.parseDocument()
    }
}

/// A recursive-descent JSON parser over a contiguous byte buffer.
///
/// Not copyable: it owns its ``ScratchStack``s, which free their memory when it goes away.
package struct JSONByteParser: ~Copyable {
    let bytes: UnsafeBufferPointer<UInt8>
    let maximumDepth: Int
    package var index = 0
    package var depth = 0
    /// Scratch space for strings with escapes, reused across strings.
    package var scratch: [UInt8] = []
    /// Members and elements of the containers being parsed, so each finished container is
    /// allocated once at its exact size instead of growing.
    var memberStack = ScratchStack<JSONObject.Member>()
    var elementStack = ScratchStack<JSONValue>()

    package init(bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    mutating func parseDocument() throws(JSONSyntaxError) -> JSONValue {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard index == bytes.count else { throw error("unexpected content after the JSON value") }
        return value
    }

    package func error(_ reason: String, at offset: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(reason, at: offset ?? index, in: bytes)
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
        guard index < bytes.count else { throw error("unexpected end of input, expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        default: throw error("unexpected character \(describe(bytes[index])), expected a value")
        }
    }

    package func describe(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    package mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw error("invalid literal, expected \(literal)") }
        let base = literal.utf8Start
        for offset in 0..<count where bytes[index + offset] != base[offset] {
            throw error("invalid literal, expected \(literal)", at: index + offset)
        }
        index += count
    }

    package mutating func enterContainer() throws(JSONSyntaxError) {
        depth += 1
        if depth > maximumDepth { throw error("nesting deeper than \(maximumDepth) levels") }
    }

    mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
        try enterContainer()
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1; depth -= 1
            return .array([])
        }
        let base = elementStack.count
        while true {
            elementStack.append(try parseValue())
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input in an array, expected ',' or ']'") }
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: ",") {
                skipWhitespace()
                continue
            }
            if byte == UInt8(ascii: "]") { break }
            throw error("unexpected \(describe(byte)) in an array, expected ',' or ']'", at: index - 1)
        }
        depth -= 1
        return .array(elementStack.pop(from: base))
    }

    mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
        try enterContainer()
        index += 1
        skipWhitespace()
        let base = memberStack.count
        var seenKeys: Set<ExactString>? = nil
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1; depth -= 1
            return .object(JSONObject())
        }
        while true {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw error(index < bytes.count ? "expected a string key in an object" : "unexpected end of input in an object")
            }
            let keyOffset = index
            let key = try parseString()
            if memberStack.count - base < JSONObject.indexThreshold {
                for position in base..<memberStack.count where exactlyEqual(memberStack[position].key, key) {
                    throw error("duplicate key \"\(key)\" in an object", at: keyOffset)
                }
            } else {
                if seenKeys == nil { seenKeys = Set((base..<memberStack.count).map { ExactString(memberStack[$0].key) }) }
                guard seenKeys!.insert(ExactString(key)).inserted else { throw error("duplicate key \"\(key)\" in an object", at: keyOffset) }
            }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':' after an object key") }
            index += 1
            skipWhitespace()
            let value = try parseValue()
            memberStack.append((key, value))
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input in an object, expected ',' or '}'") }
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: ",") {
                skipWhitespace()
                continue
            }
            if byte == UInt8(ascii: "}") { break }
            throw error("unexpected \(describe(byte)) in an object, expected ',' or '}'", at: index - 1)
        }
        depth -= 1
        return .object(JSONObject(uniqueMembers: memberStack.pop(from: base)))
    }

    // MARK: Numbers

    mutating func parseNumber() throws(JSONSyntaxError) -> JSONNumber {
        let start = index
        let shape = try scanNumber()
        if shape.isInteger && shape.integerDigits <= 18 {
            let value = Int64(shape.magnitude)
            return JSONNumber(storage: .int(shape.negative ? -value : value))
        }
        return JSONNumber(validatedText: UnsafeBufferPointer(rebasing: bytes[start..<index]))
    }

    /// Checks a number against the JSON grammar (``JSONNumberGrammar``) and moves past it.
    @inline(__always)
    package mutating func scanNumber() throws(JSONSyntaxError) -> JSONNumberGrammar.Scan {
        let scan = JSONNumberGrammar.scan(bytes, from: index)
        index = scan.end
        if let failure = scan.failure { throw error(failure.message) }
        return scan
    }

    // MARK: Strings

    /// Parses a string starting at its opening quote.
    mutating func parseString() throws(JSONSyntaxError) -> String {
        index += 1
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                return String(decoding: slice, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { return try parseEscapedString(from: start) }
            if byte < 0x20 { throw error("unescaped control character in a string") }
            if byte >= 0x80 {
                index = try validateUTF8Sequence(at: index)
            } else {
                index += 1
            }
        }
        throw error("unterminated string", at: start - 1)
    }

    /// Continues a string that contains escapes, decoding into ``scratch``.
    mutating func parseEscapedString(from start: Int) throws(JSONSyntaxError) -> String {
        try decodeEscapedString(from: start)
        return String(decoding: scratch, as: UTF8.self)
    }

    /// Continues a string that started at `start` and has an escape at ``index``: decodes the
    /// whole string into ``scratch`` and moves past its closing quote.
    package mutating func decodeEscapedString(from start: Int) throws(JSONSyntaxError) {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { break }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): scratch.append(0x22)
                case UInt8(ascii: "\\"): scratch.append(0x5C)
                case UInt8(ascii: "/"): scratch.append(0x2F)
                case UInt8(ascii: "b"): scratch.append(0x08)
                case UInt8(ascii: "f"): scratch.append(0x0C)
                case UInt8(ascii: "n"): scratch.append(0x0A)
                case UInt8(ascii: "r"): scratch.append(0x0D)
                case UInt8(ascii: "t"): scratch.append(0x09)
                case UInt8(ascii: "u"): try appendUnicodeEscape()
                default: throw error("invalid escape '\\\(Character(Unicode.Scalar(escape)))' in a string", at: index - 2)
                }
            default:
                if byte < 0x20 { throw error("unescaped control character in a string") }
                if byte >= 0x80 {
                    let end = try validateUTF8Sequence(at: index)
                    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
                    index = end
                } else {
                    scratch.append(byte)
                    index += 1
                }
            }
        }
        throw error("unterminated string", at: start - 1)
    }

    mutating func readHex4() throws(JSONSyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("incomplete \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid hex digit in a \\u escape")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    mutating func appendUnicodeEscape() throws(JSONSyntaxError) {
        let escapeStart = index - 2
        var scalar = try readHex4()
        if scalar >= 0xD800 && scalar <= 0xDBFF {
            guard index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw error("lone high surrogate in a \\u escape", at: escapeStart)
            }
            index += 2
            let low = try readHex4()
            guard low >= 0xDC00 && low <= 0xDFFF else { throw error("lone high surrogate in a \\u escape", at: escapeStart) }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
            throw error("lone low surrogate in a \\u escape", at: escapeStart)
        }
        let unicodeScalar = Unicode.Scalar(scalar)!
        scratch.append(contentsOf: UTF8.encode(unicodeScalar)!)
    }

    /// Checks one multi-byte UTF-8 sequence at `start` and returns the offset after it.
    package func validateUTF8Sequence(at start: Int) throws(JSONSyntaxError) -> Int {
        let lead = bytes[start]
        let length: Int
        var minimum: UInt8 = 0x80, maximum: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; minimum = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; maximum = 0x9F
        case 0xF0: length = 4; minimum = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; maximum = 0x8F
        default: throw error("invalid UTF-8 byte 0x\(String(lead, radix: 16, uppercase: true))", at: start)
        }
        guard start + length <= bytes.count else { throw error("truncated UTF-8 sequence", at: start) }
        let second = bytes[start + 1]
        guard second >= minimum && second <= maximum else { throw error("invalid UTF-8 sequence", at: start) }
        for offset in 2..<max(2, length) where bytes[start + offset] & 0xC0 != 0x80 {
            throw error("invalid UTF-8 sequence", at: start)
        }
        return start + length
    }
}

/// A growable stack in manually managed memory, from which a finished container's elements are
/// moved (not copied) into an exactly sized array: one allocation per container, no reference
/// counting on the way.
///
/// Not copyable, so that exactly one owner frees the memory, in `deinit`, whether the parse
/// finished or threw: no copy can free it twice or use it after it is freed.
struct ScratchStack<Element>: ~Copyable {
    private var base: UnsafeMutablePointer<Element>?
    private var capacity = 0
    private(set) var count = 0

    subscript(position: Int) -> Element {
        base![position]
    }

    mutating func append(_ element: Element) {
        if count == capacity {
            let grown = Swift.max(16, capacity * 2)
            let storage = UnsafeMutablePointer<Element>.allocate(capacity: grown)
            if let base {
                storage.moveInitialize(from: base, count: count)
                base.deallocate()
            }
            base = storage
            capacity = grown
        }
        (base! + count).initialize(to: element)
        count += 1
    }

    /// Moves the elements from `start` to the top into a new array.
    mutating func pop(from start: Int) -> [Element] {
        let moved = count - start
        guard moved > 0, let base else { return [] }
        let result = [Element](unsafeUninitializedCapacity: moved) { buffer, initialized in
            buffer.baseAddress!.moveInitialize(from: base + start, count: moved)
            initialized = moved
        }
        count = start
        return result
    }

    /// Destroys what is left (after an error) and frees the memory.
    deinit {
        guard let base else { return }
        base.deinitialize(count: count)
        base.deallocate()
    }
}

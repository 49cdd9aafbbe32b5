import EventSchema
import Foundation

extension PayloadTree {
    /// Bytes (and an eighth as many nodes) reserved beyond the parsed payload, for upcasters' steps.
    static let roomForSteps = 256

    /// Parses JSON text (strict RFC 8259) into a tree, with the rules of
    /// `EventSchema.JSONValue.init(parsing:options:)`: invalid UTF-8, lone surrogate escapes,
    /// duplicate keys, trailing content and nesting deeper than `maximumDepth` are errors, with the
    /// same messages and offsets; a leading byte order mark is skipped.
    init(parsing input: UnsafeBufferPointer<UInt8>, maximumDepth: Int = 512) throws(JSONSyntaxError) {
        self.init()
        try parse(input, maximumDepth: maximumDepth)
    }

    /// Parses JSON text into this tree in place of what it held, as ``init(parsing:maximumDepth:)``
    /// does, keeping the buffers' storage: a reader that reads one payload after another on one
    /// thread allocates nothing once its buffers are large enough (see ``ReadBuffers``).
    ///
    /// On a failure the tree holds no nodes.
    mutating func parse(_ input: UnsafeBufferPointer<UInt8>, maximumDepth: Int = 512) throws(JSONSyntaxError) {
        // The parser writes its nodes straight into the tree's buffer, which has room for as many
        // as the text can hold (see ``maximumNodeCount(in:)``) and for what upcasters add.
        let bound = Self.maximumNodeCount(in: input)
        var outcome = ParseOutcome()
        nodes.removeAll(keepingCapacity: true)
        nodes.reserveCapacity(bound + Self.roomForSteps / 8)
        withUnsafeMutablePointer(to: &outcome) { outcome in
            nodes.append(contentsOf: ParsedNodes(input: input, bound: bound, maximumDepth: maximumDepth, outcome: outcome))
        }
        // Should the standard library ever append a sequence without its `_copyContents`, the
        // parse would not have run: stop rather than read a tree with no root.
        precondition(outcome.parsed, "Array.append(contentsOf:) did not hand ParsedNodes its storage")
        if let failure = outcome.failure {
            bytes.removeAll(keepingCapacity: true)
            throw failure
        }
        // Room for what upcasters add (converted values, new members), so that they do not regrow;
        // the input then takes the place of the bytes the last parse left, in one call.
        let needed = input.count + outcome.unescaped.count + Self.roomForSteps
        if bytes.capacity < needed {
            bytes = []
            bytes.reserveCapacity(needed)
        }
        bytes.replaceSubrange(bytes.startIndex..<bytes.endIndex, with: input)
        if !outcome.unescaped.isEmpty { bytes.append(contentsOf: outcome.unescaped) }
    }

    /// What a parse leaves beside its nodes.
    private struct ParseOutcome {
        /// Whether ``ParsedNodes`` parsed: the array handed it its storage.
        var parsed = false
        /// Why the text is not JSON, if it is not.
        var failure: JSONSyntaxError?
        /// The parser's ``PayloadTreeParser/unescaped`` bytes.
        var unescaped: [UInt8] = []
    }

    /// The nodes of a parse, as a sequence that `Array.append(contentsOf:)` hands the array's
    /// reserved storage to: the parser writes each node there itself, with no copy.
    ///
    /// Reserving the storage with `reserveCapacity` in this module, rather than with
    /// `Array(unsafeUninitializedCapacity:initializingWith:)`, keeps the array's storage type
    /// known here: that initializer allocates through an unspecialized call in the standard
    /// library, which looks the storage type up in the runtime's metadata cache on every parse.
    ///
    /// It implements `Sequence._copyContents(initializing:)`, a requirement the standard library
    /// underscores (its witness is part of `Sequence`'s ABI) and calls from `append(contentsOf:)`
    /// with the array's uninitialized tail. Why that is memory safe:
    /// - the parser writes only within the buffer it is handed, whose size is checked first
    ///   (a smaller one traps);
    /// - it returns how many nodes it initialized, all of them from the start, and none on a
    ///   failure; `Node` is `BitwiseCopyable`, so nodes written before a failure need no
    ///   deinitialization;
    /// - if the standard library stopped calling it, ``ParseOutcome/parsed`` stays `false` and the
    ///   parse traps rather than return a tree with no nodes (every read test would fail).
    private struct ParsedNodes: Sequence {
        let input: UnsafeBufferPointer<UInt8>
        /// How many nodes the parser may write: ``PayloadTree/maximumNodeCount(in:)``.
        let bound: Int
        let maximumDepth: Int
        /// Where the failure and the unescaped bytes go.
        let outcome: UnsafeMutablePointer<ParseOutcome>

        /// No node is known before parsing; the parse writes them all in ``_copyContents(initializing:)``.
        var underestimatedCount: Int { 0 }

        func makeIterator() -> EmptyCollection<Node>.Iterator {
            EmptyCollection.Iterator()
        }

        /// Parses into `buffer`, the array's reserved storage, and returns how many nodes it
        /// wrote: none when the text is not JSON (nodes hold no references, so nothing is left
        /// to release).
        func _copyContents(initializing buffer: UnsafeMutableBufferPointer<Node>) -> (EmptyCollection<Node>.Iterator, Int) {
            precondition(buffer.count >= bound, "the tree reserves room for maximumNodeCount(in:) nodes")
            outcome.pointee.parsed = true
            var parser = PayloadTreeParser(input: input, nodes: UnsafeMutableBufferPointer(rebasing: buffer[..<bound]), maximumDepth: maximumDepth)
            var written = 0
            do throws(JSONSyntaxError) {
                try parser.parseDocument()
                written = parser.nodeCount
            } catch {
                // A text that outgrows the room is malformed; its error is the one the value parser finds.
                outcome.pointee.failure = parser.ranOutOfRoom ? PayloadTree.syntaxError(of: input) ?? error : error
            }
            outcome.pointee.unescaped = parser.unescaped
            return (EmptyCollection.Iterator(), written)
        }
    }

    /// The most values `input` can hold, if it is JSON. Each value but the root is introduced by a
    /// `[`, `,` or `:` before it, and takes a byte of its own, so `n` values take at least `2n - 1`
    /// bytes: half the length is a bound, found at no cost. For a text over 64 KiB, whose buffer
    /// that bound would make needlessly large, the introducing bytes are counted instead (those in
    /// strings too, which only overestimates).
    static func maximumNodeCount(in input: UnsafeBufferPointer<UInt8>) -> Int {
        guard input.count > 1 << 16 else { return input.count / 2 + 1 }
        var count = 1
        for byte in input where byte == UInt8(ascii: ",") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "[") {
            count += 1
        }
        return count
    }

    /// The error the `EventSchema.JSONValue` parser reports for `input`, or `nil` if it is JSON.
    static func syntaxError(of input: UnsafeBufferPointer<UInt8>) -> JSONSyntaxError? {
        do {
            _ = try JSONValue(parsing: input)
            return nil
        } catch {
            return error
        }
    }

    /// Parses the bytes of `payload` into a tree.
    init(parsing payload: some Collection<UInt8>) throws(JSONSyntaxError) {
        self.init()
        try parse(payload)
    }

    /// Parses the bytes of `payload` into this tree in place of what it held, keeping its storage.
    ///
    /// An `Array` or `Data` payload, told apart by comparing metadata, goes straight to its
    /// bytes: in code not specialized for the payload's type (a public read called from another
    /// module), `withContiguousStorageIfAvailable` is a dynamic call with two closures, about 160
    /// instructions a read.
    mutating func parse<Payload: Collection<UInt8>>(_ payload: Payload) throws(JSONSyntaxError) {
        if Payload.self == [UInt8].self {
            return try unsafeBitCast(payload, to: [UInt8].self).withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in
                try parse(buffer)
            }
        }
        if Payload.self == Data.self {
            return try unsafeBitCast(payload, to: Data.self).withUnsafeBytes { raw in
                Result { () throws(JSONSyntaxError) in try parse(raw.bindMemory(to: UInt8.self)) }
            }.get()
        }
        let parsed = payload.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONSyntaxError) in try parse(buffer) }
        }
        if let parsed {
            try parsed.get()
        } else {
            try Array(payload).withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in try parse(buffer) }
        }
    }
}

/// A recursive-descent parser that records nodes instead of building values.
///
/// Strings without escapes and numbers become ranges of the input; a string with escapes is
/// decoded into ``unescaped``, which the tree appends after the input. The cursor, literals,
/// numbers, escapes, UTF-8 checks and errors are ``JSONByteParser``'s, so both parsers accept and
/// refuse the same text with the same messages.
private struct PayloadTreeParser: ~Copyable {
    /// The JSON text.
    let input: UnsafeBufferPointer<UInt8>
    /// Where the nodes go, the root first: room for as many as the input can hold.
    let nodes: UnsafeMutableBufferPointer<PayloadTree.Node>
    /// How many nodes there are so far.
    var nodeCount = 0
    /// Whether the parse stopped because the text held more values than JSON text can.
    var ranOutOfRoom = false
    /// The decoded text of strings with escapes; the tree appends it after the input.
    var unescaped: [UInt8] = []
    /// The cursor and the scanning shared with the `JSONValue` parser.
    var scanner: JSONByteParser
    /// The deepest nesting allowed, as the scanner has it: see ``enterContainer()``.
    let maximumDepth: Int

    /// Where the parser is in ``input``.
    var index: Int {
        get { scanner.index }
        set { scanner.index = newValue }
    }

    /// A parser of `input` that writes its nodes into `nodes`, which has room for
    /// ``PayloadTree/maximumNodeCount(in:)`` of them.
    init(input: UnsafeBufferPointer<UInt8>, nodes: UnsafeMutableBufferPointer<PayloadTree.Node>, maximumDepth: Int) {
        self.input = input
        self.nodes = nodes
        scanner = JSONByteParser(bytes: input, maximumDepth: maximumDepth)
        self.maximumDepth = maximumDepth
    }

    /// An error at `offset` (default: here), with the line and column the JSON parser gives.
    func error(_ reason: String, at offset: Int? = nil) -> JSONSyntaxError {
        scanner.error(reason, at: offset ?? index)
    }

    /// Parses the whole input: one value, whitespace around it, an optional byte order mark first.
    mutating func parseDocument() throws(JSONSyntaxError) {
        if input.count >= 3, input[0] == 0xEF, input[1] == 0xBB, input[2] == 0xBF { index = 3 }
        skipWhitespace()
        _ = try parseValue(in: PayloadTree.none)
        skipWhitespace()
        guard index == input.count else { throw error("unexpected content after the JSON value") }
    }

    /// Moves past JSON whitespace.
    @inline(__always)
    mutating func skipWhitespace() {
        while index < input.count {
            switch input[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// Appends a node of `kind` with text at `start` (for strings and numbers) under `parent`.
    ///
    /// - Throws: when the nodes' room is full, which JSON text never causes (see
    ///   ``PayloadTree/maximumNodeCount(in:)``): only a malformed text, such as many unclosed `[`,
    ///   can. ``ranOutOfRoom`` is then set, and the caller reports the text's own syntax error.
    @inline(__always)
    mutating func add(_ kind: PayloadTree.Kind, start: Int = 0, count: Int = 0, in parent: Int) throws(JSONSyntaxError) -> Int {
        var node = PayloadTree.Node(kind: kind)
        node.text = PayloadTree.ByteRange(start: start, count: count)
        node.parent = parent
        guard nodeCount < nodes.count else {
            ranOutOfRoom = true
            throw error("more values than the text can hold")
        }
        nodes.initializeElement(at: nodeCount, to: node)
        nodeCount += 1
        return nodeCount - 1
    }

    /// Parses the value at ``index`` into a node under `parent` (and its children) and returns it.
    mutating func parseValue(in parent: Int) throws(JSONSyntaxError) -> Int {
        guard index < input.count else { throw error("unexpected end of input, expected a value") }
        switch input[index] {
        case UInt8(ascii: "\""):
            let text = try parseString()
            return try add(.string, start: text.start, count: text.count, in: parent)
        case UInt8(ascii: "{"): return try parseObject(in: parent)
        case UInt8(ascii: "["): return try parseArray(in: parent)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = index
            // The shared grammar; the tree keeps the text, so only the end is used (nothing is
            // added up once the scan is inlined).
            let number = JSONNumberGrammar.scan(input, from: start)
            if number.failure == nil {
                index = number.end
            } else {
                _ = try scanner.scanNumber()  // throws the shared parser's error for the malformed number
            }
            return try add(.number, start: start, count: index - start, in: parent)
        case UInt8(ascii: "t"): try scanner.expectLiteral("true"); return try add(.true, in: parent)
        case UInt8(ascii: "f"): try scanner.expectLiteral("false"); return try add(.false, in: parent)
        case UInt8(ascii: "n"): try scanner.expectLiteral("null"); return try add(.null, in: parent)
        default: throw error("unexpected character \(scanner.describe(input[index])), expected a value")
        }
    }

    /// Counts a container entered: inline while the nesting is below the maximum; at the maximum,
    /// the shared parser's check, which throws its own error (the call costs about 20
    /// instructions, five times a payload).
    @inline(__always)
    mutating func enterContainer() throws(JSONSyntaxError) {
        if scanner.depth < maximumDepth {
            scanner.depth &+= 1
        } else {
            try scanner.enterContainer()
        }
    }

    /// Parses an array starting at its `[`.
    mutating func parseArray(in parent: Int) throws(JSONSyntaxError) -> Int {
        try enterContainer()
        let array = try add(.array, in: parent)
        index += 1
        skipWhitespace()
        if index < input.count, input[index] == UInt8(ascii: "]") {
            index += 1; scanner.depth -= 1
            return array
        }
        var last = PayloadTree.none
        while true {
            let element = try parseValue(in: array)
            if last == PayloadTree.none { nodes[array].firstChild = element } else { nodes[last].nextSibling = element }
            last = element
            skipWhitespace()
            guard index < input.count else { throw error("unexpected end of input in an array, expected ',' or ']'") }
            let byte = input[index]
            index += 1
            if byte == UInt8(ascii: ",") {
                skipWhitespace()
                continue
            }
            if byte == UInt8(ascii: "]") { break }
            throw error("unexpected \(scanner.describe(byte)) in an array, expected ',' or ']'", at: index - 1)
        }
        scanner.depth -= 1
        return array
    }

    /// Parses an object starting at its `{`; a key seen twice is an error.
    mutating func parseObject(in parent: Int) throws(JSONSyntaxError) -> Int {
        try enterContainer()
        let object = try add(.object, in: parent)
        index += 1
        skipWhitespace()
        if index < input.count, input[index] == UInt8(ascii: "}") {
            index += 1; scanner.depth -= 1
            return object
        }
        var last = PayloadTree.none
        var keys = ObjectKeys()
        while true {
            guard index < input.count, input[index] == UInt8(ascii: "\"") else {
                throw error(index < input.count ? "expected a string key in an object" : "unexpected end of input in an object")
            }
            let keyOffset = index
            let key = try parseString()
            // Most keys are new by their mark alone: checked here, inline; the rest take the call.
            guard keys.insertByMark(key, input: input)
                    || keys.insert(key, among: nodes[object].firstChild, nodes: nodes, input: input, unescaped: unescaped) else {
                throw error("duplicate key \"\(String(decoding: bytes(key), as: UTF8.self))\" in an object", at: keyOffset)
            }
            skipWhitespace()
            guard index < input.count, input[index] == UInt8(ascii: ":") else { throw error("expected ':' after an object key") }
            index += 1
            skipWhitespace()
            let member = try parseValue(in: object)
            nodes[member].key = key
            if last == PayloadTree.none { nodes[object].firstChild = member } else { nodes[last].nextSibling = member }
            last = member
            skipWhitespace()
            guard index < input.count else { throw error("unexpected end of input in an object, expected ',' or '}'") }
            let byte = input[index]
            index += 1
            if byte == UInt8(ascii: ",") {
                skipWhitespace()
                continue
            }
            if byte == UInt8(ascii: "}") { break }
            throw error("unexpected \(scanner.describe(byte)) in an object, expected ',' or '}'", at: index - 1)
        }
        scanner.depth -= 1
        return object
    }

    /// The bytes of a key or string value: in the input, or (after the input) in ``unescaped``.
    func bytes(_ range: PayloadTree.ByteRange) -> [UInt8] {
        Self.bytes(range, input: input, unescaped: unescaped)
    }

    /// The bytes at `range` of `input` followed by `unescaped`.
    static func bytes(_ range: PayloadTree.ByteRange, input: UnsafeBufferPointer<UInt8>, unescaped: [UInt8]) -> [UInt8] {
        let start = range.start, end = range.start + range.count
        if start >= input.count { return Array(unescaped[(start - input.count)..<(end - input.count)]) }
        return Array(input[start..<end])
    }

    /// The keys of the object being parsed, to find one seen twice.
    ///
    /// Its methods take the parser's buffers as arguments: a call from one of the parser's
    /// mutating methods to one of its non-mutating ones copies the whole parser first.
    struct ObjectKeys {
        /// How many keys there are.
        var count = 0
        /// While there are few keys, the mark of each (see ``mark(of:input:unescaped:)``).
        var marks: UInt64 = 0
        /// Once there are many, the keys themselves.
        var seen: Set<[UInt8]>? = nil

        /// Adds `key` and returns `true`, or returns `false` when it is already among the members
        /// from `first`. While there are few keys, a key whose mark no earlier key has is new at
        /// once; otherwise it is compared with each member. Past `JSONObject.indexThreshold`
        /// keys, they go into a set.
        mutating func insert(_ key: PayloadTree.ByteRange, among first: Int, nodes: UnsafeMutableBufferPointer<PayloadTree.Node>,
                             input: UnsafeBufferPointer<UInt8>, unescaped: [UInt8]) -> Bool {
            defer { count += 1 }
            if count < JSONObject.indexThreshold {
                let mark = Self.mark(of: key, input: input, unescaped: unescaped)
                defer { marks |= mark }
                guard marks & mark != 0 else { return true }
                var member = first
                while member != PayloadTree.none {
                    if Self.sameKey(nodes[member].key, key, input: input, unescaped: unescaped) { return false }
                    member = nodes[member].nextSibling
                }
                return true
            }
            if seen == nil {
                var keys = Set<[UInt8]>()
                var member = first
                while member != PayloadTree.none {
                    keys.insert(PayloadTreeParser.bytes(nodes[member].key, input: input, unescaped: unescaped))
                    member = nodes[member].nextSibling
                }
                seen = keys
            }
            return seen!.insert(PayloadTreeParser.bytes(key, input: input, unescaped: unescaped)).inserted
        }

        /// Adds `key` and returns `true` when its mark alone shows it is new: while there are few
        /// keys, for a non-empty key in `input` (not unescaped) whose mark no earlier key has.
        /// Otherwise returns `false` and changes nothing, and ``insert(_:among:nodes:input:unescaped:)``
        /// decides. Inlined into the object loop, so that the common key costs no call.
        @inline(__always)
        mutating func insertByMark(_ key: PayloadTree.ByteRange, input: UnsafeBufferPointer<UInt8>) -> Bool {
            guard count < JSONObject.indexThreshold, key.count > 0, key.start &+ key.count <= input.count,
                  let base = input.baseAddress else { return false }
            let first = Int(base[key.start]), last = Int(base[key.start &+ key.count &- 1])
            let mark: UInt64 = 1 << UInt64((key.count &+ first &* 7 &+ last &* 13) & 63)
            guard marks & mark == 0 else { return false }
            marks |= mark
            count += 1
            return true
        }

        /// The byte at `offset` of `input` followed by `unescaped`.
        @inline(__always)
        static func byte(at offset: Int, input: UnsafeBufferPointer<UInt8>, unescaped: [UInt8]) -> UInt8 {
            offset < input.count ? input[offset] : unescaped[offset - input.count]
        }

        /// Whether two keys are the same bytes.
        @inline(__always)
        static func sameKey(_ a: PayloadTree.ByteRange, _ b: PayloadTree.ByteRange, input: UnsafeBufferPointer<UInt8>,
                            unescaped: [UInt8]) -> Bool {
            guard a.count == b.count else { return false }
            if a.start + a.count <= input.count, b.start + b.count <= input.count, let base = input.baseAddress {
                return equalBytes(base + a.start, base + b.start, count: a.count)
            }
            for offset in 0..<a.count
            where byte(at: a.start + offset, input: input, unescaped: unescaped) != byte(at: b.start + offset, input: input, unescaped: unescaped) {
                return false
            }
            return true
        }

        /// One of 64 bits for `key`, from its length and its first and last bytes: keys with
        /// different marks differ, so a key whose mark no earlier key has is new without comparing.
        @inline(__always)
        static func mark(of key: PayloadTree.ByteRange, input: UnsafeBufferPointer<UInt8>, unescaped: [UInt8]) -> UInt64 {
            guard key.count > 0 else { return 1 }
            let first = Int(byte(at: key.start, input: input, unescaped: unescaped))
            let last = Int(byte(at: key.start + key.count - 1, input: input, unescaped: unescaped))
            return 1 << UInt64((key.count &+ first &* 7 &+ last &* 13) & 63)
        }
    }

    /// Parses a string starting at its opening quote; returns the range of its UTF-8.
    ///
    /// Inlined where keys and string values are read: the common string, ASCII without escapes,
    /// is scanned eight bytes at a time to its closing quote with no call. At any other byte that
    /// needs a look (or within eight bytes of the input's end), ``continueString(from:at:)`` goes
    /// on from there.
    @inline(__always)
    mutating func parseString() throws(JSONSyntaxError) -> PayloadTree.ByteRange {
        let start = index &+ 1
        var position = start
        if let base = input.baseAddress {
            position = Self.plainBytesEnd(base, from: start, count: input.count)
            if position < input.count, base[position] == UInt8(ascii: "\"") {
                index = position &+ 1
                return PayloadTree.ByteRange(start: start, count: position &- start)
            }
        }
        return try continueString(from: start, at: position)
    }

    /// Goes on with the string that starts at `start` (after its opening quote) from `position`,
    /// as far as ``parseString()`` scanned it; returns the range of its UTF-8.
    ///
    /// The scan keeps its position in a local variable, written back to ``index`` where it
    /// leaves, so that it is not stored through the parser on every step.
    @inline(never)
    mutating func continueString(from start: Int, at position: Int) throws(JSONSyntaxError) -> PayloadTree.ByteRange {
        // (The input has the opening quote, so it has an address.)
        guard let base = input.baseAddress else { throw error("unterminated string", at: start - 1) }
        let count = input.count
        var position = position
        while position < count {
            // Eight bytes at a time where there are eight: straight to the first byte that needs
            // a look, or past all eight. The input's last few bytes go one at a time.
            position = Self.plainBytesEnd(base, from: position, count: count)
            guard position < count else { break }
            let byte = base[position]
            if byte == UInt8(ascii: "\"") {
                index = position + 1
                return PayloadTree.ByteRange(start: start, count: position - start)
            }
            if byte == UInt8(ascii: "\\") {
                index = position
                return try parseEscapedString(from: start)
            }
            if byte < 0x20 { throw error("unescaped control character in a string", at: position) }
            if byte >= 0x80 {
                position = try scanner.validateUTF8Sequence(at: position)
            } else {
                position += 1
            }
        }
        throw error("unterminated string", at: start - 1)
    }

    /// The position of the first byte from `position` that needs a look (see
    /// ``bytesNeedingALook(_:)``), eight bytes at a time; where fewer than eight bytes are left
    /// before `count`, the position of the first of them, which may or may not need one.
    @inline(__always)
    static func plainBytesEnd(_ base: UnsafePointer<UInt8>, from position: Int, count: Int) -> Int {
        var position = position
        while position &+ 8 <= count {
            let flagged = bytesNeedingALook(UInt64(littleEndian: UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)))
            guard flagged != 0 else {
                position &+= 8
                continue
            }
            return position &+ flagged.trailingZeroBitCount >> 3
        }
        return position
    }

    /// A word whose lowest set bit is the high bit of the first byte of `word` (in memory order,
    /// the first byte lowest) that is a quote, a backslash, a control character or not ASCII; zero
    /// when no byte is one. Bits above the first are not exact: a subtraction borrows out of a
    /// flagged byte into the bytes after it, so only the lowest set bit is to be read.
    ///
    /// The classic test for a zero byte, `(x - 0x01…) & ~x`, on the word xored with a quote and
    /// with a backslash: a byte's high bit is set when it was zero, unless a byte before it
    /// borrowed, which only a flagged byte does; `(word - 0x20…) & ~word` likewise flags the bytes
    /// below 0x20, and `word` itself the bytes from 0x80.
    @inline(__always)
    static func bytesNeedingALook(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quotes = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
        let backslashes = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
        let isQuote = (quotes &- ones) & ~quotes
        let isBackslash = (backslashes &- ones) & ~backslashes
        let isControl = (word &- ones &* 0x20) & ~word
        return (isQuote | isBackslash | isControl | word) & (ones &* 0x80)
    }

    /// Continues a string that has escapes, decoding it into ``unescaped``.
    mutating func parseEscapedString(from start: Int) throws(JSONSyntaxError) -> PayloadTree.ByteRange {
        try scanner.decodeEscapedString(from: start)
        let decodedStart = input.count + unescaped.count
        unescaped.append(contentsOf: scanner.scratch)
        return PayloadTree.ByteRange(start: decodedStart, count: scanner.scratch.count)
    }
}

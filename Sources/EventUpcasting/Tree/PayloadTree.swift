import EventSchema

/// A JSON payload held in two flat buffers, its nodes and its bytes: the read path's working form.
///
/// `JSONValue` is a tree of reference-counted values, so every container and every long string
/// is an allocation and every step that touches it pays for reference counting. On the read path
/// (stored bytes, upcast, typed struct) a payload lives for microseconds, so it is parsed into a
/// `PayloadTree` instead: two arrays per event, whatever the payload's shape. Upcaster steps relink
/// nodes in place and ``JSONValueDecoder`` decodes from it.
///
/// Strings and numbers stay byte ranges, a string's unescaped UTF-8 and a number's text exactly as
/// written, so every value survives bit for bit. A value a step adds or converts appends its bytes.
/// Node 0 is the root; unlinked nodes stay in the buffer until the tree is dropped.
@usableFromInline
struct PayloadTree {
    /// What a node holds.
    @usableFromInline
    enum Kind: UInt8, BitwiseCopyable {
        case null, `false`, `true`, number, string, array, object

        /// The kind as `JSONValue.Kind` names it, for messages.
        var valueKind: JSONValue.Kind {
            switch self {
            case .null: .null
            case .false, .true: .boolean
            case .number: .number
            case .string: .string
            case .array: .array
            case .object: .object
            }
        }
    }

    /// One value, linked to its first child and its next sibling.
    ///
    /// Plain data (`BitwiseCopyable`, checked by the compiler): the parser writes nodes straight
    /// into uninitialized storage and may leave written ones behind on a failure.
    @usableFromInline
    struct Node: BitwiseCopyable {
        @usableFromInline
        var kind: Kind
        /// The member's key, for a member of an object: a range of ``PayloadTree/bytes``.
        var key = ByteRange()
        /// A string's unescaped UTF-8 or a number's text; unused by the other kinds.
        var text = ByteRange()
        /// The first element or member of an array or object.
        @usableFromInline
        var firstChild = PayloadTree.none
        /// The next element or member of the same parent.
        @usableFromInline
        var nextSibling = PayloadTree.none
        /// The array or object this node is in; ``PayloadTree/none`` for the root and unlinked nodes.
        /// Only errors read it, to name the JSON pointer of a value.
        var parent = PayloadTree.none

        init(kind: Kind, text: ByteRange = ByteRange()) {
            self.kind = kind
            self.text = text
        }
    }

    /// A range of ``PayloadTree/bytes``.
    struct ByteRange: BitwiseCopyable, Equatable {
        var start: Int = 0
        var count: Int = 0
    }

    /// "No node", at the end of a sibling chain or for an empty container.
    @usableFromInline
    static let none: Int = -1
    /// The root node's index.
    static let root: Int = 0

    /// The nodes; the root first.
    var nodes: [Node]
    /// The bytes the nodes' keys and texts refer to.
    var bytes: [UInt8]
    /// Bytes of ``bytes`` that nothing refers to yet, where the upcaster steps' conversions on
    /// bytes write their text in place (see ``run(_:)``); empty outside a run.
    var spareRoom = ByteRange()

    // MARK: Building

    /// An empty tree, with no root yet: for ``parse(_:maximumDepth:)``.
    init() {
        nodes = []
        bytes = []
    }

    /// Drops the buffers' storage when it grew beyond `limit` bytes (for a large payload), so that
    /// a tree kept between reads holds only what a usual payload needs.
    mutating func releaseStorage(beyond limit: Int) {
        if nodes.capacity * MemoryLayout<Node>.stride > limit { nodes = [] }
        if bytes.capacity > limit { bytes = [] }
    }

    /// A tree holding `value`.
    init(_ value: JSONValue) {
        nodes = []
        bytes = []
        // Room for an event payload of a few dozen values, so that building one does not regrow.
        nodes.reserveCapacity(64)
        bytes.reserveCapacity(1024)
        _ = append(value)
    }

    /// Appends `text`'s UTF-8 to the bytes and returns where.
    mutating func appendBytes(_ text: String) -> ByteRange {
        let start = bytes.count
        bytes.append(contentsOf: text.utf8)
        return ByteRange(start: start, count: bytes.count - start)
    }

    /// Appends the decimal digits of `value` (with `-` when negative) and returns where: the text
    /// `JSONNumber` gives an integer, written without making a `String`.
    mutating func appendDigits(_ value: Int64) -> ByteRange {
        // Written backwards into 24 bytes on the stack (Int64.min takes 20: 19 digits and a sign),
        // then appended at once.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        return withUnsafeMutableBytes(of: &digits) { buffer in
            var position = buffer.count
            var magnitude = value.magnitude
            repeat {
                position -= 1
                buffer[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 {
                position -= 1
                buffer[position] = UInt8(ascii: "-")
            }
            let start = bytes.count
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[position...]))
            return ByteRange(start: start, count: buffer.count - position)
        }
    }

    /// Appends an unlinked node and returns its index.
    @inline(__always)
    mutating func appendNode(_ node: Node) -> Int {
        nodes.append(node)
        return nodes.count - 1
    }

    /// Appends the nodes of `value`, unlinked, and returns the index of its top node.
    mutating func append(_ value: JSONValue) -> Int {
        switch value {
        case .null: return appendNode(Node(kind: .null))
        case .bool(let flag): return appendNode(Node(kind: flag ? .true : .false))
        case .number(let number):
            if let integer = number.storedInt64 { return appendNode(Node(kind: .number, text: appendDigits(integer))) }
            return appendNode(Node(kind: .number, text: appendBytes(number.description)))
        case .string(let text): return appendNode(Node(kind: .string, text: appendBytes(text)))
        case .array(let elements):
            let array = appendNode(Node(kind: .array))
            var last = Self.none
            for element in elements {
                let child = append(element)
                link(child, after: last, in: array)
                last = child
            }
            return array
        case .object(let object):
            let container = appendNode(Node(kind: .object))
            var last = Self.none
            for (key, member) in object {
                let child = append(member)
                nodes[child].key = appendBytes(key)
                link(child, after: last, in: container)
                last = child
            }
            return container
        }
    }

    /// Links `child` after `previous` (or first, when `previous` is ``none``) under `parent`.
    @inline(__always)
    mutating func link(_ child: Int, after previous: Int, in parent: Int) {
        nodes[child].parent = parent
        if previous == Self.none {
            nodes[child].nextSibling = nodes[parent].firstChild
            nodes[parent].firstChild = child
        } else {
            nodes[child].nextSibling = nodes[previous].nextSibling
            nodes[previous].nextSibling = child
        }
    }

    /// Unlinks `child`, which follows `previous` (or is first, when `previous` is ``none``) under `parent`.
    @inline(__always)
    mutating func unlink(_ child: Int, after previous: Int, in parent: Int) {
        let next = nodes[child].nextSibling
        if previous == Self.none {
            nodes[parent].firstChild = next
        } else {
            nodes[previous].nextSibling = next
        }
        nodes[child].nextSibling = Self.none
    }

    /// Makes `target` hold the value of `source` (kind, text, children), keeping its own key and
    /// place among its siblings. Nothing changes when they are the same node: a conversion done on
    /// bytes changes its node in place and returns it.
    @inline(__always)
    mutating func overwriteValue(of target: Int, with source: Int) {
        guard target != source else { return }
        let value = nodes[source]
        nodes[target].kind = value.kind
        nodes[target].text = value.text
        nodes[target].firstChild = value.firstChild
        var child = value.firstChild
        while child != Self.none {
            nodes[child].parent = target
            child = nodes[child].nextSibling
        }
    }

    /// A copy of `node`'s value and everything under it, unlinked and without a key. A value with
    /// nothing under it (a scalar, such as the example's copied `currency`) is copied inline, with
    /// no call; ``deepCopyTree(_:)`` copies the rest.
    @inline(__always)
    mutating func deepCopy(_ node: Int) -> Int {
        var copy = nodes[node]
        guard copy.firstChild == Self.none else { return deepCopyTree(node) }
        copy.key = ByteRange()
        copy.nextSibling = Self.none
        copy.parent = Self.none
        return appendNode(copy)
    }

    /// ``deepCopy(_:)`` of any value, children and all.
    mutating func deepCopyTree(_ node: Int) -> Int {
        var copy = nodes[node]
        copy.key = ByteRange()
        copy.nextSibling = Self.none
        copy.firstChild = Self.none
        copy.parent = Self.none
        let result = appendNode(copy)
        var child = nodes[node].firstChild
        var last = Self.none
        while child != Self.none {
            let childCopy = deepCopyTree(child)
            nodes[childCopy].key = nodes[child].key
            link(childCopy, after: last, in: result)
            last = childCopy
            child = nodes[child].nextSibling
        }
        return result
    }

    // MARK: Reading

    /// Runs `body` with a reader over the nodes and bytes.
    func withReader<Result, Failure: Error>(_ body: (NodeReader) throws(Failure) -> Result) throws(Failure) -> Result {
        try nodes.withUnsafeBufferPointer { nodes throws(Failure) in
            try bytes.withUnsafeBufferPointer { bytes throws(Failure) in try body(NodeReader(nodes: nodes, bytes: bytes)) }
        }
    }

    /// The member of `object` whose key is `keyBytes` (or ``none``) and the member before it (or
    /// ``none``); when there is no such member, the last member.
    func member(of object: Int, keyBytes key: UnsafeBufferPointer<UInt8>) -> (previous: Int, member: Int) {
        withReader { $0.member(of: object, keyBytes: key) }
    }

    /// The text at `range`, as a string.
    func string(_ range: ByteRange) -> String {
        withReader { $0.string(range) }
    }

    /// The number at `node`, which is a number node.
    func number(_ node: Int) -> JSONNumber {
        withReader { $0.number(node) }
    }

    /// The value at `node` and under it, as a `JSONValue`.
    func value(at node: Int) -> JSONValue {
        withReader { $0.value(at: node) }
    }

    /// The whole payload as a `JSONValue`.
    var value: JSONValue { value(at: Self.root) }
}

/// Reads a tree's nodes and bytes through pointers: what a ``PayloadTree`` and the decoder's copy
/// of one share, so that finding a member or reading a text is written once.
@usableFromInline
struct NodeReader {
    @usableFromInline
    let nodes: UnsafeBufferPointer<PayloadTree.Node>
    let bytes: UnsafeBufferPointer<UInt8>

    /// The bytes at `range`.
    @inline(__always)
    func text(_ range: PayloadTree.ByteRange) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[range.start..<range.start + range.count])
    }

    /// The text at `range`, as a string.
    @inline(__always)
    func string(_ range: PayloadTree.ByteRange) -> String {
        String(decoding: text(range), as: UTF8.self)
    }

    /// The number at `node`, which is a number node.
    func number(_ node: Int) -> JSONNumber {
        JSONNumber(validatedText: text(nodes[node].text))
    }

    /// The value at `node` and under it, as a `JSONValue`.
    func value(at node: Int) -> JSONValue {
        let current = nodes[node]
        switch current.kind {
        case .null: return .null
        case .false: return .bool(false)
        case .true: return .bool(true)
        case .number: return .number(number(node))
        case .string: return .string(string(current.text))
        case .array:
            var elements: [JSONValue] = []
            var child = current.firstChild
            while child != PayloadTree.none {
                elements.append(value(at: child))
                child = nodes[child].nextSibling
            }
            return .array(elements)
        case .object:
            var members: [JSONObject.Member] = []
            var child = current.firstChild
            while child != PayloadTree.none {
                members.append((string(nodes[child].key), value(at: child)))
                child = nodes[child].nextSibling
            }
            return .object(JSONObject(uniqueMembers: members))
        }
    }

    /// Whether the bytes at `range` are `key`.
    @inline(__always)
    func keyEquals(_ range: PayloadTree.ByteRange, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard range.count == key.count else { return false }
        guard let keyStart = key.baseAddress, let base = bytes.baseAddress else { return key.isEmpty }
        return equalBytes(UnsafeRawPointer(base + range.start), UnsafeRawPointer(keyStart), count: key.count)
    }

    /// The member of `object` whose key is `key` (or ``PayloadTree/none``) and the member before it
    /// (or ``PayloadTree/none``); when there is no such member, the last member.
    @usableFromInline
    func member(of object: Int, keyBytes key: UnsafeBufferPointer<UInt8>) -> (previous: Int, member: Int) {
        var previous = PayloadTree.none
        var child = nodes[object].firstChild
        while child != PayloadTree.none {
            if keyEquals(nodes[child].key, key) { return (previous, child) }
            previous = child
            child = nodes[child].nextSibling
        }
        return (previous, PayloadTree.none)
    }

    /// One step from a container to a value in it.
    enum PathStep {
        /// A member of an object, by its key.
        case key(String)
        /// An element of an array, by its position.
        case index(Int)
    }

    /// The steps from the root to `node`: a key per object and a position per array. Read off the
    /// parent links, only when an error names a value.
    func path(of node: Int) -> [PathStep] {
        var steps: [PathStep] = []
        var current = node
        while case let parent = nodes[current].parent, parent != PayloadTree.none {
            if nodes[parent].kind == .object {
                steps.append(.key(string(nodes[current].key)))
            } else {
                var position = 0
                var child = nodes[parent].firstChild
                while child != current && child != PayloadTree.none {
                    position += 1
                    child = nodes[child].nextSibling
                }
                steps.append(.index(position))
            }
            current = parent
        }
        return steps.reversed()
    }

    /// The JSON pointer of `node`.
    func pointer(of node: Int) -> JSONPointer {
        JSONPointer(tokens: path(of: node).map { step in
            switch step {
            case .key(let key): key
            case .index(let position): String(position)
            }
        })
    }
}

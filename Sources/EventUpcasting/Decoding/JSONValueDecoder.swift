import EventSchema
import Foundation

/// Decodes `Decodable` values straight from a `JSONValue`.
///
/// This is the last step of the read path — bytes, then `JSONValue`, then upcasting, then a typed
/// struct — so it works on the value in place: no `JSONSerialization`, no re-serialising, no `Any`.
/// Numbers convert exactly: an `Int64` field reads `1234567890123456789` bit for bit, a `Decimal`
/// field reads `199.99` as written, and a value that does not fit is an error naming its JSON pointer.
///
/// ```swift
/// struct Money: Decodable { var minorUnits: Int64; var currency: String }
/// let value = try JSONValue(parsing: #"{"minorUnits": 19999, "currency": "EUR"}"#)
/// let money = try JSONValueDecoder().decode(Money.self, from: value)
/// ```
///
/// Conversions are strict: `Bool` reads only JSON booleans, `String` only strings, integers only
/// numbers with an integer value (`1.0` is one, `1.5` is not). `Double` and `Float` read any finite
/// number, to the nearest representable value. `Date` follows ``dateDecodingStrategy``, `URL` reads a
/// string and `Data` a base64 string.
public struct JSONValueDecoder: Sendable {
    /// How `Date` values are read.
    public enum DateDecodingStrategy: Sendable {
        /// An RFC 3339 date-time string such as `2024-05-01T12:30:00Z` or
        /// `2024-05-01T14:30:00.123456+02:00`, read by `RFC3339Timestamp` as `format: date-time`
        /// reads it: fractional seconds of any precision (kept to the nanosecond, as far as `Date`
        /// holds it), `Z` or a `±hh:mm` offset, a leap second only at 23:59:60 UTC (read as the
        /// following second).
        case rfc3339
        /// A number of seconds since 1970-01-01T00:00:00Z.
        case secondsSince1970
        /// A number of milliseconds since 1970-01-01T00:00:00Z.
        case millisecondsSince1970
    }

    /// How `Date` is read. Defaults to ``DateDecodingStrategy/rfc3339``.
    public var dateDecodingStrategy: DateDecodingStrategy = .rfc3339

    /// Values handed to every `init(from:)` as `Decoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    /// Creates a decoder with the default options.
    public init() {}

    /// Decodes a value of `type` from `value`.
    ///
    /// - Throws: ``DecodingFailure`` naming the JSON pointer of the value that did not fit, also for
    ///   errors thrown by a type's own `init(from:)`.
    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws(DecodingFailure) -> T {
        try decode(T.self, from: PayloadTree(value))
    }

    /// Decodes a value of `type` from the root of `tree`: the read path's decode, with no
    /// `JSONValue` in between.
    func decode<T: Decodable>(_ type: T.Type, from tree: PayloadTree) throws(DecodingFailure) -> T {
        let userInfo: [CodingUserInfoKey: Any] = self.userInfo.isEmpty ? [:] : self.userInfo.mapValues { $0 as Any }
        var decoder = pool.take()
        decoder.load(tree, options: DecoderOptions(dateStrategy: dateDecodingStrategy, userInfo: userInfo))
        defer { pool.give(&decoder) }
        do {
            return try decoder.unbox(PayloadTree.root, as: T.self)
        } catch let error as DecodingError {
            throw DecodingFailure(error)
        } catch {
            throw DecodingFailure(pointer: .root, reason: String(describing: error))
        }
    }

    /// Decoders kept between decodes, shared by the copies of this decoder.
    private let pool = DecoderPool()
}

/// Decoders kept between decodes, so that a decode reuses the buffers and the keyed containers of
/// an earlier one: making a keyed container costs two generic-metadata lookups and two
/// allocations, more than decoding the few members it reads.
///
/// A decoder is taken for one decode and given back after it, so decodes on several threads each
/// have their own. One that anything still refers to after its decode is not taken back: a
/// container of any kind (keyed, unkeyed, single-value), a `superDecoder()` or the `Decoder`
/// itself that a type's `init(from:)` kept. So what was kept goes on reading its own payload, and
/// no other decode ever loads a payload into buffers something else may still read.
///
/// (In a debug build `isKnownUniquelyReferenced` on the kept boxes, typed `AnyObject`, answers
/// `false` on Linux, so there a decoder that made a keyed container is never taken back: safe,
/// only slower. Release builds reuse them.)
private final class DecoderPool: @unchecked Sendable {
    private let lock = NSLock()
    private var free: [DecoderImpl] = []
    /// At most this many are kept, and none whose buffers grew beyond ``largestKept`` bytes.
    static let capacity = 4
    static let largestKept = 1 << 20

    func take() -> DecoderImpl {
        lock.lock()
        let decoder = free.popLast()
        lock.unlock()
        return decoder ?? DecoderImpl()
    }

    /// Takes `decoder` back after a decode, unless something still holds part of it.
    ///
    /// Every container and decoder a decode hands out holds the decoder strongly, but for the keyed
    /// containers the decoder keeps for reuse, which refer back to it without a count (they are
    /// checked one by one). So `decoder` (the caller's only reference) is uniquely referenced
    /// exactly when nothing else holds the decoder, and no kept container is held outside the
    /// cache exactly when nothing holds part of it. Otherwise the decoder is left to whoever
    /// holds it, never reloaded: see ``DecoderImpl/abandon()``.
    func give(_ decoder: inout DecoderImpl) {
        guard isKnownUniquelyReferenced(&decoder), decoder.view.pointee.footprint <= Self.largestKept,
              decoder.cache.nothingElseHoldsAContainer() else {
            decoder.abandon()
            return
        }
        decoder.options.pointee = DecoderOptions(dateStrategy: .rfc3339, userInfo: [:])
        lock.lock()
        defer { lock.unlock() }
        guard free.count < Self.capacity else {
            decoder.abandon()
            return
        }
        free.append(decoder)
    }

    deinit {
        for decoder in free { decoder.abandon() }
    }
}

/// Why a value could not be decoded, with where.
///
/// ```swift
/// failure.pointer.description   // "/lines/2/quantity"
/// failure.reason                // "expected Int, found string"
/// failure.description           // "#/lines/2/quantity: expected Int, found string"
/// ```
///
/// A missing key is reported at the object that lacks it, with the key in the reason:
/// `#/lines/1: missing key "quantity"`.
public struct DecodingFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where in the decoded value the problem is.
    public var pointer: JSONPointer
    /// What went wrong, such as `expected Int64, found string`, `1.5 is not an integer` or
    /// `missing key "orderId"`.
    public var reason: String

    /// Creates a failure at `pointer`.
    public init(pointer: JSONPointer, reason: String) {
        self.pointer = pointer
        self.reason = reason
    }

    /// The pointer as a URI fragment and the reason: `#/lines/2/quantity: expected Int, found string`.
    public var description: String { "\(pointer.fragment): \(reason)" }

    /// Maps a `DecodingError`, from this decoder's containers or from a type's `init(from:)`.
    init(_ error: DecodingError) {
        switch error {
        case .typeMismatch(let type, let context):
            self.init(context, fallback: "expected \(type)")
        case .valueNotFound(let type, let context):
            self.init(context, fallback: "expected \(type), found nothing")
        case .keyNotFound(let key, let context):
            self.init(pointer: Self.pointer(context.codingPath), reason: "missing key \"\(key.stringValue)\"")
        case .dataCorrupted(let context):
            self.init(context, fallback: "invalid value")
        @unknown default:
            self.init(pointer: .root, reason: String(describing: error))
        }
    }

    private init(_ context: DecodingError.Context, fallback: String) {
        self.init(
            pointer: Self.pointer(context.codingPath),
            reason: context.debugDescription.isEmpty ? fallback : context.debugDescription
        )
    }

    private static func pointer(_ path: [any CodingKey]) -> JSONPointer {
        JSONPointer(tokens: path.map(\.stringValue))
    }
}

// MARK: - Coding path

/// A step of a coding path that the decoder names itself: a member's key or an array position.
/// The path of a value is read off the tree (each node knows its parent) only when asked for, in
/// practice when an error is thrown, so decoding carries no path at all.
private struct PathKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(_ name: String) {
        stringValue = name
        intValue = nil
    }

    init(index: Int) {
        stringValue = String(index)
        intValue = index
    }

    init?(stringValue: String) { self.init(stringValue) }

    init?(intValue: Int) { self.init(index: intValue) }
}

/// The key `superDecoder()` reads.
private struct SuperKey: CodingKey {
    var stringValue: String { "super" }
    var intValue: Int? { nil }
    init() {}
    init?(stringValue: String) { guard stringValue == "super" else { return nil } }
    init?(intValue: Int) { nil }
}

// MARK: - Decoder

/// A payload tree's nodes and bytes, copied into memory the decoder owns for one decode, so that
/// reading them takes no reference counting.
///
/// Not copyable: it frees its memory in `deinit`, once. It is read through a ``TreeView``.
private struct TreeBuffers: ~Copyable {
    private(set) var nodes: UnsafeMutablePointer<PayloadTree.Node>
    private(set) var bytes: UnsafeMutablePointer<UInt8>
    private(set) var nodeCapacity: Int
    private(set) var byteCapacity: Int

    /// Empty buffers, for ``load(_:)``.
    init() {
        nodeCapacity = 64
        byteCapacity = 1024
        nodes = .allocate(capacity: nodeCapacity)
        bytes = .allocate(capacity: byteCapacity)
    }

    /// The bytes of the buffers, for deciding whether to keep them.
    var footprint: Int { nodeCapacity * MemoryLayout<PayloadTree.Node>.stride + byteCapacity }

    /// Copies `tree` in, growing the buffers when it does not fit.
    mutating func load(_ tree: PayloadTree) {
        if tree.nodes.count > nodeCapacity {
            nodes.deallocate()
            nodeCapacity = max(tree.nodes.count, 2 * nodeCapacity)
            nodes = .allocate(capacity: nodeCapacity)
        }
        if tree.bytes.count > byteCapacity {
            bytes.deallocate()
            byteCapacity = max(tree.bytes.count, 2 * byteCapacity)
            bytes = .allocate(capacity: byteCapacity)
        }
        let nodes = nodes, bytes = bytes
        tree.nodes.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { nodes.update(from: base, count: source.count) }
        }
        tree.bytes.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { bytes.update(from: base, count: source.count) }
        }
    }

    deinit {
        nodes.deallocate()
        bytes.deallocate()
    }

    /// A view of the buffers, valid while they are not reloaded or freed.
    @inline(__always)
    var view: TreeView {
        TreeView(nodes: nodes, bytes: bytes, nodeCapacity: nodeCapacity, byteCapacity: byteCapacity)
    }
}

/// A view of a decoder's ``TreeBuffers``: what its containers read.
private struct TreeView {
    let nodes: UnsafeMutablePointer<PayloadTree.Node>
    let bytes: UnsafeMutablePointer<UInt8>
    let nodeCapacity: Int
    let byteCapacity: Int

    /// A reader over the buffers.
    @inline(__always)
    var reader: NodeReader {
        NodeReader(nodes: UnsafeBufferPointer(start: nodes, count: nodeCapacity),
                   bytes: UnsafeBufferPointer(start: bytes, count: byteCapacity))
    }

    /// The text at `range`, as a string.
    @inline(__always)
    func string(_ range: PayloadTree.ByteRange) -> String { reader.string(range) }

    /// The number at `node`, a number node.
    func number(_ node: Int) -> JSONNumber { reader.number(node) }

    /// Whether the bytes at `range` are `key`.
    @inline(__always)
    func keyEquals(_ range: PayloadTree.ByteRange, _ key: UnsafeBufferPointer<UInt8>) -> Bool { reader.keyEquals(range, key) }

    /// The member of `object` whose key is `key`, or ``PayloadTree/none``.
    func member(of object: Int, keyBytes key: UnsafeBufferPointer<UInt8>) -> Int { reader.member(of: object, keyBytes: key).member }

    /// The coding path of `node`: a key per object and a position per array, from the root.
    func codingPath(of node: Int) -> [any CodingKey] {
        reader.path(of: node).map { step -> any CodingKey in
            switch step {
            case .key(let key): PathKey(key)
            case .index(let position): PathKey(index: position)
            }
        }
    }

    /// The member of `object` named `name`, or ``PayloadTree/none``.
    func member(of object: Int, named name: String) -> Int {
        var name = name
        return name.withUTF8 { member(of: object, keyBytes: $0) }
    }
}

/// Options shared by every level of one decode.
private struct DecoderOptions {
    let dateStrategy: JSONValueDecoder.DateDecodingStrategy
    let userInfo: [CodingUserInfoKey: Any]
}

/// The decoder handed to `init(from:)`: one instance per decode under way (kept between decodes by
/// ``DecoderPool``), moved from node to node.
///
/// Its single-value container is a ``SingleValueContainer``, a struct of the decoder and a node,
/// so decoding an `Optional` or a raw-value enum allocates nothing. It carries no coding path:
/// each node of the tree knows its parent, so the path of a value is read off the tree only when
/// asked for, in practice when an error is thrown.
private final class DecoderImpl: Decoder {
    /// What is being decoded and where.
    struct State {
        var node: Int
        /// Nesting depth of the value being decoded; indexes ``hints``.
        var depth: Int
    }

    /// The payload, behind a pointer so that a reused decoder loads the next one into the same
    /// buffers, and a `superDecoder()` reads its owner's.
    let view: UnsafeMutablePointer<TreeBuffers>
    /// The mutable state, behind a pointer: class properties would pay a dynamic exclusivity check
    /// on every access.
    let state: UnsafeMutablePointer<State>
    /// The options of the decode under way.
    let options: UnsafeMutablePointer<DecoderOptions>
    /// Per depth, a pair: the object a keyed container reads, and the member it looks at first,
    /// the one after the last it found. The object is checked, since two containers can share a depth.
    let hints: UnsafeMutablePointer<Int>
    static let hintCapacity = 64

    /// The decoder whose tree this one reads, kept alive (and so never reused while this one
    /// lives); `nil` when this one owns its tree.
    let treeOwner: DecoderImpl?
    /// The coding path of this decoder's root: empty but for a `superDecoder()` of an absent key,
    /// which reads `null` in a tree of its own.
    let basePath: [any CodingKey]
    /// Keyed containers kept for reuse (see ``keyedContainer(_:object:depth:)``). They refer back
    /// to the decoder without a count, so they go with it; a decoder made for `superDecoder()`
    /// keeps none, nor does one ``abandon()``ed.
    let cache: ContainerCache

    /// A decoder with empty buffers, for ``load(_:options:)``.
    init() {
        view = .allocate(capacity: 1)
        view.initialize(to: TreeBuffers())
        basePath = []
        treeOwner = nil
        cache = ContainerCache(capacity: 16)
        options = .allocate(capacity: 1)
        options.initialize(to: DecoderOptions(dateStrategy: .rfc3339, userInfo: [:]))
        state = .allocate(capacity: 1)
        state.initialize(to: State(node: PayloadTree.root, depth: 0))
        hints = .allocate(capacity: 2 * Self.hintCapacity)
        hints.initialize(repeating: PayloadTree.none, count: 2 * Self.hintCapacity)
    }

    /// A decoder for `null`, at `path`: a `superDecoder()` of an absent key.
    init(nullAt path: [any CodingKey], options: DecoderOptions) {
        view = .allocate(capacity: 1)
        view.initialize(to: TreeBuffers())
        basePath = path
        treeOwner = nil
        cache = ContainerCache(capacity: 0)
        self.options = .allocate(capacity: 1)
        self.options.initialize(to: options)
        state = .allocate(capacity: 1)
        state.initialize(to: State(node: PayloadTree.root, depth: 0))
        hints = .allocate(capacity: 2 * Self.hintCapacity)
        hints.initialize(repeating: PayloadTree.none, count: 2 * Self.hintCapacity)
        view.pointee.load(PayloadTree(.null))
    }

    /// A decoder for `node` of `owner`'s tree, for `superDecoder()`. While it lives, it holds
    /// `owner`, so the pool does not take `owner` back.
    init(sharingTreeOf owner: DecoderImpl, node: Int) {
        view = owner.view
        basePath = owner.basePath
        treeOwner = owner
        cache = ContainerCache(capacity: 0)
        options = .allocate(capacity: 1)
        options.initialize(to: owner.options.pointee)
        state = .allocate(capacity: 1)
        state.initialize(to: State(node: node, depth: 0))
        hints = .allocate(capacity: 2 * Self.hintCapacity)
        hints.initialize(repeating: PayloadTree.none, count: 2 * Self.hintCapacity)
    }

    deinit {
        if treeOwner == nil {
            view.deinitialize(count: 1)
            view.deallocate()
        }
        options.deinitialize(count: 1)
        options.deallocate()
        state.deinitialize(count: 1)
        state.deallocate()
        hints.deallocate()
    }

    /// Makes the decoder read the root of `tree` with `options`.
    func load(_ tree: PayloadTree, options: DecoderOptions) {
        view.pointee.load(tree)
        self.options.pointee = options
        state.pointee = State(node: PayloadTree.root, depth: 0)
    }

    var tree: TreeView { view.pointee.view }

    var node: Int { state.pointee.node }

    var kind: PayloadTree.Kind { tree.nodes[state.pointee.node].kind }

    /// The coding path of `node`.
    func path(of node: Int) -> [any CodingKey] {
        basePath.isEmpty ? tree.codingPath(of: node) : basePath + tree.codingPath(of: node)
    }

    var codingPath: [any CodingKey] { path(of: state.pointee.node) }

    var userInfo: [CodingUserInfoKey: Any] { options.pointee.userInfo }

    /// Decodes the value at `node` as `T`.
    func unbox<T: Decodable>(_ node: Int, as type: T.Type) throws -> T {
        let special = Leaf.Special(T.self)
        if special != .none {
            do throws(LeafProblem) {
                return try Leaf.special(tree.reader, node, special, as: T.self, dateStrategy: options.pointee.dateStrategy)
            } catch {
                throw error.decodingError(T.self, path: path(of: node))
            }
        }
        let saved = state.pointee
        state.pointee = State(node: node, depth: saved.depth + 1)
        defer { state.pointee = saved }
        do {
            if tree.nodes[node].kind == .array { return try unboxArray(node, as: T.self) }
            return try T(from: self)
        } catch let error as DecodingError {
            throw error
        } catch {
            throw DecodingError.dataCorrupted(.init(
                codingPath: codingPath, debugDescription: String(describing: error), underlyingError: error
            ))
        }
    }

    /// Decodes the array at `node` as `T`, through ``ReservingArrayDecoding`` when `T` is an
    /// `Array`. Kept out of ``unbox(_:as:)``, which otherwise pays a metadata lookup on every call.
    @inline(never)
    private func unboxArray<T: Decodable>(_ node: Int, as type: T.Type) throws -> T {
        guard let arrayType = T.self as? any ReservingArrayDecoding.Type else { return try T(from: self) }
        let result = UnsafeMutablePointer<T>.allocate(capacity: 1)
        defer { result.deallocate() }
        try arrayType.decodeElements(of: node, with: self, into: result)
        return result.move()
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard kind == .object else {
            throw LeafProblem.mismatch(kind.valueKind).decodingError([String: JSONValue].self, expected: "object", path: codingPath)
        }
        return keyedContainer(Key.self, object: node, depth: state.pointee.depth)
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard kind == .array else {
            throw LeafProblem.mismatch(kind.valueKind).decodingError([JSONValue].self, expected: "array", path: codingPath)
        }
        return UnkeyedContainer(decoder: self, array: node)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValueContainer(decoder: self, node: node)
    }
}

// MARK: - Single value container

/// The container for the value at one node: the decoder and the node, so that a container kept
/// past its `init(from:)` still reads its own value (the decoder moves on from node to node).
private struct SingleValueContainer: SingleValueDecodingContainer {
    let decoder: DecoderImpl
    let node: Int

    var codingPath: [any CodingKey] { decoder.path(of: node) }

    private var kind: PayloadTree.Kind { decoder.tree.nodes[node].kind }

    @inline(__always)
    private func leaf<R>(_ type: R.Type, _ convert: (NodeReader, Int) throws(LeafProblem) -> R) throws -> R {
        do throws(LeafProblem) {
            return try convert(decoder.tree.reader, node)
        } catch {
            throw error.decodingError(R.self, path: codingPath)
        }
    }

    func decodeNil() -> Bool { kind == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try leaf(type, Leaf.bool) }
    func decode(_ type: String.Type) throws -> String { try leaf(type, Leaf.string) }
    func decode(_ type: Double.Type) throws -> Double { try leaf(type, Leaf.double) }
    func decode(_ type: Float.Type) throws -> Float { try leaf(type, Leaf.float) }
    func decode(_ type: Int.Type) throws -> Int { try leaf(type) { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }
    func decode(_ type: Int8.Type) throws -> Int8 { try leaf(type) { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }
    func decode(_ type: Int16.Type) throws -> Int16 { try leaf(type) { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }
    func decode(_ type: Int32.Type) throws -> Int32 { try leaf(type) { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }
    func decode(_ type: Int64.Type) throws -> Int64 { try leaf(type) { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }
    func decode(_ type: UInt.Type) throws -> UInt { try leaf(type) { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try leaf(type) { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try leaf(type) { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try leaf(type) { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try leaf(type) { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try decoder.unbox(node, as: T.self)
    }
}

// MARK: - Keyed container

/// The object a keyed container reads and where it is, and who keeps its decoder alive.
private struct KeyedPlace {
    var object: Int
    var depth: Int
    /// The decoder, held, for a container its decoder does not keep (see
    /// ``KeyedContainer/decoder``); `nil` while the decoder keeps it for reuse.
    var owner: DecoderImpl? = nil
}

/// The keyed containers a decoder made, kept for reuse: per container, its `CodingKey` type, the
/// standard library's box around it (what `KeyedDecodingContainer` holds) and its place. Three
/// arrays, so that looking at a key type copies no reference (which would make every box look shared).
///
/// Not copyable: it frees its memory, and lets go of the boxes, in `deinit`.
private struct ContainerCache: ~Copyable {
    let keyTypes: UnsafeMutablePointer<ObjectIdentifier>
    let boxes: UnsafeMutablePointer<AnyObject>
    let places: UnsafeMutablePointer<UnsafeMutablePointer<KeyedPlace>>
    let count: UnsafeMutablePointer<Int>
    /// How many it keeps at most: 0 once its decoder is abandoned.
    let capacity: UnsafeMutablePointer<Int>

    init(capacity: Int) {
        self.capacity = .allocate(capacity: 1)
        self.capacity.initialize(to: capacity)
        keyTypes = .allocate(capacity: max(capacity, 1))
        boxes = .allocate(capacity: max(capacity, 1))
        places = .allocate(capacity: max(capacity, 1))
        count = .allocate(capacity: 1)
        count.initialize(to: 0)
    }

    /// Whether only the cache holds each box: no container made by the last decode is still in use.
    func nothingElseHoldsAContainer() -> Bool {
        for index in 0..<count.pointee where !isKnownUniquelyReferenced(&boxes[index]) { return false }
        return true
    }

    /// Lets go of the boxes.
    func removeAll() {
        boxes.deinitialize(count: count.pointee)
        count.pointee = 0
    }

    deinit {
        removeAll()
        keyTypes.deallocate()
        boxes.deallocate()
        places.deallocate()
        count.deallocate()
        capacity.deallocate()
    }
}

/// The one layout of the standard library's that the decoder relies on: a
/// `KeyedDecodingContainer` is a single reference to the type-erasing box around the container it
/// was made from, so the cache keeps the box (and tells whether anyone else holds it) and makes the
/// `KeyedDecodingContainer` again from it, with no allocation and no metadata lookup.
///
/// `unsafeBitCast` checks that the sizes are the same (one reference) and traps otherwise. That the
/// one field is the box, shared by copies of the container, is checked against the standard library
/// the package is built with by `StandardLibraryLayoutTests`, which fails if it changes.
private enum StandardLibraryLayout {
    /// The box `container` holds.
    @inline(__always)
    static func box<Key>(of container: KeyedDecodingContainer<Key>) -> AnyObject {
        unsafeBitCast(container, to: AnyObject.self)
    }

    /// The container around `box`, which ``box(of:)`` returned for a container of `Key`.
    @inline(__always)
    static func keyedContainer<Key>(box: AnyObject, _: Key.Type) -> KeyedDecodingContainer<Key> {
        unsafeBitCast(box, to: KeyedDecodingContainer<Key>.self)
    }
}

extension DecoderImpl {
    /// A keyed container for `object`: a kept one of the same key type that nothing else holds any
    /// more, pointed at `object`, or a new one (kept, up to the cache's capacity).
    func keyedContainer<Key: CodingKey>(_: Key.Type, object: Int, depth: Int) -> KeyedDecodingContainer<Key> {
        let place = KeyedPlace(object: object, depth: depth)
        if let box = reusableContainer(ObjectIdentifier(Key.self), place: place) {
            return StandardLibraryLayout.keyedContainer(box: box, Key.self)
        }
        return makeKeyedContainer(Key.self, place: place)
    }

    /// A kept container for `keyType` that nothing else holds any more, pointed at `place`; not
    /// generic, so that looking for one costs no metadata lookup.
    private func reusableContainer(_ keyType: ObjectIdentifier, place: KeyedPlace) -> AnyObject? {
        if place.depth < Self.hintCapacity {
            hints[2 * place.depth] = place.object
            hints[2 * place.depth + 1] = PayloadTree.none
        }
        for index in 0..<cache.count.pointee where cache.keyTypes[index] == keyType {
            // Only the cache holds the box: the container's last user is done with it.
            guard isKnownUniquelyReferenced(&cache.boxes[index]) else { continue }
            cache.places[index].pointee = place  // (with no owner: the cache keeps it)
            return cache.boxes[index]
        }
        return nil
    }

    @inline(never)
    private func makeKeyedContainer<Key: CodingKey>(_: Key.Type, place: KeyedPlace) -> KeyedDecodingContainer<Key> {
        let count = cache.count.pointee
        let kept = count < cache.capacity.pointee
        // One the cache does not keep holds its decoder; one it keeps is held by it.
        var place = place
        if !kept { place.owner = self }
        let container = KeyedContainer<Key>(decoder: self, place: place)
        let keyed = KeyedDecodingContainer(container)
        if kept {
            cache.keyTypes[count] = ObjectIdentifier(Key.self)
            (cache.boxes + count).initialize(to: StandardLibraryLayout.box(of: keyed))
            cache.places[count] = container.place
            cache.count.pointee = count + 1
        }
        return keyed
    }

    /// Leaves the decoder to whoever still holds it or one of its containers, never to be reused:
    /// each kept container held outside the cache now holds the decoder, the cache lets go of the
    /// rest and keeps no more, so nothing is left referring back to the decoder without a count.
    func abandon() {
        for index in 0..<cache.count.pointee where !isKnownUniquelyReferenced(&cache.boxes[index]) {
            cache.places[index].pointee.owner = self
        }
        cache.removeAll()
        cache.capacity.pointee = 0
    }
}

/// A keyed container: a class, so that the standard library's type-erasing box copies one
/// reference per call rather than every field.
///
/// Making one costs two generic-metadata lookups and two allocations, so the decoder keeps the
/// containers it made and points one whose earlier user is done at the next object of its type
/// (see ``DecoderImpl/keyedContainer(_:object:depth:)``).
private final class KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    /// The decoder, not counted: a container the decoder keeps for reuse would otherwise hold the
    /// decoder that holds it, and the pool could not tell from the decoder's count whether anything
    /// else holds it. Alive as long as the container is: while the decoder keeps the container,
    /// the decoder holds it; otherwise ``KeyedPlace/owner`` holds the decoder.
    unowned(unsafe) let decoder: DecoderImpl
    /// Which object, where: behind a pointer, so that reuse changes it without exclusivity checks.
    let place: UnsafeMutablePointer<KeyedPlace>

    init(decoder: DecoderImpl, place: KeyedPlace) {
        self.decoder = decoder
        self.place = .allocate(capacity: 1)
        self.place.initialize(to: place)
    }

    deinit {
        place.deinitialize(count: 1)
        place.deallocate()
    }

    var object: Int { place.pointee.object }
    var depth: Int { place.pointee.depth }

    var tree: TreeView { decoder.tree }

    var codingPath: [any CodingKey] { decoder.path(of: object) }

    var allKeys: [Key] {
        var keys: [Key] = []
        var member = tree.nodes[object].firstChild
        while member != PayloadTree.none {
            if let key = Key(stringValue: tree.string(tree.nodes[member].key)) { keys.append(key) }
            member = tree.nodes[member].nextSibling
        }
        return keys
    }

    func contains(_ key: Key) -> Bool { lookup(key) != nil }

    /// The member named `key`, looking first just after the last member found: members are
    /// usually written in the order the struct declares them.
    @inline(__always)
    private func lookup(_ key: Key) -> Int? {
        var name = key.stringValue
        let hinted = depth < DecoderImpl.hintCapacity
        return name.withUTF8 { keyBytes -> Int? in
            let tree = decoder.tree
            let hinted = hinted && decoder.hints[2 * depth] == object
            if hinted {
                let hint = decoder.hints[2 * depth + 1]
                if hint != PayloadTree.none, tree.keyEquals(tree.nodes[hint].key, keyBytes) {
                    decoder.hints[2 * depth + 1] = tree.nodes[hint].nextSibling
                    return hint
                }
            }
            let member = tree.member(of: object, keyBytes: keyBytes)
            guard member != PayloadTree.none else { return nil }
            if hinted { decoder.hints[2 * depth + 1] = tree.nodes[member].nextSibling }
            return member
        }
    }

    private func keyNotFound(_ key: Key) -> DecodingError {
        .keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing key \"\(key.stringValue)\""))
    }

    private func required(_ key: Key) throws -> Int {
        guard let member = lookup(key) else { throw keyNotFound(key) }
        return member
    }

    private func kind(_ member: Int) -> PayloadTree.Kind { decoder.tree.nodes[member].kind }

    @inline(__always)
    private func leaf<R>(_ key: Key, _ convert: (NodeReader, Int) throws(LeafProblem) -> R) throws -> R {
        let member = try required(key)
        do throws(LeafProblem) {
            return try convert(decoder.tree.reader, member)
        } catch {
            throw error.decodingError(R.self, path: decoder.path(of: member))
        }
    }

    @inline(__always)
    private func optionalLeaf<R>(_ key: Key, _ convert: (NodeReader, Int) throws(LeafProblem) -> R) throws -> R? {
        guard let member = lookup(key), kind(member) != .null else { return nil }
        do throws(LeafProblem) {
            return try convert(decoder.tree.reader, member)
        } catch {
            throw error.decodingError(R.self, path: decoder.path(of: member))
        }
    }

    func decodeNil(forKey key: Key) throws -> Bool { try kind(required(key)) == .null }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try leaf(key, Leaf.bool) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try leaf(key, Leaf.string) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try leaf(key, Leaf.double) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try leaf(key, Leaf.float) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try leaf(key) { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try leaf(key) { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try leaf(key) { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try leaf(key) { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try leaf(key) { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try leaf(key) { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try leaf(key) { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try leaf(key) { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try leaf(key) { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try leaf(key) { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let member = try required(key)
        return try decoder.unbox(member, as: T.self)
    }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try optionalLeaf(key, Leaf.bool) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try optionalLeaf(key, Leaf.string) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try optionalLeaf(key, Leaf.double) }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try optionalLeaf(key, Leaf.float) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try optionalLeaf(key) { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try optionalLeaf(key) { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try optionalLeaf(key) { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try optionalLeaf(key) { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try optionalLeaf(key) { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try optionalLeaf(key) { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try optionalLeaf(key) { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try optionalLeaf(key) { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try optionalLeaf(key) { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try optionalLeaf(key) { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let member = lookup(key), kind(member) != .null else { return nil }
        return try decoder.unbox(member, as: T.self)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        let member = try required(key)
        guard kind(member) == .object else {
            throw LeafProblem.mismatch(kind(member).valueKind).decodingError([String: JSONValue].self, expected: "object", path: decoder.path(of: member))
        }
        return decoder.keyedContainer(NestedKey.self, object: member, depth: depth + 1)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        let member = try required(key)
        guard kind(member) == .array else {
            throw LeafProblem.mismatch(kind(member).valueKind).decodingError([JSONValue].self, expected: "array", path: decoder.path(of: member))
        }
        return UnkeyedContainer(decoder: decoder, array: member)
    }

    func superDecoder() throws -> any Decoder {
        decoder.subDecoder(at: tree.member(of: object, named: "super"), absentAt: codingPath + [SuperKey()])
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        decoder.subDecoder(at: lookup(key) ?? PayloadTree.none, absentAt: codingPath + [key])
    }
}

extension DecoderImpl {
    /// A decoder for `node`, for `superDecoder()`; when `node` is ``PayloadTree/none`` (the key is
    /// absent), one that reads `null` at `path`.
    func subDecoder(at node: Int, absentAt path: @autoclosure () -> [any CodingKey]) -> DecoderImpl {
        guard node != PayloadTree.none else { return DecoderImpl(nullAt: path(), options: options.pointee) }
        return DecoderImpl(sharingTreeOf: self, node: node)
    }
}

// MARK: - Arrays

/// An array that decodes its elements into storage reserved for all of them at once. The standard
/// library's `Array.init(from:)` appends one element at a time, regrowing its storage (and looking
/// up that storage's metadata) as it goes; the elements and their errors are the same either way.
private protocol ReservingArrayDecoding {
    /// Decodes the elements of `decoder`'s array node `array` and initializes `result`, which is `Self`.
    static func decodeElements<T>(of array: Int, with decoder: DecoderImpl, into result: UnsafeMutablePointer<T>) throws
}

extension Array: ReservingArrayDecoding where Element: Decodable {
    fileprivate static func decodeElements<T>(of array: Int, with decoder: DecoderImpl, into result: UnsafeMutablePointer<T>) throws {
        let tree = decoder.tree
        var count = 0
        var child = tree.nodes[array].firstChild
        while child != PayloadTree.none {
            count += 1
            child = tree.nodes[child].nextSibling
        }
        var elements: [Element] = []
        elements.reserveCapacity(count)
        child = tree.nodes[array].firstChild
        while child != PayloadTree.none {
            elements.append(try decoder.unbox(child, as: Element.self))
            child = tree.nodes[child].nextSibling
        }
        UnsafeMutableRawPointer(result).assumingMemoryBound(to: [Element].self).initialize(to: elements)
    }
}

// MARK: - Unkeyed container

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: DecoderImpl
    /// The array.
    let array: Int
    let count: Int?
    /// The element at ``currentIndex``, or ``PayloadTree/none`` at the end.
    private var element: Int
    private(set) var currentIndex = 0

    init(decoder: DecoderImpl, array: Int) {
        self.decoder = decoder
        self.array = array
        let tree = decoder.tree
        element = tree.nodes[array].firstChild
        var count = 0
        var child = element
        while child != PayloadTree.none {
            count += 1
            child = tree.nodes[child].nextSibling
        }
        self.count = count
    }

    var codingPath: [any CodingKey] { decoder.path(of: array) }
    var isAtEnd: Bool { element == PayloadTree.none }

    private func current(_ type: Any.Type) throws -> Int {
        guard element != PayloadTree.none else {
            throw DecodingError.valueNotFound(type, .init(
                codingPath: codingPath + [PathKey(index: currentIndex)],
                debugDescription: "expected \(type), found the end of the array (\(count ?? 0) elements)"
            ))
        }
        return element
    }

    private mutating func advance() {
        element = decoder.tree.nodes[element].nextSibling
        currentIndex += 1
    }

    @inline(__always)
    private mutating func leaf<R>(_ convert: (NodeReader, Int) throws(LeafProblem) -> R) throws -> R {
        let node = try current(R.self)
        do throws(LeafProblem) {
            let result = try convert(decoder.tree.reader, node)
            advance()
            return result
        } catch {
            throw error.decodingError(R.self, path: decoder.path(of: node))
        }
    }

    mutating func decodeNil() throws -> Bool {
        guard try decoder.tree.nodes[current(Never?.self)].kind == .null else { return false }
        advance()
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try leaf(Leaf.bool) }
    mutating func decode(_ type: String.Type) throws -> String { try leaf(Leaf.string) }
    mutating func decode(_ type: Double.Type) throws -> Double { try leaf(Leaf.double) }
    mutating func decode(_ type: Float.Type) throws -> Float { try leaf(Leaf.float) }
    mutating func decode(_ type: Int.Type) throws -> Int { try leaf { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try leaf { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try leaf { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try leaf { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try leaf { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try leaf { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try leaf { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try leaf { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try leaf { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try leaf { t, n throws(LeafProblem) in try Leaf.integer(t, n, type) } }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let node = try current(T.self)
        let result = try decoder.unbox(node, as: T.self)
        advance()
        return result
    }

    mutating func decodeIfPresent<T: Decodable>(_ type: T.Type) throws -> T? {
        guard element != PayloadTree.none else { return nil }
        if decoder.tree.nodes[element].kind == .null {
            advance()
            return nil
        }
        return try decode(T.self)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let node = try current([String: JSONValue].self)
        let kind = decoder.tree.nodes[node].kind
        guard kind == .object else {
            throw LeafProblem.mismatch(kind.valueKind).decodingError([String: JSONValue].self, expected: "object", path: decoder.path(of: node))
        }
        let container = decoder.keyedContainer(NestedKey.self, object: node, depth: decoder.state.pointee.depth + 1)
        advance()
        return container
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let node = try current([JSONValue].self)
        let kind = decoder.tree.nodes[node].kind
        guard kind == .array else {
            throw LeafProblem.mismatch(kind.valueKind).decodingError([JSONValue].self, expected: "array", path: decoder.path(of: node))
        }
        let container = UnkeyedContainer(decoder: decoder, array: node)
        advance()
        return container
    }

    mutating func superDecoder() throws -> any Decoder {
        let node = try current(JSONValue.self)
        let decoder = decoder.subDecoder(at: node, absentAt: [])
        advance()
        return decoder
    }
}

import EventSchema
import Foundation

/// A type that reads itself straight from a payload, past `Decodable`'s containers: the fastest
/// decode on the read path, for the event types a consumer reads most.
///
/// `Decodable` reaches every field through type-erased containers, which costs a dynamic call or
/// two and, for every nested object, a generic-metadata lookup; on a payload of a few dozen values
/// that is most of a read. A `PayloadDecodable` type instead reads its fields by key from a
/// ``PayloadValue``, with direct calls and no container, much as a GRDB record reads its columns
/// from a row:
///
/// ```swift
/// struct Money: PayloadDecodable {
///     var minorUnits: Int64
///     var currency: String
///
///     init(payload: PayloadValue) throws(DecodingFailure) {
///         minorUnits = try payload.decode(forKey: "minorUnits")
///         currency = try payload.decode(forKey: "currency")
///     }
/// }
/// ```
///
/// The type stays `Decodable` (usually synthesized), and both must read the same payloads the
/// same way: ``EventReader`` and ``EventTypeMap`` call ``init(payload:)`` (chosen by overload, so
/// code generic over `Decodable` keeps calling `init(from:)`), and everything else,
/// ``JSONValueDecoder`` included, calls `init(from:)`. A value that does not fit fails with the
/// same ``DecodingFailure`` either way, pointer and reason included, as long as `init(payload:)`
/// reads each property as the synthesized `init(from:)` would: in declaration order (the first
/// failure is the one reported), by the key `CodingKeys` gives it, with `decode(forKey:)` for a
/// property that must be there and `decodeIfPresent(forKey:)` for an optional one.
///
/// The standard library's and Foundation's value types that ``JSONValueDecoder`` reads directly
/// conform already (`String`, `Bool`, the integers, `Double`, `Float`, `Decimal`, `Date`, `URL`,
/// `Data`, `UUID`), and so do `Optional`, `Array` and `Dictionary` with `String` keys of conforming
/// types. An enum whose raw value is a ``PayloadRawValue`` gets ``init(payload:)`` by declaring the
/// conformance.
public protocol PayloadDecodable: Decodable {
    /// Reads a value from `payload`.
    ///
    /// `payload` is borrowed for this call only: it is non-escapable, so the compiler refuses
    /// code that keeps it (in a property, a global or an escaping closure) past the call.
    ///
    /// - Throws: ``DecodingFailure`` naming the pointer of the value that does not fit; a failure
    ///   of the type's own (a value out of its domain, say) comes from ``PayloadValue/failure(_:)``.
    init(payload: PayloadValue) throws(DecodingFailure)
}

/// One value of a payload being read by ``PayloadDecodable/init(payload:)``: an object whose
/// members are read by key, an array, or a single value.
///
/// It points into the payload the reader is decoding, whose buffers live only while the reader
/// decodes. So it is non-escapable (`~Escapable`): it exists only inside the `init(payload:)` it is
/// handed to, and the compiler refuses code that would keep it longer, such as storing it in a
/// property or a global or capturing it in an escaping closure ("lifetime-dependent variable
/// 'payload' escapes its scope"). Read what the value needs from it, into values of your own.
/// Using it needs no compiler option; it is copyable, so it can be passed on and read freely
/// during the call.
///
/// - Complexity: Reading a member finds it by key among its object's members, O(*n*) in their
///   number; no reference is counted and nothing is allocated but the values read.
public struct PayloadValue: ~Escapable {
    /// The payload's nodes and bytes; the value depends on it and cannot outlive it.
    @usableFromInline
    let tree: NodeReader
    /// Which node this is.
    @usableFromInline
    let node: Int
    /// How `Date` values are read: the reader's decoder's strategy.
    @usableFromInline
    let dateStrategy: JSONValueDecoder.DateDecodingStrategy

    /// A value at `node` of `tree`, which it cannot outlive.
    @usableFromInline
    @_lifetime(borrow tree)
    init(tree: borrowing NodeReader, node: Int, dateStrategy: JSONValueDecoder.DateDecodingStrategy) {
        self.tree = copy tree
        self.node = node
        self.dateStrategy = dateStrategy
    }

    /// Where this value is in the payload.
    public var pointer: JSONPointer { tree.pointer(of: node) }

    /// Whether this value is `null`.
    public var isNull: Bool { kind == .null }

    /// A failure at this value with `reason`, for a type's own checks:
    /// `throw payload.failure("quantity must be positive")`.
    public func failure(_ reason: String) -> DecodingFailure {
        DecodingFailure(pointer: pointer, reason: reason)
    }

    /// This value as `T`.
    @inline(__always)
    public func decode<T: PayloadDecodable>(_ type: T.Type = T.self) throws(DecodingFailure) -> T {
        try T(payload: self)
    }

    /// The member `key` of this object, as `T`.
    ///
    /// - Throws: ``DecodingFailure`` when this value is not an object (`expected object, found
    ///   array`), when it has no member `key` (`missing key "sku"`, at this object), or when the
    ///   member does not fit `T`, at the member.
    @inlinable
    public func decode<T: PayloadDecodable>(_ type: T.Type = T.self, forKey key: StaticString) throws(DecodingFailure) -> T {
        let member = try self.member(key)
        guard member != PayloadTree.none else {
            throw failure("missing key \"\(key)\"")
        }
        return try T(payload: PayloadValue(tree: tree, node: member, dateStrategy: dateStrategy))
    }

    /// The member `key` of this object as `T`, or `nil` when this object has no such member or it
    /// is `null`: what the synthesized `init(from:)` does for an optional property.
    ///
    /// - Throws: ``DecodingFailure`` when this value is not an object, or when the member is there
    ///   and not `null` but does not fit `T`.
    @inlinable
    public func decodeIfPresent<T: PayloadDecodable>(_ type: T.Type = T.self, forKey key: StaticString) throws(DecodingFailure) -> T? {
        let member = try self.member(key)
        guard member != PayloadTree.none, tree.nodes[member].kind != .null else { return nil }
        return try T(payload: PayloadValue(tree: tree, node: member, dateStrategy: dateStrategy))
    }

    /// Whether this object has a member `key` (`null` or not).
    ///
    /// - Throws: ``DecodingFailure`` when this value is not an object.
    public func contains(_ key: StaticString) throws(DecodingFailure) -> Bool {
        try member(key) != PayloadTree.none
    }

    // MARK: Reading nodes

    /// What this node holds.
    @usableFromInline
    var kind: PayloadTree.Kind { tree.nodes[node].kind }

    /// The member of this object whose key is `key`, or ``PayloadTree/none``.
    @inlinable
    func member(_ key: StaticString) throws(DecodingFailure) -> Int {
        guard kind == .object else { throw mismatch(expected: "object", [String: JSONValue].self) }
        // A string literal key: its UTF-8 is in the binary, no `String` is made.
        return key.withUTF8Buffer { tree.member(of: node, keyBytes: $0).member }
    }

    /// The failure for a value of the wrong kind, where `expected` was expected.
    @usableFromInline
    func mismatch(expected: String, _ type: Any.Type) -> DecodingFailure {
        failure(LeafProblem.mismatch(kind.valueKind).reason(type, expected: expected))
    }

    /// This value converted by `convert`, failing with its reason for `R` at this value.
    @inline(__always)
    func leaf<R>(_ convert: (NodeReader, Int) throws(LeafProblem) -> R) throws(DecodingFailure) -> R {
        do throws(LeafProblem) {
            return try convert(tree, node)
        } catch {
            throw failure(error.reason(R.self))
        }
    }

    /// The elements of this array, in order, each read by `element`. Inlinable, so that the
    /// array is made for the caller's own element type, with no generic metadata to look up.
    @inlinable
    func elements<Element>(_ element: (PayloadValue) throws(DecodingFailure) -> Element) throws(DecodingFailure) -> [Element] {
        guard kind == .array else { throw mismatch(expected: "array", [JSONValue].self) }
        var count = 0
        var child = tree.nodes[node].firstChild
        while child != PayloadTree.none {
            count += 1
            child = tree.nodes[child].nextSibling
        }
        var elements: [Element] = []
        elements.reserveCapacity(count)
        child = tree.nodes[node].firstChild
        while child != PayloadTree.none {
            elements.append(try element(PayloadValue(tree: tree, node: child, dateStrategy: dateStrategy)))
            child = tree.nodes[child].nextSibling
        }
        return elements
    }

    /// The members of this object, in order, as their keys and values.
    func members(_ body: (String, PayloadValue) throws(DecodingFailure) -> Void) throws(DecodingFailure) {
        guard kind == .object else { throw mismatch(expected: "object", [String: JSONValue].self) }
        var child = tree.nodes[node].firstChild
        while child != PayloadTree.none {
            try body(tree.string(tree.nodes[child].key), PayloadValue(tree: tree, node: child, dateStrategy: dateStrategy))
            child = tree.nodes[child].nextSibling
        }
    }
}

extension PayloadTree {
    /// The whole tree read as `T` through its ``PayloadDecodable/init(payload:)``.
    func decode<T: PayloadDecodable>(_: T.Type, dateStrategy: JSONValueDecoder.DateDecodingStrategy) throws(DecodingFailure) -> T {
        try withReader { tree throws(DecodingFailure) in
            try T(payload: PayloadValue(tree: tree, node: PayloadTree.root, dateStrategy: dateStrategy))
        }
    }
}

// MARK: - Conformances

extension Bool: PayloadDecodable {
    /// Reads a JSON boolean.
    public init(payload: PayloadValue) throws(DecodingFailure) { self = try payload.leaf(Leaf.bool) }
}

extension String: PayloadDecodable {
    /// Reads a JSON string.
    public init(payload: PayloadValue) throws(DecodingFailure) { self = try payload.leaf(Leaf.string) }
}

extension Double: PayloadDecodable {
    /// Reads any finite number, to the nearest `Double`.
    public init(payload: PayloadValue) throws(DecodingFailure) { self = try payload.leaf(Leaf.double) }
}

extension Float: PayloadDecodable {
    /// Reads any finite number, to the nearest `Float`.
    public init(payload: PayloadValue) throws(DecodingFailure) { self = try payload.leaf(Leaf.float) }
}

extension Decimal: PayloadDecodable {
    /// Reads a number exactly as written.
    public init(payload: PayloadValue) throws(DecodingFailure) { self = try payload.leaf(Leaf.decimal) }
}

extension Date: PayloadDecodable {
    /// Reads a date as the reader's ``JSONValueDecoder/dateDecodingStrategy`` says: an RFC 3339
    /// date-time string by default.
    public init(payload: PayloadValue) throws(DecodingFailure) {
        let strategy = payload.dateStrategy
        self = try payload.leaf { tree, node throws(LeafProblem) in try Leaf.date(tree, node, strategy: strategy) }
    }
}

extension JSONValue: PayloadDecodable {
    /// Reads any value as it is, numbers exactly: the type of a member whose shape no Swift type states.
    public init(payload: PayloadValue) throws(DecodingFailure) { self = payload.tree.value(at: payload.node) }
}

extension URL: PayloadDecodable {
    /// Reads a string that is a valid URL.
    public init(payload: PayloadValue) throws(DecodingFailure) { self = try payload.leaf(Leaf.url) }
}

extension Data: PayloadDecodable {
    /// Reads a base64 string.
    public init(payload: PayloadValue) throws(DecodingFailure) { self = try payload.leaf(Leaf.data) }
}

extension UUID: PayloadDecodable {
    /// Reads a UUID string such as `E621E1F8-C36C-495A-93FC-0C247A3E6E5F`.
    public init(payload: PayloadValue) throws(DecodingFailure) {
        let text = try String(payload: payload)
        guard let uuid = UUID(uuidString: text) else {
            throw payload.failure("Attempted to decode UUID from invalid UUID string.")
        }
        self = uuid
    }
}

/// The standard library's types that a raw-value enum's synthesized `Decodable` reads as a single
/// value: `String`, `Bool`, `Double`, `Float` and the ten integer types. Only these adopt it; an enum
/// whose raw value is one of them gets ``PayloadDecodable/init(payload:)`` by declaring the
/// conformance, as it gets `init(from:)` by declaring `Decodable`.
public protocol PayloadRawValue: PayloadDecodable {}

extension PayloadDecodable where Self: FixedWidthInteger & PayloadRawValue {
    /// Reads a number with an integer value that fits, exactly: an `Int64` reads
    /// `1234567890123456789` bit for bit, and `1.0` is an integer while `1.5` is not.
    public init(payload: PayloadValue) throws(DecodingFailure) {
        self = try payload.leaf { tree, node throws(LeafProblem) in try Leaf.integer(tree, node, Self.self) }
    }
}

extension String: PayloadRawValue {}
extension Bool: PayloadRawValue {}
extension Double: PayloadRawValue {}
extension Float: PayloadRawValue {}
extension Int: PayloadRawValue {}
extension Int8: PayloadRawValue {}
extension Int16: PayloadRawValue {}
extension Int32: PayloadRawValue {}
extension Int64: PayloadRawValue {}
extension UInt: PayloadRawValue {}
extension UInt8: PayloadRawValue {}
extension UInt16: PayloadRawValue {}
extension UInt32: PayloadRawValue {}
extension UInt64: PayloadRawValue {}

extension Optional: PayloadDecodable where Wrapped: PayloadDecodable {
    /// Reads `null` as `nil`, and anything else as `Wrapped`.
    public init(payload: PayloadValue) throws(DecodingFailure) {
        self = payload.isNull ? nil : try Wrapped(payload: payload)
    }
}

extension Array: PayloadDecodable where Element: PayloadDecodable {
    /// Reads a JSON array, each element as `Element`.
    @inlinable
    public init(payload: PayloadValue) throws(DecodingFailure) {
        self = try payload.elements { element throws(DecodingFailure) in try Element(payload: element) }
    }
}

extension Dictionary: PayloadDecodable where Key == String, Value: PayloadDecodable {
    /// Reads a JSON object, each member's value as `Value`.
    public init(payload: PayloadValue) throws(DecodingFailure) {
        var dictionary: [String: Value] = [:]
        try payload.members { key, value throws(DecodingFailure) in dictionary[key] = try Value(payload: value) }
        self = dictionary
    }
}

extension PayloadDecodable where Self: RawRepresentable, RawValue: PayloadRawValue {
    /// Reads the raw value, and fails when no case has it: what the standard library's `init(from:)`
    /// does for a type whose raw value is a `String`, `Bool`, number or integer. A type with an
    /// `init(from:)` of its own (one that falls back to an `unknown` case, say) writes
    /// `init(payload:)` to match it.
    public init(payload: PayloadValue) throws(DecodingFailure) {
        let raw = try RawValue(payload: payload)
        guard let value = Self(rawValue: raw) else {
            throw payload.failure("Cannot initialize \(Self.self) from invalid \(RawValue.self) value \(raw)")
        }
        self = value
    }
}

import EventSchema
import Foundation

/// Encodes `Encodable` values straight into a `JSONValue`, keeping numbers exact.
///
/// Integers stay integers bit for bit, `Decimal` keeps its decimal digits, `Date` becomes an
/// RFC 3339 UTC string (with fractional seconds when it has them), `URL` its absolute string and
/// `Data` base64. Object members keep the order they are encoded in.
///
/// ```swift
/// let value = try JSONValueEncoder().encode(order)   // a JSONValue, no bytes in between
/// ```
public struct JSONValueEncoder: Sendable {
    /// Creates an encoder.
    public init() {}

    /// Encodes `value`.
    ///
    /// - Throws: `EncodingError` when a value cannot be represented (a non-finite `Double`).
    public func encode<Value: Encodable>(_ value: Value) throws -> JSONValue {
        let root = EncodingBox()
        try EncoderImpl(box: root, codingPath: []).encodeValue(value)
        return root.value ?? .object(JSONObject())
    }
}

/// A node under construction.
private final class EncodingBox {
    enum Kind { case unset, object([(String, EncodingBox)]), array([EncodingBox]), leaf(JSONValue) }
    var kind: Kind = .unset

    var value: JSONValue? {
        switch kind {
        case .unset: nil
        case .leaf(let value): value
        case .array(let boxes): .array(boxes.compactMap(\.value))
        case .object(let members):
            .object(JSONObject(uniqueMembers: members.reduce(into: [JSONObject.Member]()) { result, member in
                guard let value = member.1.value else { return }
                if let position = result.firstIndex(where: { $0.key == member.0 }) {
                    result[position].value = value
                } else {
                    result.append((member.0, value))
                }
            }))
        }
    }

    func child(forKey key: String) -> EncodingBox {
        if case .object(var members) = kind {
            if let existing = members.first(where: { $0.0 == key }) { return existing.1 }
            let box = EncodingBox()
            members.append((key, box))
            kind = .object(members)
            return box
        }
        let box = EncodingBox()
        kind = .object([(key, box)])
        return box
    }

    func appendChild() -> EncodingBox {
        let box = EncodingBox()
        if case .array(var boxes) = kind {
            boxes.append(box)
            kind = .array(boxes)
        } else {
            kind = .array([box])
        }
        return box
    }
}

private struct EncoderImpl: Encoder {
    let box: EncodingBox
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = box.kind {} else { box.kind = .object([]) }
        return KeyedEncodingContainer(KeyedContainer<Key>(box: box, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = box.kind {} else { box.kind = .array([]) }
        return UnkeyedContainer(box: box, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleContainer(box: box, codingPath: codingPath) }

    /// Encodes `value`, treating the types JSON holds exactly as leaves.
    func encodeValue<Value: Encodable>(_ value: Value) throws {
        if let leaf = try Self.leaf(value, codingPath: codingPath) {
            box.kind = .leaf(leaf)
        } else {
            try value.encode(to: self)
        }
    }

    static func leaf(_ value: some Encodable, codingPath: [any CodingKey]) throws -> JSONValue? {
        switch value {
        case let date as Date: return .string(rfc3339(date))
        case let decimal as Decimal: return .number(JSONNumber(exactly: decimal.description) ?? JSONNumber(0))
        case let url as URL: return .string(url.absoluteString)
        case let data as Data: return .string(data.base64EncodedString())
        case let number as JSONNumber: return .number(number)
        case let json as JSONValue: return json
        // The integers and `Float` the containers have no method of their own for: their
        // `encode(to:)` calls the container's generic `encode`, which would come back here.
        case let integer as Int32: return .number(JSONNumber(Int64(integer)))
        case let integer as Int16: return .number(JSONNumber(Int64(integer)))
        case let integer as Int8: return .number(JSONNumber(Int64(integer)))
        case let integer as UInt: return .number(JSONNumber(UInt64(integer)))
        case let integer as UInt32: return .number(JSONNumber(Int64(integer)))
        case let integer as UInt16: return .number(JSONNumber(Int64(integer)))
        case let integer as UInt8: return .number(JSONNumber(Int64(integer)))
        case let float as Float:
            guard float.isFinite, let number = JSONNumber(exactly: float.description) else {
                throw EncodingError.invalidValue(float, .init(codingPath: codingPath, debugDescription: "\(float) has no JSON form"))
            }
            return .number(number)
        default: return nil
        }
    }

    static func rfc3339(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970
        let seconds = Int64(interval.rounded(.down))
        var text = RFC3339Timestamp.format(unixSeconds: seconds) ?? "\(interval)"
        let nanoseconds = Int64(((interval - Double(seconds)) * 1e9).rounded())
        if nanoseconds > 0 && nanoseconds < 1_000_000_000, text.hasSuffix("Z") {
            var fraction = String(nanoseconds)
            fraction = String(repeating: "0", count: 9 - fraction.count) + fraction
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text.removeLast()
            text += "." + fraction + "Z"
        }
        return text
    }

    static func number(_ value: Double, codingPath: [any CodingKey]) throws -> JSONValue {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "\(value) has no JSON form"))
        }
        return .number(JSONNumber(value))
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: EncodingBox
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { box.child(forKey: key.stringValue).kind = .leaf(.null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { box.child(forKey: key.stringValue).kind = .leaf(.bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { box.child(forKey: key.stringValue).kind = .leaf(.string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        box.child(forKey: key.stringValue).kind = .leaf(try EncoderImpl.number(value, codingPath: codingPath + [key]))
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        guard value.isFinite, let number = JSONNumber(exactly: value.description) else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath + [key], debugDescription: "\(value) has no JSON form"))
        }
        box.child(forKey: key.stringValue).kind = .leaf(.number(number))
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { box.child(forKey: key.stringValue).kind = .leaf(.number(JSONNumber(value))) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { box.child(forKey: key.stringValue).kind = .leaf(.number(JSONNumber(value))) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { box.child(forKey: key.stringValue).kind = .leaf(.number(JSONNumber(value))) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try EncoderImpl(box: box.child(forKey: key.stringValue), codingPath: codingPath + [key]).encodeValue(value)
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        EncoderImpl(box: box.child(forKey: key.stringValue), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        EncoderImpl(box: box.child(forKey: key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder { EncoderImpl(box: box.child(forKey: "super"), codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { EncoderImpl(box: box.child(forKey: key.stringValue), codingPath: codingPath + [key]) }
}

private struct IndexKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(_ index: Int) { stringValue = String(index); intValue = index }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.init(intValue) }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let box: EncodingBox
    let codingPath: [any CodingKey]
    var count: Int {
        if case .array(let boxes) = box.kind { return boxes.count }
        return 0
    }

    mutating func encodeNil() throws { box.appendChild().kind = .leaf(.null) }
    mutating func encode(_ value: Bool) throws { box.appendChild().kind = .leaf(.bool(value)) }
    mutating func encode(_ value: String) throws { box.appendChild().kind = .leaf(.string(value)) }
    mutating func encode(_ value: Int) throws { box.appendChild().kind = .leaf(.number(JSONNumber(value))) }
    mutating func encode(_ value: Int64) throws { box.appendChild().kind = .leaf(.number(JSONNumber(value))) }
    mutating func encode(_ value: Double) throws {
        box.appendChild().kind = .leaf(try EncoderImpl.number(value, codingPath: codingPath + [IndexKey(count)]))
    }
    mutating func encode<T: Encodable>(_ value: T) throws {
        let path = codingPath + [IndexKey(count)]
        try EncoderImpl(box: box.appendChild(), codingPath: path).encodeValue(value)
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = codingPath + [IndexKey(count)]
        return EncoderImpl(box: box.appendChild(), codingPath: path).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = codingPath + [IndexKey(count)]
        return EncoderImpl(box: box.appendChild(), codingPath: path).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder { EncoderImpl(box: box.appendChild(), codingPath: codingPath) }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let box: EncodingBox
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { box.kind = .leaf(.null) }
    mutating func encode(_ value: Bool) throws { box.kind = .leaf(.bool(value)) }
    mutating func encode(_ value: String) throws { box.kind = .leaf(.string(value)) }
    mutating func encode(_ value: Double) throws { box.kind = .leaf(try EncoderImpl.number(value, codingPath: codingPath)) }
    mutating func encode(_ value: Int) throws { box.kind = .leaf(.number(JSONNumber(value))) }
    mutating func encode(_ value: Int64) throws { box.kind = .leaf(.number(JSONNumber(value))) }
    mutating func encode(_ value: UInt64) throws { box.kind = .leaf(.number(JSONNumber(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws { try EncoderImpl(box: box, codingPath: codingPath).encodeValue(value) }
}

extension Upcaster {
    /// A Swift upcaster written on types: decodes the old struct from the payload, transforms it,
    /// and encodes the new struct back in place — exact numbers throughout.
    ///
    /// ```swift
    /// let splitName = Upcaster.typed(CustomerRegisteredV1.self) { old in
    ///     CustomerRegisteredV2Draft(customerId: old.customerId, givenName: …, familyName: …)
    /// }
    /// ```
    public static func typed<Old: Decodable & SendableMetatype, New: Encodable & SendableMetatype>(
        _ old: Old.Type, decoder: JSONValueDecoder = JSONValueDecoder(),
        _ transform: @escaping @Sendable (Old) throws -> New
    ) -> SwiftUpcaster {
        { payload in
            let value = try decoder.decode(Old.self, from: payload)
            payload = try JSONValueEncoder().encode(try transform(value))
        }
    }
}

import EventSchema
import Foundation

// MARK: - Leaf conversions

/// Why a leaf value did not convert, before the coding path is known.
enum LeafProblem: Error {
    /// The value has the wrong kind (`null` included).
    case mismatch(JSONValue.Kind)
    /// The value has the right kind but not a fitting value.
    case invalid(String)

    func decodingError(_ type: Any.Type, expected: String? = nil, path: [any CodingKey]) -> DecodingError {
        let context = DecodingError.Context(codingPath: path, debugDescription: reason(type, expected: expected))
        switch self {
        case .mismatch(.null): return .valueNotFound(type, context)
        case .mismatch: return .typeMismatch(type, context)
        case .invalid: return .dataCorrupted(context)
        }
    }

    /// What went wrong, as ``DecodingFailure/reason`` says it: `expected Int64, found string`, or
    /// the reason of an invalid value. `expected` names what was expected when it is not `type`.
    func reason(_ type: Any.Type, expected: String? = nil) -> String {
        switch self {
        case .mismatch(let kind): "expected \(expected ?? String(describing: type)), found \(kind)"
        case .invalid(let reason): reason
        }
    }
}

/// Conversions from a node of a ``PayloadTree`` to the types read directly: by ``JSONValueDecoder``
/// for `Decodable` types and by ``PayloadValue`` for ``PayloadDecodable`` ones, so both accept and
/// reject the same values with the same reasons.
enum Leaf {
    @inline(__always)
    static func bool(_ tree: NodeReader, _ node: Int) throws(LeafProblem) -> Bool {
        switch tree.nodes[node].kind {
        case .true: return true
        case .false: return false
        case let kind: throw .mismatch(kind.valueKind)
        }
    }

    @inline(__always)
    static func string(_ tree: NodeReader, _ node: Int) throws(LeafProblem) -> String {
        let current = tree.nodes[node]
        guard current.kind == .string else { throw .mismatch(current.kind.valueKind) }
        return tree.string(current.text)
    }

    @inline(__always)
    static func number(_ tree: NodeReader, _ node: Int) throws(LeafProblem) -> JSONNumber {
        let kind = tree.nodes[node].kind
        guard kind == .number else { throw .mismatch(kind.valueKind) }
        return tree.number(node)
    }

    /// The value of number text that is a plain integer of at most 19 digits that fits `Int64`,
    /// or `nil` for any other number. Nineteen digits always fit a `UInt64`, so the digits are
    /// added up unchecked and the range is checked once at the end: an int64 `sequence` above
    /// 2^60 has 19.
    @inline(__always)
    static func smallInteger(_ tree: NodeReader, _ range: PayloadTree.ByteRange) -> Int64? {
        guard range.count <= 20 else { return nil }
        let bytes = tree.bytes
        var index = range.start
        let end = index + range.count
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        guard end - index <= 19 else { return nil }
        var magnitude: UInt64 = 0
        while index < end {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            magnitude = magnitude &* 10 &+ UInt64(digit)
            index += 1
        }
        if negative {
            guard magnitude <= Int64.min.magnitude else { return nil }
            return Int64(bitPattern: 0 &- magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// The integer at `node`: a plain one of up to 19 digits read inline (see
    /// ``smallInteger(_:_:)``), any other number or kind by ``anyInteger(_:_:_:)``.
    @inline(__always)
    static func integer<I: FixedWidthInteger>(_ tree: NodeReader, _ node: Int, _: I.Type) throws(LeafProblem) -> I {
        let current = tree.nodes[node]
        if current.kind == .number, let small = smallInteger(tree, current.text), let result = I(exactly: small) {
            return result
        }
        return try anyInteger(tree, node, I.self)
    }

    /// The integer at `node` when it is not a plain one of up to 19 digits that fits: exactly,
    /// through `JSONNumber`, or the reason it is not one.
    @inline(never)
    static func anyInteger<I: FixedWidthInteger>(_ tree: NodeReader, _ node: Int, _: I.Type) throws(LeafProblem) -> I {
        let number = try number(tree, node)
        if I.isSigned {
            let wide: Int64
            do throws(JSONNumber.ConversionError) {
                wide = try number.int64()
            } catch {
                throw .invalid(reason(error, number: number, target: I.self))
            }
            guard let result = I(exactly: wide) else {
                throw .invalid("\(number) is out of range for \(I.self)")
            }
            return result
        } else {
            let wide: UInt64
            do throws(JSONNumber.ConversionError) {
                wide = try number.uint64()
            } catch {
                throw .invalid(reason(error, number: number, target: I.self))
            }
            guard let result = I(exactly: wide) else {
                throw .invalid("\(number) is out of range for \(I.self)")
            }
            return result
        }
    }

    private static func reason(_ error: JSONNumber.ConversionError, number: JSONNumber, target: Any.Type) -> String {
        switch error {
        case .outOfRange: "\(number) is out of range for \(target)"
        case .notAnInteger, .inexact: error.description
        }
    }

    static func double(_ tree: NodeReader, _ node: Int) throws(LeafProblem) -> Double {
        let number = try number(tree, node)
        let double = number.approximateDouble
        guard double.isFinite else { throw .invalid("\(number) is out of range for Double") }
        return double
    }

    static func float(_ tree: NodeReader, _ node: Int) throws(LeafProblem) -> Float {
        let number = try number(tree, node)
        // Straight from the decimal text: going through Double first could round twice.
        guard let float = Float(number.description), float.isFinite else {
            throw .invalid("\(number) is out of range for Float")
        }
        return float
    }

    static func decimal(_ tree: NodeReader, _ node: Int) throws(LeafProblem) -> Decimal {
        let number = try number(tree, node)
        do throws(JSONNumber.ConversionError) {
            return try number.decimal()
        } catch {
            throw .invalid(error.description)
        }
    }

    static func date(_ tree: NodeReader, _ node: Int, strategy: JSONValueDecoder.DateDecodingStrategy) throws(LeafProblem) -> Date {
        switch strategy {
        case .rfc3339:
            let current = tree.nodes[node]
            guard current.kind == .string else { throw .mismatch(current.kind.valueKind) }
            let range = current.text
            guard let date = RFC3339Timestamp.date(utf8: tree.text(range)) else {
                throw .invalid("\"\(tree.string(range))\" is not an RFC 3339 date-time")
            }
            return date
        case .secondsSince1970:
            return try Date(timeIntervalSince1970: double(tree, node))
        case .millisecondsSince1970:
            return try Date(timeIntervalSince1970: double(tree, node) / 1000)
        }
    }

    static func url(_ tree: NodeReader, _ node: Int) throws(LeafProblem) -> URL {
        let text = try string(tree, node)
        guard let url = URL(string: text) else { throw .invalid("\"\(text)\" is not a valid URL") }
        return url
    }

    static func data(_ tree: NodeReader, _ node: Int) throws(LeafProblem) -> Data {
        let text = try string(tree, node)
        guard let data = Data(base64Encoded: text) else { throw .invalid("the string is not valid base64") }
        return data
    }

    /// The types read directly rather than through their own `init(from:)`.
    enum Special {
        case none, string, int, int64, double, bool, decimal, date, url, data
        case int8, int16, int32, uint, uint8, uint16, uint32, uint64, float
        /// Any value, kept as it is (numbers exactly).
        case jsonValue

        @inline(__always)
        init<T>(_: T.Type) {
            if T.self == String.self { self = .string }
            else if T.self == Int.self { self = .int }
            else if T.self == Int64.self { self = .int64 }
            else if T.self == Double.self { self = .double }
            else if T.self == Bool.self { self = .bool }
            else if T.self == Decimal.self { self = .decimal }
            else if T.self == Date.self { self = .date }
            else if T.self == URL.self { self = .url }
            else if T.self == Data.self { self = .data }
            else if T.self == Int32.self { self = .int32 }
            else if T.self == UInt64.self { self = .uint64 }
            else if T.self == UInt.self { self = .uint }
            else if T.self == Int8.self { self = .int8 }
            else if T.self == Int16.self { self = .int16 }
            else if T.self == UInt8.self { self = .uint8 }
            else if T.self == UInt16.self { self = .uint16 }
            else if T.self == UInt32.self { self = .uint32 }
            else if T.self == Float.self { self = .float }
            else if T.self == JSONValue.self { self = .jsonValue }
            else { self = .none }
        }
    }

    /// The value at `node` as `T`, where `kind` is `Special(T.self)` and not `.none`.
    ///
    /// Returns `T` itself rather than `T?`: an optional of an unspecialized `T` costs a metadata
    /// lookup on every call.
    static func special<T>(_ tree: NodeReader, _ node: Int, _ kind: Special, as _: T.Type,
                           dateStrategy: JSONValueDecoder.DateDecodingStrategy) throws(LeafProblem) -> T {
        switch kind {
        case .string: return try same(string(tree, node))
        case .int: return try same(integer(tree, node, Int.self))
        case .int64: return try same(integer(tree, node, Int64.self))
        case .double: return try same(double(tree, node))
        case .bool: return try same(bool(tree, node))
        case .decimal: return try same(decimal(tree, node))
        case .date: return try same(date(tree, node, strategy: dateStrategy))
        case .url: return try same(url(tree, node))
        case .data: return try same(data(tree, node))
        case .int8: return try same(integer(tree, node, Int8.self))
        case .int16: return try same(integer(tree, node, Int16.self))
        case .int32: return try same(integer(tree, node, Int32.self))
        case .uint: return try same(integer(tree, node, UInt.self))
        case .uint8: return try same(integer(tree, node, UInt8.self))
        case .uint16: return try same(integer(tree, node, UInt16.self))
        case .uint32: return try same(integer(tree, node, UInt32.self))
        case .uint64: return try same(integer(tree, node, UInt64.self))
        case .float: return try same(float(tree, node))
        case .jsonValue: return same(tree.value(at: node))
        case .none: preconditionFailure("\(T.self) is not read directly")
        }
    }

    /// `value` as `T`, which is its own type `U`: what ``special(_:_:_:as:dateStrategy:)`` returns
    /// for the case `Special(T.self)` chose by comparing `T.self` with that very type.
    ///
    /// The equality is checked, so a case paired with the wrong type traps instead of
    /// reinterpreting memory; with it the cast reinterprets nothing. A comparison of two metadata
    /// pointers, where `value as! T` in this unspecialized code would call the runtime's dynamic
    /// cast for every value read.
    @inline(__always)
    static func same<U, T>(_ value: U) -> T {
        precondition(U.self == T.self, "Leaf.Special paired \(T.self) with a conversion to \(U.self)")
        return unsafeBitCast(value, to: T.self)
    }
}

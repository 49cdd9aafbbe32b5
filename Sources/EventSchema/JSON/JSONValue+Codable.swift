import Foundation

/// `JSONValue` is `Codable`, so a struct can hold a member whose shape no Swift type states (the
/// code generator's type for a schema it cannot express) and still be `Codable` itself.
///
/// Strata's own `JSONValueDecoder` and `JSONValueEncoder` read and write a `JSONValue` member as it
/// is, numbers exactly. Other coders go through the containers below: a number reads as an `Int64`
/// when it is one, else as a `Decimal`, else as a `Double`.
extension JSONValue: Codable {
    /// Reads any JSON value.
    ///
    /// - Throws: `DecodingError` when the decoder holds something that is not JSON.
    public init(from decoder: any Decoder) throws {
        if let object = try? decoder.container(keyedBy: JSONMemberKey.self) {
            var members: [JSONObject.Member] = []
            for key in object.allKeys { members.append((key.stringValue, try object.decode(JSONValue.self, forKey: key))) }
            self = .object(JSONObject(uniqueMembers: members))
        } else if var array = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            while !array.isAtEnd { elements.append(try array.decode(JSONValue.self)) }
            self = .array(elements)
        } else {
            self = try Self.scalar(try decoder.singleValueContainer())
        }
    }

    private static func scalar(_ container: any SingleValueDecodingContainer) throws -> JSONValue {
        if container.decodeNil() { return .null }
        if let bool = try? container.decode(Bool.self) { return .bool(bool) }
        if let string = try? container.decode(String.self) { return .string(string) }
        if let integer = try? container.decode(Int64.self) { return .number(JSONNumber(integer)) }
        if let decimal = try? container.decode(Decimal.self) { return .number(JSONNumber(decimal)) }
        return .number(JSONNumber(try container.decode(Double.self)))
    }

    /// Writes the value; a number as an `Int64` when it is one, else as a `Decimal`.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .object(let object):
            var container = encoder.container(keyedBy: JSONMemberKey.self)
            for (key, value) in object { try container.encode(value, forKey: JSONMemberKey(stringValue: key)) }
        case .array(let elements):
            var container = encoder.unkeyedContainer()
            for element in elements { try container.encode(element) }
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let bool):
            var container = encoder.singleValueContainer()
            try container.encode(bool)
        case .string(let string):
            var container = encoder.singleValueContainer()
            try container.encode(string)
        case .number(let number):
            var container = encoder.singleValueContainer()
            if let integer = number.int64Value {
                try container.encode(integer)
            } else if let decimal = try? number.decimal() {
                try container.encode(decimal)
            } else {
                try container.encode(try number.double())
            }
        }
    }
}

/// Any member name of a JSON object, as a coding key.
private struct JSONMemberKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}

import EventSchema

/// A named conversion of one value, used by the `convert` step.
public enum ValueConverter: Sendable, Equatable {
    /// Integer unix seconds → RFC 3339 UTC date-time (`1718042701` → `2024-06-10T18:05:01Z`), in
    /// years 0001–9999; never a leap second.
    case unixSecondsToRFC3339
    /// RFC 3339 date-time → unix seconds (an integer, or an exact decimal with fractional seconds),
    /// read by `RFC3339Timestamp` as `format: date-time` reads it; a leap second
    /// (`23:59:60Z`) is the following second.
    case rfc3339ToUnixSeconds
    /// RFC 3339 date-time → whole unix seconds, an integer, for a target that holds whole seconds
    /// only (a downcaster back to an older `integer` field): the fraction of a second is dropped,
    /// rounding down to the earlier second (`…01.250+02:00` → `1718042701`, and `-0.75` → `-1`
    /// before 1970); otherwise read as ``rfc3339ToUnixSeconds`` reads it.
    case rfc3339ToWholeUnixSeconds
    /// A number → its exact decimal text.
    case numberToString
    /// Decimal text → the exact number.
    case stringToNumber
    /// A decimal amount → integer minor units: `199.99` with scale 2 → `19999`; an amount with
    /// more decimals than the scale is an error, never rounded.
    case decimalToMinorUnits(scale: Int)
    /// Integer minor units → a decimal amount: `19999` with scale 2 → `199.99`.
    case minorUnitsToDecimal(scale: Int)
    /// Checks that the value is an integer (any size; JSON numbers are already exact).
    case widenInteger
    /// Wraps the value in an object under `key`: `5` → `{"key": 5}`.
    case wrapInObject(key: String)
    /// Wraps the value in a one-element array.
    case wrapInArray
    /// Replaces values by a table; a value not in the table is an error unless `otherwise` is set.
    case mapValues(mapping: [ValueMapping], otherwise: JSONValue?)

    /// One entry of a value table.
    public struct ValueMapping: Sendable, Equatable {
        /// The old value.
        public var from: JSONValue
        /// The new value.
        public var to: JSONValue

        /// Maps `from` to `to`.
        public init(from: JSONValue, to: JSONValue) {
            self.from = from
            self.to = to
        }
    }

    /// The converter names an upcaster file uses.
    public static let names = [
        "unix-seconds-to-rfc3339", "rfc3339-to-unix-seconds", "rfc3339-to-whole-unix-seconds", "number-to-string", "string-to-number",
        "decimal-to-minor-units", "minor-units-to-decimal", "widen-integer", "wrap-in-object", "wrap-in-array", "map-values",
    ]

    /// The name an upcaster file uses for this converter.
    public var name: String {
        switch self {
        case .unixSecondsToRFC3339: "unix-seconds-to-rfc3339"
        case .rfc3339ToUnixSeconds: "rfc3339-to-unix-seconds"
        case .rfc3339ToWholeUnixSeconds: "rfc3339-to-whole-unix-seconds"
        case .numberToString: "number-to-string"
        case .stringToNumber: "string-to-number"
        case .decimalToMinorUnits: "decimal-to-minor-units"
        case .minorUnitsToDecimal: "minor-units-to-decimal"
        case .widenInteger: "widen-integer"
        case .wrapInObject: "wrap-in-object"
        case .wrapInArray: "wrap-in-array"
        case .mapValues: "map-values"
        }
    }

    /// Converts `value`, or explains why it cannot.
    func apply(_ value: JSONValue) -> Result<JSONValue, ConversionProblem> {
        switch self {
        case .unixSecondsToRFC3339:
            guard case .number(let number) = value, let seconds = try? number.int64() else {
                return .failure(.init("expected integer unix seconds, found \(Self.describe(value))"))
            }
            guard let text = RFC3339Timestamp.format(unixSeconds: seconds) else { return .failure(.init("\(seconds) is outside years 0001-9999")) }
            return .success(.string(text))
        case .rfc3339ToUnixSeconds:
            guard case .string(let text) = value, let timestamp = RFC3339Timestamp(text) else {
                return .failure(.init("expected an RFC 3339 date-time, found \(Self.describe(value))"))
            }
            return .success(.number(timestamp.exactUnixSeconds))
        case .rfc3339ToWholeUnixSeconds:
            guard case .string(let text) = value, let timestamp = RFC3339Timestamp(text) else {
                return .failure(.init("expected an RFC 3339 date-time, found \(Self.describe(value))"))
            }
            return .success(.number(JSONNumber(timestamp.unixSeconds)))
        case .numberToString:
            guard case .number(let number) = value else { return .failure(.init("expected a number, found \(Self.describe(value))")) }
            return .success(.string(number.description))
        case .stringToNumber:
            guard case .string(let text) = value, let number = JSONNumber(exactly: text) else {
                return .failure(.init("expected decimal text, found \(Self.describe(value))"))
            }
            return .success(.number(number))
        case .decimalToMinorUnits(let scale):
            guard case .number(let number) = value else { return .failure(.init("expected a decimal amount, found \(Self.describe(value))")) }
            let scaled = number.scaled(byPowerOfTen: scale)
            guard scaled.isInteger else { return .failure(.init("\(number) has more than \(scale) decimals; minor units would lose them")) }
            return .success(.number(scaled))
        case .minorUnitsToDecimal(let scale):
            guard case .number(let number) = value, number.isInteger else {
                return .failure(.init("expected integer minor units, found \(Self.describe(value))"))
            }
            return .success(.number(number.scaled(byPowerOfTen: -scale)))
        case .widenInteger:
            guard case .number(let number) = value, number.isInteger else { return .failure(.init("expected an integer, found \(Self.describe(value))")) }
            return .success(value)
        case .wrapInObject(let key):
            // Room for a few more members, which the next steps often add (a currency beside an amount).
            var members: [JSONObject.Member] = []
            members.reserveCapacity(4)
            members.append((key, value))
            return .success(.object(JSONObject(uniqueMembers: members)))
        case .wrapInArray:
            return .success(.array([value]))
        case .mapValues(let mapping, let otherwise):
            if let entry = mapping.first(where: { $0.from == value }) { return .success(entry.to) }
            if let otherwise { return .success(otherwise) }
            return .failure(.init("\(Self.describe(value)) is not in the value table"))
        }
    }

    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): "string \"\(text.prefix(40))\""
        case .number(let number): "number \(number)"
        default: value.kind.description
        }
    }
}

/// Why a converter could not convert a value.
struct ConversionProblem: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}

import EventSchema

/// A named conversion of one value, used by the `convert` step.
public enum ValueConverter: Sendable, Equatable {
    /// Integer unix seconds → RFC 3339 UTC date-time (`1718042701` → `2024-06-10T18:05:01Z`).
    case unixSecondsToRFC3339
    /// RFC 3339 date-time → unix seconds (an integer, or an exact decimal with fractional seconds).
    case rfc3339ToUnixSeconds
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
        "unix-seconds-to-rfc3339", "rfc3339-to-unix-seconds", "number-to-string", "string-to-number",
        "decimal-to-minor-units", "minor-units-to-decimal", "widen-integer", "wrap-in-object", "wrap-in-array", "map-values",
    ]

    /// The name an upcaster file uses for this converter.
    public var name: String {
        switch self {
        case .unixSecondsToRFC3339: "unix-seconds-to-rfc3339"
        case .rfc3339ToUnixSeconds: "rfc3339-to-unix-seconds"
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
            guard let text = RFC3339.format(unixSeconds: seconds) else { return .failure(.init("\(seconds) is outside years 0001-9999")) }
            return .success(.string(text))
        case .rfc3339ToUnixSeconds:
            guard case .string(let text) = value, let seconds = RFC3339.unixSeconds(text) else {
                return .failure(.init("expected an RFC 3339 date-time, found \(Self.describe(value))"))
            }
            return .success(.number(seconds))
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

/// RFC 3339 timestamps and unix seconds, converted by hand (proleptic Gregorian, UTC).
enum RFC3339 {
    /// The length of the text ``format(unixSeconds:)`` writes.
    static let formattedLength = 20

    /// `2024-06-10T18:05:01Z` for 1718042701; `nil` outside years 0001-9999.
    static func format(unixSeconds: Int64) -> String? {
        var inRange = true
        let text = String(unsafeUninitializedCapacity: formattedLength) { buffer in
            inRange = write(unixSeconds: unixSeconds, into: buffer)
            return inRange ? formattedLength : 0
        }
        return inRange ? text : nil
    }

    /// Writes ``format(unixSeconds:)``'s text digit by digit into the first ``formattedLength``
    /// bytes of `buffer`, or returns `false` outside years 0001-9999: this runs once per event on
    /// the read path.
    static func write(unixSeconds: Int64, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Bool {
        precondition(buffer.count >= formattedLength)
        // 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z; outside, the arithmetic below could overflow.
        guard (-62_135_596_800...253_402_300_799).contains(unixSeconds) else { return false }
        let days = unixSeconds >= 0 ? unixSeconds / 86_400 : (unixSeconds - 86_399) / 86_400
        let secondsOfDay = unixSeconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        func put(_ value: Int64, width: Int, at offset: Int) {
            var rest = value
            for position in (offset..<offset + width).reversed() {
                buffer[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
        }
        put(year, width: 4, at: 0)
        buffer[4] = UInt8(ascii: "-")
        put(month, width: 2, at: 5)
        buffer[7] = UInt8(ascii: "-")
        put(day, width: 2, at: 8)
        buffer[10] = UInt8(ascii: "T")
        put(secondsOfDay / 3600, width: 2, at: 11)
        buffer[13] = UInt8(ascii: ":")
        put(secondsOfDay / 60 % 60, width: 2, at: 14)
        buffer[16] = UInt8(ascii: ":")
        put(secondsOfDay % 60, width: 2, at: 17)
        buffer[19] = UInt8(ascii: "Z")
        return true
    }

    /// Unix seconds of an RFC 3339 date-time, exact (a decimal when it has fractional seconds).
    static func unixSeconds(_ text: String) -> JSONNumber? {
        let bytes = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Int64? {
            guard range.upperBound <= bytes.count else { return nil }
            var value: Int64 = 0
            for index in range {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int64(digit)
            }
            return value
        }
        guard bytes.count >= 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes[10] | 0x20 == UInt8(ascii: "t"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
              let year = digits(0..<4), let month = digits(5..<7), let day = digits(8..<10),
              let hour = digits(11..<13), let minute = digits(14..<16), let second = digits(17..<19),
              (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
              hour < 24, minute < 60, second < 61 else { return nil }
        var index = 19
        var fraction = ""
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 { index += 1 }
            guard index > start else { return nil }
            fraction = String(decoding: bytes[start..<index], as: UTF8.self)
        }
        guard index < bytes.count else { return nil }
        var offset: Int64 = 0
        if bytes[index] | 0x20 == UInt8(ascii: "z") {
            index += 1
        } else if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            guard index + 6 == bytes.count, bytes[index + 3] == UInt8(ascii: ":"),
                  let hours = digits(index + 1..<index + 3), let minutes = digits(index + 4..<index + 6) else { return nil }
            offset = (hours * 60 + minutes) * 60 * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
            index += 6
        }
        guard index == bytes.count else { return nil }
        let days = days(fromCivil: year, month, day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + min(second, 59) - offset
        let trimmed = fraction.reversed().drop { $0 == "0" }.reversed()
        return trimmed.isEmpty ? JSONNumber(seconds) : JSONNumber(exactly: "\(seconds).\(String(trimmed))")
    }

    /// The number of days in `month` of `year` (proleptic Gregorian).
    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a civil date (after Howard Hinnant's algorithm).
    static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a day count since 1970-01-01.
    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

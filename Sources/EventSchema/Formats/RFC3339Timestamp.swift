import Foundation

/// An RFC 3339 §5.6 `date-time` such as `2024-06-10T19:35:01.5+01:30`, read exactly.
///
/// This is Strata's one reading of RFC 3339: the `date-time`, `date` and `time` format assertions,
/// `Date` decoding (`JSONValueDecoder`'s default strategy and `PayloadDecodable`) and the
/// `rfc3339-to-unix-seconds` and `unix-seconds-to-rfc3339` converters all use it, so they accept
/// the same texts and find the same instant in them.
///
/// What it accepts:
/// - a four-digit year `0000`–`9999`, a month `01`–`12` and a day that exists in that month of
///   the proleptic Gregorian calendar (February 29th only in leap years);
/// - `T` or `t`, then hours `00`–`23`, minutes `00`–`59` and seconds `00`–`60`, then an optional
///   fraction of at least one digit (any number of digits, all kept);
/// - `Z`, `z` or an offset `+hh:mm` / `-hh:mm` with hours `00`–`23` and minutes `00`–`59`
///   (`-00:00` is read as `Z`);
/// - a leap second (`:60`) only where the time, converted to UTC, is 23:59:60, as the JSON Schema
///   Test Suite expects: `1998-12-31T23:59:60Z` and `1998-12-31T15:59:60-08:00`, not `12:00:60Z`.
///
/// Unix time has no leap seconds: a leap second's instant is the second after it, 00:00:00 UTC of
/// the next day, as POSIX counts it (`1998-12-31T23:59:60.5Z` is `915148800.5`).
///
/// ```swift
/// let timestamp = RFC3339Timestamp("2024-06-10T19:35:01.5+01:30")!
/// timestamp.unixSeconds       // 1718042701
/// timestamp.exactUnixSeconds  // 1718042701.5
/// RFC3339Timestamp.format(unixSeconds: 1718042701)  // "2024-06-10T18:05:01Z"
/// ```
///
/// Two timestamps are equal when they are written with the same fields and offset; compare
/// ``exactUnixSeconds`` to compare instants.
public struct RFC3339Timestamp: Sendable, Hashable {
    /// The year, 0–9999.
    public let year: Int
    /// The month, 1–12.
    public let month: Int
    /// The day of the month, 1–31.
    public let day: Int
    /// The hour, 0–23.
    public let hour: Int
    /// The minute, 0–59.
    public let minute: Int
    /// The second, 0–60 (60 only for a leap second, at 23:59:60 UTC).
    public let second: Int
    /// The fraction of a second's digits as written, without trailing zeros: `"5"` for `.50`,
    /// `""` for none.
    public let fraction: String
    /// The first nine digits of ``fraction`` as nanoseconds (the rest dropped), 0–999,999,999.
    public let nanosecond: Int
    /// The offset from UTC in minutes, -1439–1439: 90 for `+01:30`, 0 for `Z`, `+00:00` and `-00:00`.
    public let offsetMinutes: Int

    /// Reads `text` as an RFC 3339 `date-time`, or returns `nil` when it is not one.
    ///
    /// - Complexity: O(*n*) in the length of `text`.
    public init?(_ text: String) {
        var text = text
        guard let timestamp = text.withUTF8({ RFC3339Timestamp(utf8: $0) }) else { return nil }
        self = timestamp
    }

    /// Reads the UTF-8 bytes `utf8` as an RFC 3339 `date-time`, or returns `nil` when they are not
    /// one. Allocates nothing unless the fraction has more than 15 digits.
    ///
    /// - Complexity: O(*n*) in the number of bytes.
    public init?(utf8: UnsafeBufferPointer<UInt8>) {
        guard let fields = Self.fields(utf8) else { return nil }
        (year, month, day) = (fields.date.year, fields.date.month, fields.date.day)
        (hour, minute, second, offsetMinutes) = (fields.time.hour, fields.time.minute, fields.time.second, fields.time.offsetMinutes)
        let (nanosecond, lastNonZero) = Self.nanosecond(utf8, fields.time)
        self.nanosecond = nanosecond
        let digits = UnsafeBufferPointer(rebasing: utf8[fields.time.fractionStart..<lastNonZero])
        fraction = digits.isEmpty ? "" : String(decoding: digits, as: UTF8.self)
    }

    /// The instant of the `date-time` that is all of `utf8`, as a `Date` (what ``date`` gives for
    /// ``init(utf8:)``'s timestamp), or `nil` when it is not one; without keeping the fraction's
    /// digits as a `String`, for decoders that read only the instant.
    package static func date(utf8: UnsafeBufferPointer<UInt8>) -> Date? {
        guard let fields = fields(utf8) else { return nil }
        let unixSeconds = unixSeconds(fields.date.year, fields.date.month, fields.date.day, fields.time.hour, fields.time.minute,
                                      fields.time.second, offsetMinutes: fields.time.offsetMinutes)
        return date(unixSeconds: unixSeconds, nanosecond: nanosecond(utf8, fields.time).nanosecond)
    }

    /// The first nine digits of `time`'s fraction in `utf8` as nanoseconds, and the end of its
    /// digits without trailing zeros.
    static func nanosecond(_ utf8: UnsafeBufferPointer<UInt8>, _ time: FullTime) -> (nanosecond: Int, lastNonZero: Int) {
        var nanosecond = 0
        var lastNonZero = time.fractionStart
        for index in time.fractionStart..<time.fractionEnd {
            let digit = utf8[index] &- UInt8(ascii: "0")
            if index - time.fractionStart < 9 { nanosecond = nanosecond &* 10 &+ Int(digit) }
            if digit != 0 { lastNonZero = index + 1 }
        }
        for _ in min(time.fractionEnd - time.fractionStart, 9)..<9 { nanosecond &*= 10 }
        return (nanosecond, lastNonZero)
    }

    /// The whole unix seconds of the given fields, as ``unixSeconds`` computes them.
    static func unixSeconds(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int,
                            offsetMinutes: Int) -> Int64 {
        let days = Self.days(fromCivil: Int64(year), Int64(month), Int64(day))
        return days * 86_400 + Int64(hour * 3600 + minute * 60 + second - offsetMinutes * 60)
    }

    /// The `Date` of whole unix seconds and nanoseconds, as ``date`` computes it.
    static func date(unixSeconds: Int64, nanosecond: Int) -> Date {
        Date(timeIntervalSince1970: Double(unixSeconds) + Double(nanosecond) / 1_000_000_000)
    }

    /// The whole unix seconds of the instant, rounded down (``nanosecond`` and ``fraction`` are
    /// the rest): seconds since 1970-01-01T00:00:00Z, without leap seconds.
    public var unixSeconds: Int64 {
        Self.unixSeconds(year, month, day, hour, minute, second, offsetMinutes: offsetMinutes)
    }

    /// The unix seconds of the instant, exactly: an integer, or a decimal with every digit of the
    /// fraction (`1969-12-31T23:59:59.25Z` is `-0.75`).
    public var exactUnixSeconds: JSONNumber {
        let whole = unixSeconds
        guard !fraction.isEmpty else { return JSONNumber(whole) }
        if whole >= 0 { return JSONNumber(exactly: "\(whole).\(fraction)")! }
        // whole + 0.f = -((|whole| - 1) + (1 - 0.f)); 1 - 0.f is the ten's complement of f's
        // digits, whose last digit is not 0, so neither is the complement's.
        var complement = Array(fraction.utf8)
        for index in complement.indices {
            let digit = complement[index] &- UInt8(ascii: "0")
            complement[index] = UInt8(ascii: "0") + (index == complement.count - 1 ? 10 - digit : 9 - digit)
        }
        return JSONNumber(exactly: "-\(-whole - 1).\(String(decoding: complement, as: UTF8.self))")!
    }

    /// The instant as a `Date`: ``unixSeconds`` plus ``nanosecond``, as near as `Date` holds it.
    public var date: Date {
        Self.date(unixSeconds: unixSeconds, nanosecond: nanosecond)
    }

    // MARK: Formatting

    /// The length of the text ``format(unixSeconds:)`` writes.
    public static let formattedLength = 20

    /// The UTC date-time of whole unix seconds, `2024-06-10T18:05:01Z` for 1718042701; `nil`
    /// outside years 0001–9999. Never writes a leap second.
    public static func format(unixSeconds: Int64) -> String? {
        var inRange = true
        let text = String(unsafeUninitializedCapacity: formattedLength) { buffer in
            inRange = write(unixSeconds: unixSeconds, into: buffer)
            return inRange ? formattedLength : 0
        }
        return inRange ? text : nil
    }

    /// Writes ``format(unixSeconds:)``'s text, two digits a field, into the first ``formattedLength``
    /// bytes of `buffer`, or returns `false` (writing nothing) outside years 0001–9999.
    ///
    /// - Complexity: O(1), without allocating: it runs once per converted value on the read path.
    public static func write(unixSeconds: Int64, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Bool {
        precondition(buffer.count >= formattedLength)
        // 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z; outside, the arithmetic below could overflow.
        guard (-62_135_596_800...253_402_300_799).contains(unixSeconds) else { return false }
        let days = unixSeconds >= 0 ? unixSeconds / 86_400 : (unixSeconds - 86_399) / 86_400
        let secondsOfDay = unixSeconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        // Each field as a pair of digits, from a value below 100 (the year as two), so that
        // each digit is one small division by a constant: no loop, no 64-bit remainder.
        let out = buffer.baseAddress!
        func pair(_ value: Int64, at offset: Int) {
            let twoDigits = UInt8(truncatingIfNeeded: value)
            out[offset] = UInt8(ascii: "0") &+ twoDigits / 10
            out[offset &+ 1] = UInt8(ascii: "0") &+ twoDigits % 10
        }
        pair(year / 100, at: 0)
        pair(year % 100, at: 2)
        out[4] = UInt8(ascii: "-")
        pair(month, at: 5)
        out[7] = UInt8(ascii: "-")
        pair(day, at: 8)
        out[10] = UInt8(ascii: "T")
        pair(secondsOfDay / 3600, at: 11)
        out[13] = UInt8(ascii: ":")
        pair(secondsOfDay / 60 % 60, at: 14)
        out[16] = UInt8(ascii: ":")
        pair(secondsOfDay % 60, at: 17)
        out[19] = UInt8(ascii: "Z")
        return true
    }
}

// MARK: - The grammar, shared with the `date` and `time` formats

extension RFC3339Timestamp {
    /// A `full-date`'s fields.
    struct FullDate {
        var year: Int
        var month: Int
        var day: Int
    }

    /// A `full-time`'s fields, its fraction as a range of the text.
    struct FullTime {
        var hour: Int
        var minute: Int
        var second: Int
        var fractionStart: Int
        var fractionEnd: Int
        var offsetMinutes: Int
    }

    /// The fields of the `date-time` that is all of `p`, or `nil`.
    static func fields(_ p: UnsafeBufferPointer<UInt8>) -> (date: FullDate, time: FullTime)? {
        guard p.count >= 20, let date = fullDate(p, at: 0), p[10] | 0x20 == UInt8(ascii: "t"),
              let time = fullTime(p, from: 11) else { return nil }
        return (date, time)
    }

    /// The `full-date` occupying exactly `p[i ..< i + 10]` (the caller guarantees the bounds), or `nil`.
    static func fullDate(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> FullDate? {
        let hi = twoDigits(p, i), lo = twoDigits(p, i + 2)
        guard hi >= 0, lo >= 0, p[i + 4] == UInt8(ascii: "-"), p[i + 7] == UInt8(ascii: "-") else { return nil }
        let month = twoDigits(p, i + 5), day = twoDigits(p, i + 8)
        let year = hi * 100 + lo
        guard month >= 1, month <= 12, day >= 1, Int64(day) <= daysIn(month: Int64(month), year: Int64(year)) else { return nil }
        return FullDate(year: year, month: month, day: day)
    }

    /// The `full-time` from `p[start]` to the end of `p`, or `nil`; a leap second only where
    /// the time in UTC is 23:59:60.
    static func fullTime(_ p: UnsafeBufferPointer<UInt8>, from start: Int) -> FullTime? {
        let n = p.count
        guard n - start >= 9 else { return nil }
        let hour = twoDigits(p, start), minute = twoDigits(p, start + 3), second = twoDigits(p, start + 6)
        guard hour >= 0, hour <= 23, minute >= 0, minute <= 59, second >= 0, second <= 60,
              p[start + 2] == UInt8(ascii: ":"), p[start + 5] == UInt8(ascii: ":")
        else { return nil }
        var i = start + 8
        var fractionStart = i
        if p[i] == UInt8(ascii: ".") {
            i += 1
            fractionStart = i
            while i < n && p[i] &- UInt8(ascii: "0") < 10 { i += 1 }
            guard i > fractionStart, i < n else { return nil }
        }
        let fractionEnd = i
        var offsetMinutes = 0
        switch p[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard i + 1 == n else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard n - i == 6, p[i + 3] == UInt8(ascii: ":") else { return nil }
            let offsetHour = twoDigits(p, i + 1), offsetMinute = twoDigits(p, i + 4)
            guard offsetHour >= 0, offsetHour <= 23, offsetMinute >= 0, offsetMinute <= 59 else { return nil }
            offsetMinutes = (offsetHour * 60 + offsetMinute) * (p[i] == UInt8(ascii: "+") ? 1 : -1)
        default:
            return nil
        }
        if second == 60 {
            let minuteOfDayInUTC = ((hour * 60 + minute - offsetMinutes) % 1440 + 1440) % 1440
            guard minuteOfDayInUTC == 23 * 60 + 59 else { return nil }
        }
        return FullTime(hour: hour, minute: minute, second: second, fractionStart: fractionStart, fractionEnd: fractionEnd,
                        offsetMinutes: offsetMinutes)
    }

    /// Two ASCII digits at `p[i]`, `p[i + 1]` (the caller guarantees the bounds), or -1.
    @inline(__always)
    private static func twoDigits(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let a = p[i] &- 0x30, b = p[i + 1] &- 0x30
        return a < 10 && b < 10 ? Int(a) * 10 + Int(b) : -1
    }
}

// MARK: - The proleptic Gregorian calendar

extension RFC3339Timestamp {
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

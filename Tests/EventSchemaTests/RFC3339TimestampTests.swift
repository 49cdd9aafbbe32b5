import EventSchema
import Foundation
import Testing

/// `RFC3339Timestamp` keeps the fields as written and finds the instant they name; its agreement
/// with every reader of RFC 3339 is `RFC3339AgreementTests`, in EventUpcastingTests.
struct RFC3339TimestampTests {
    @Test func keepsTheFieldsAsWrittenAndTheFractionExactly() throws {
        let timestamp = try #require(RFC3339Timestamp("2024-06-10t19:35:01.123456789120+01:30"))
        #expect([timestamp.year, timestamp.month, timestamp.day] == [2024, 6, 10] as [Int])
        #expect([timestamp.hour, timestamp.minute, timestamp.second] == [19, 35, 1] as [Int])
        #expect(timestamp.offsetMinutes == 90)
        #expect(timestamp.fraction == "12345678912")
        #expect(timestamp.nanosecond == 123_456_789)
        #expect(timestamp.unixSeconds == 1_718_042_701)
        #expect(timestamp.exactUnixSeconds == JSONNumber(exactly: "1718042701.12345678912"))
        #expect(timestamp == RFC3339Timestamp("2024-06-10T19:35:01.1234567891200+01:30"))
        #expect(timestamp != RFC3339Timestamp("2024-06-10T18:05:01.12345678912Z"))
    }

    @Test func aLeapSecondIsTheFollowingSecond() throws {
        let leap = try #require(RFC3339Timestamp("1998-12-31T15:59:60.25-08:00"))
        #expect(leap.second == 60)
        #expect(leap.exactUnixSeconds == JSONNumber(exactly: "915148800.25"))
        #expect(leap.date == RFC3339Timestamp("1999-01-01T00:00:00.25Z")?.date)
        #expect(RFC3339Timestamp("1998-12-31T15:59:60Z") == nil)
    }

    @Test func secondsBeforeTheEpochKeepTheirFractionExactly() {
        #expect(RFC3339Timestamp("1969-12-31T23:59:59.25Z")?.exactUnixSeconds == JSONNumber(exactly: "-0.75"))
        #expect(RFC3339Timestamp("1969-12-31T23:59:58.001Z")?.exactUnixSeconds == JSONNumber(exactly: "-1.999"))
        #expect(RFC3339Timestamp("1969-12-31T23:59:59.000Z")?.exactUnixSeconds == JSONNumber(-1))
    }

    @Test func formatsWholeSecondsInYears0001To9999() {
        #expect(RFC3339Timestamp.format(unixSeconds: 1_718_042_701) == "2024-06-10T18:05:01Z")
        #expect(RFC3339Timestamp.format(unixSeconds: -62_135_596_800) == "0001-01-01T00:00:00Z")
        #expect(RFC3339Timestamp.format(unixSeconds: 253_402_300_799) == "9999-12-31T23:59:59Z")
        #expect(RFC3339Timestamp.format(unixSeconds: -62_135_596_801) == nil)
        #expect(RFC3339Timestamp.format(unixSeconds: 253_402_300_800) == nil)
        for seconds: Int64 in [-62_135_596_800, -1, 0, 951_782_400, 1_718_042_701, 253_402_300_799] {
            #expect(RFC3339Timestamp(RFC3339Timestamp.format(unixSeconds: seconds)!)?.unixSeconds == seconds)
        }
    }

    /// The two-digits-a-field writer writes what the parser reads back, across the whole range
    /// (a stride that lands on every hour, minute and second value, and every month and day).
    @Test func formattedSecondsReadBackAcrossTheRange() {
        for seconds in stride(from: Int64(-62_135_596_800), through: 253_402_300_799, by: 86_400 * 997 + 3_599 * 7 + 61) {
            let text = RFC3339Timestamp.format(unixSeconds: seconds)
            #expect(text.map { RFC3339Timestamp($0)?.unixSeconds } == seconds, "\(seconds): \(text ?? "nil")")
        }
    }

    /// The instant read without the fraction's string is the one ``RFC3339Timestamp/date`` gives.
    @Test func theInstantAloneIsTheTimestampsDate() {
        let texts = ["2024-06-10T18:05:01Z", "2024-06-10t19:35:01.123456789120+01:30", "1998-12-31T15:59:60.25-08:00",
                     "1969-12-31T23:59:59.25Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999-23:59",
                     "2024-02-29T12:00:00.5z", "2023-02-29T12:00:00Z", "2024-06-10T18:05:01", "1998-12-31T15:59:60Z", ""]
        for text in texts {
            var copy = text
            let alone = copy.withUTF8 { RFC3339Timestamp.date(utf8: $0) }
            #expect(alone == RFC3339Timestamp(text)?.date, "\(text)")
        }
    }
}

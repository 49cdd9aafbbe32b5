import EventSchema
import EventUpcasting
import Foundation
import Testing

/// Every reader of an RFC 3339 date-time gives the same verdict and the same instant: the
/// validator (`format: date-time`), the decoder into `Date` (from a `JSONValue`, from bytes into a
/// `Decodable`, from bytes into a `PayloadDecodable`) and the `rfc3339-to-unix-seconds` converter
/// (on the `JSONValue` path and on the bytes path). One row, one text, one expected outcome.
struct RFC3339AgreementTests {
    /// A text and what every reader must make of it: the instant as unix seconds (whole seconds,
    /// rounded down, and the fraction's digits as written), or `nil` when every reader refuses it.
    struct Row: Sendable, CustomTestStringConvertible {
        let text: String
        let seconds: Int64?
        let fraction: String

        init(_ text: String, _ seconds: Int64?, _ fraction: String = "") {
            self.text = text
            self.seconds = seconds
            self.fraction = fraction
        }

        var testDescription: String { "\(text.debugDescription) → \(seconds.map { "\($0)\(fraction.isEmpty ? "" : " + 0.\(fraction)")" } ?? "refused")" }

        /// The exact unix seconds the converter writes.
        var exactSeconds: JSONNumber? {
            guard let seconds else { return nil }
            if fraction.isEmpty { return JSONNumber(seconds) }
            let exact = Decimal(seconds) + Decimal(string: "0." + fraction)!
            return JSONNumber(exactly: exact.description)
        }

        /// The `Date` a decoder makes: whole seconds plus the fraction to the nanosecond.
        var date: Date? {
            guard let seconds else { return nil }
            let nanoseconds = Int((fraction + "000000000").prefix(9))!
            return Date(timeIntervalSince1970: Double(seconds) + Double(nanoseconds) / 1_000_000_000)
        }
    }

    static let rows: [Row] = [
        // Leap seconds: only where the time in UTC is 23:59:60; the instant is the following second.
        Row("2024-06-10T12:00:60Z", nil),
        Row("1998-12-31T23:59:60Z", 915_148_800),
        Row("1998-12-31T23:59:60+00:00", 915_148_800),
        Row("1998-12-31T15:59:60-08:00", 915_148_800),
        Row("1999-01-01T00:59:60+01:00", 915_148_800),
        Row("1998-12-31T23:59:60.5Z", 915_148_800, "5"),
        Row("1998-12-31T23:58:60Z", nil),
        Row("1998-12-31T23:59:61Z", nil),
        Row("2016-12-31T24:59:60+01:00", nil),
        // Offsets: hours 00-23, minutes 00-59; `Z` and `+00:00` are the same instant.
        Row("2024-06-10T18:05:01Z", 1_718_042_701),
        Row("2024-06-10T18:05:01+00:00", 1_718_042_701),
        Row("2024-06-10T18:05:01-00:00", 1_718_042_701),
        Row("2024-06-10T19:35:01+01:30", 1_718_042_701),
        Row("2024-06-10T18:05:01+99:99", nil),
        Row("2024-06-10T18:05:01+24:00", nil),
        Row("2024-06-10T18:05:01+10:60", nil),
        Row("2024-06-10T18:05:01+01", nil),
        Row("2024-06-10T18:05:01", nil),
        Row("2024-06-10T18:05:01+01:00Z", nil),
        // Lower-case `t` and `z`.
        Row("2024-06-10t18:05:01z", 1_718_042_701),
        // Fractions: 1 digit, 9, 12 and 15 digits, kept exactly by the converter.
        Row("2024-06-10T18:05:01.5Z", 1_718_042_701, "5"),
        Row("2024-06-10T18:05:01.123456789Z", 1_718_042_701, "123456789"),
        Row("2024-06-10T18:05:01.123456789123Z", 1_718_042_701, "123456789123"),
        Row("1985-04-12T00:59:59.999999999999999Z", 482_115_599, "999999999999999"),
        Row("2024-06-10T18:05:01.500Z", 1_718_042_701, "5"),
        Row("1969-12-31T23:59:59.5Z", -1, "5"),
        Row("2024-06-10T18:05:01.Z", nil),
        // Dates: February 29th only in leap years, years 0000-9999 (0000 is a leap year).
        Row("1990-02-29T00:00:00Z", nil),
        Row("2000-02-29T00:00:00Z", 951_782_400),
        Row("1900-02-29T00:00:00Z", nil),
        Row("0000-01-01T00:00:00Z", -62_167_219_200),
        Row("0000-02-29T00:00:00Z", -62_162_121_600),
        Row("9999-12-31T23:59:60Z", 253_402_300_800),
        Row("2024-13-01T00:00:00Z", nil),
        Row("2024-06-31T00:00:00Z", nil),
        // Not RFC 3339.
        Row("+12024-06-10T18:05:01Z", nil),
        Row("2024-6-10T18:05:01Z", nil),
        Row("2024-06-10 18:05:01Z", nil),
        Row("2024-06-10T18:05:01Z\n", nil),
        Row("2024-06-1৪T18:05:01Z", nil),
        Row("", nil),
    ]

    static let schema = try! JSONSchema(["type": "string", "format": "date-time"], options: JSONSchema.Options(assertsFormat: true))

    /// Reads `Stamp` v1 as it is.
    static let plainReader = EventReader(chain: try! UpcasterChain(upcasters: [], currentVersions: ["Stamp": 1]), types: EventTypeMap())

    /// Reads `Stamp` v1 as v2, whose `at` is unix seconds.
    static let convertingReader = EventReader(chain: try! UpcasterChain(upcasters: [
        Upcaster(eventType: "Stamp", fromVersion: 1, toVersion: 2, steps: [
            .convert(pointer: UpcastPointer("/at")!, converter: .rfc3339ToUnixSeconds),
        ]),
    ], currentVersions: ["Stamp": 2]), types: EventTypeMap())

    /// Reads `Stamp` v1, whose `at` is unix seconds, as v2, whose `at` is RFC 3339 text.
    static let formattingReader = EventReader(chain: try! UpcasterChain(upcasters: [
        Upcaster(eventType: "Stamp", fromVersion: 1, toVersion: 2, steps: [
            .convert(pointer: UpcastPointer("/at")!, converter: .unixSecondsToRFC3339),
        ]),
    ], currentVersions: ["Stamp": 2]), types: EventTypeMap())

    struct Stamp: Decodable, Equatable {
        var at: Date
    }

    struct FastStamp: PayloadDecodable, Equatable {
        var at: Date

        init(payload: PayloadValue) throws(DecodingFailure) {
            at = try payload.decode(forKey: "at")
        }
    }

    @Test("the validator, the decoders and the converters agree", arguments: rows)
    func everyReaderAgrees(_ row: Row) throws {
        let payload: JSONValue = ["at": .string(row.text)]
        let bytes = Array(payload.serialized().utf8)
        let stored = StoredEvent(eventType: "Stamp", version: 1, payload: payload)

        #expect(Self.schema.isValid(.string(row.text)) == (row.seconds != nil), "validator")

        #expect((try? JSONValueDecoder().decode(Stamp.self, from: payload))?.at == row.date, "decoder, JSONValue")
        #expect((try? Self.plainReader.read(Stamp.self, eventType: "Stamp", version: 1, payload: bytes))?.at == row.date,
                "decoder, bytes into Decodable")
        #expect((try? Self.plainReader.read(FastStamp.self, eventType: "Stamp", version: 1, payload: bytes))?.at == row.date,
                "decoder, bytes into PayloadDecodable")

        let converted: JSONValue? = row.exactSeconds.map { ["at": .number($0)] }
        #expect((try? Self.convertingReader.read(stored, as: AnyJSON.self))?.value == converted, "converter, JSONValue")
        #expect((try? Self.convertingReader.read(AnyJSON.self, eventType: "Stamp", version: 1, payload: bytes))?.value == converted,
                "converter, bytes")

        // Back again: whole seconds in years 0001-9999 are written, on both paths, as text that
        // every reader reads as the same second; others are refused on both paths.
        guard let seconds = row.seconds else { return }
        let written = try? Self.formattingReader.read(AnyJSON.self, eventType: "Stamp", version: 1, payload: Array(#"{"at":\#(seconds)}"#.utf8))
        let writtenByValue = try? Self.formattingReader.read(StoredEvent(eventType: "Stamp", version: 1, payload: ["at": .number(JSONNumber(seconds))]),
                                                             as: AnyJSON.self)
        #expect(written == writtenByValue, "formatting, bytes and JSONValue")
        #expect((written != nil) == (-62_135_596_800...253_402_300_799).contains(seconds), "formatting refuses only outside 0001-9999")
        guard case .object(let object)? = written?.value, case .string(let text)? = object["at"] else { return }
        #expect(Self.schema.isValid(.string(text)), "\(text) is valid")
        #expect(try JSONValueDecoder().decode(Stamp.self, from: ["at": .string(text)]).at == Date(timeIntervalSince1970: Double(seconds)))
        #expect(try Self.convertingReader.read(StoredEvent(eventType: "Stamp", version: 1, payload: ["at": .string(text)]), as: AnyJSON.self).value
                == ["at": .number(JSONNumber(seconds))])
    }
}

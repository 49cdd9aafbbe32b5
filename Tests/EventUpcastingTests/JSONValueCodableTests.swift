import EventSchema
import EventUpcasting
import Foundation
import Testing

/// `JSONValue` as a member of a `Codable` struct, through Strata's coders and Foundation's.
struct JSONValueCodableTests {
    /// An event whose metadata has no fixed shape.
    struct Tagged: Codable, Equatable {
        var orderId: String
        var metadata: JSONValue
    }

    static let text = #"{"orderId":"ord_7Kq2XbN9wR","metadata":{"sequence":1234567890123456789,"amount":199.99,"#
        + #""max":9223372036854775807,"big":18446744073709551616,"tiny":1e-7,"flags":[true,null,"x"],"nested":{"a":{"b":[]}}}}"#

    @Test func strataCodersKeepEveryNumberBitForBit() throws {
        let value = try JSONValue(parsing: Self.text)
        let tagged = try JSONValueDecoder().decode(Tagged.self, from: value)
        #expect(tagged.metadata["sequence"]?.number?.int64Value == 1_234_567_890_123_456_789)
        #expect(try tagged.metadata["amount"]?.number?.decimal() == Decimal(string: "199.99"))
        let encoded = try JSONValueEncoder().encode(tagged)
        #expect(String(decoding: encoded.serializedBytes(), as: UTF8.self) == Self.text)
    }

    /// The read path from bytes (no `JSONValue` parsed first) gives the metadata just as exactly.
    @Test func theBytesReadPathKeepsTheMetadataBitForBit() throws {
        let reader = EventReader(chain: try UpcasterChain(upcasters: [], currentVersions: [:]), types: EventTypeMap())
        let tagged = try reader.read(Tagged.self, eventType: "Tagged", version: 1, payload: Array(Self.text.utf8))
        #expect(String(decoding: try JSONValueEncoder().encode(tagged).serializedBytes(), as: UTF8.self) == Self.text)
    }

    /// Foundation's `JSONDecoder` hands a number to `JSONValue` as an `Int64` when it is one, else as
    /// a `Decimal`: int64s, and decimals of up to 38 significant digits, are exact in value; the text
    /// is not kept (`1e-7` comes back as `0.0000001`).
    @Test func foundationCodersKeepInt64AndDecimalValuesExact() throws {
        let tagged = try JSONDecoder().decode(Tagged.self, from: Data(Self.text.utf8))
        #expect(tagged == (try JSONValueDecoder().decode(Tagged.self, from: JSONValue(parsing: Self.text))))
        #expect(tagged.metadata["sequence"]?.number?.int64Value == 1_234_567_890_123_456_789)
        #expect(tagged.metadata["max"]?.number?.int64Value == Int64.max)
        #expect(try tagged.metadata["amount"]?.number?.decimal() == Decimal(string: "199.99"))
        #expect(try tagged.metadata["big"]?.number?.decimal() == Decimal(string: "18446744073709551616"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let again = try JSONValue(parsing: Array(try encoder.encode(tagged)))
        #expect(again == (try JSONValue(parsing: Self.text)))
        #expect(again["metadata"]?["sequence"]?.serializedBytes() == Array("1234567890123456789".utf8))
        #expect(again["metadata"]?["amount"]?.serializedBytes() == Array("199.99".utf8))
        #expect(again["metadata"]?["tiny"]?.serializedBytes() == Array("0.0000001".utf8))  // the value, not the text
    }

    /// Past 38 significant digits a `Decimal` rounds, so Foundation's coders change such a number;
    /// Strata's keep it.
    @Test func foundationCodersRoundPastThirtyEightDigitsAndStrataCodersDoNot() throws {
        let long = #"{"orderId":"o","metadata":0.123456789012345678901234567890123456789012345}"#
        let foundation = try JSONDecoder().decode(Tagged.self, from: Data(long.utf8))
        #expect(foundation.metadata != (try JSONValue(parsing: long))["metadata"])
        let strata = try JSONValueDecoder().decode(Tagged.self, from: JSONValue(parsing: long))
        #expect(String(decoding: try JSONValueEncoder().encode(strata).serializedBytes(), as: UTF8.self) == long)
    }
}

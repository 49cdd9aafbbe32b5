import EventSchema
import Testing

struct JSONParserTests {
    @Test func parsesEveryKindOfValueAndKeepsKeyOrder() throws {
        let value = try JSONValue(parsing: #"{"z": null, "a": [true, false, 1, -2.5, "s"], "m": {}}"#)
        #expect(value.object?.keys == ["z", "a", "m"])
        #expect(value["a"] == [true, false, 1, .number(JSONNumber(exactly: "-2.5")!), "s"])
        #expect(value["z"]?.isNull == true)
        #expect(value["m"] == .object(JSONObject()))
    }

    @Test func int64AndUInt64RoundTripBitForBit() throws {
        let text = #"{"sequence":1234567890123456789,"min":-9223372036854775808,"max":18446744073709551615}"#
        let value = try JSONValue(parsing: text)
        #expect(try value["sequence"]?.number?.int64() == 1234567890123456789)
        #expect(try value["min"]?.number?.int64() == Int64.min)
        #expect(try value["max"]?.number?.uint64() == UInt64.max)
        #expect(value.serialized() == text)
    }

    @Test(arguments: ["199.99", "1e400", "-0.000000000000000000001", "123456789012345678901234567890", "1E+2", "0.10"])
    func numbersNoSwiftTypeHoldsKeepTheirText(_ text: String) throws {
        let value = try JSONValue(parsing: "[\(text)]")
        #expect(value.serialized() == "[\(text)]")
    }

    @Test func stringsDecodeEscapesAndSurrogatePairs() throws {
        let value = try JSONValue(parsing: #"["a\"b\\c\/d\b\f\n\r\t", "\u00e9\ud83d\ude00", "é😀"]"#)
        #expect(value[0]?.string == "a\"b\\c/d\u{8}\u{c}\n\r\t")
        #expect(value[1]?.string == "é😀")
        #expect(value[2]?.string == "é😀")
    }

    @Test func serializedStringsParseBackToTheSameValue() throws {
        let original: JSONValue = ["text": "quote \" backslash \\ newline \n control \u{1} emoji 😀"]
        #expect(try JSONValue(parsing: original.serialized()) == original)
        #expect(try JSONValue(parsing: original.serialized(pretty: true)) == original)
    }

    @Test(arguments: [
        ("[1,]", "expected a value"),
        ("{\"a\":1,}", "expected a string key"),
        ("{\"a\":1,\"a\":2}", "duplicate key \"a\""),
        ("[1] x", "unexpected content after the JSON value"),
        ("[01]", "leading zeros"),
        ("[1.]", "expected a digit after '.'"),
        ("[+1]", "unexpected character '+'"),
        ("[NaN]", "unexpected character 'N'"),
        ("\"\\ud800\"", "lone high surrogate"),
        ("\"\\udc00\"", "lone low surrogate"),
        ("\"a\u{1}\"", "unescaped control character"),
        ("\"\\x\"", "invalid escape"),
        ("[tru]", "invalid literal"),
        ("", "unexpected end of input"),
        ("\"abc", "unterminated string"),
    ])
    func malformedTextIsATypedError(_ text: String, _ reason: String) {
        #expect {
            try JSONValue(parsing: text)
        } throws: { error in
            (error as? JSONSyntaxError)?.reason.contains(reason) == true
        }
    }

    @Test func invalidUTF8IsAnErrorAtItsByte() {
        let bytes: [UInt8] = [0x5B, 0x22, 0x61, 0xFF, 0x22, 0x5D]
        #expect(throws: JSONSyntaxError(reason: "invalid UTF-8 byte 0xFF", offset: 3, line: 1, column: 4)) {
            try JSONValue(parsing: bytes)
        }
        let overlong: [UInt8] = [0x22, 0xC0, 0xAF, 0x22]
        #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: overlong) }
        let encodedSurrogate: [UInt8] = [0x22, 0xED, 0xA0, 0x80, 0x22]
        #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: encodedSurrogate) }
    }

    @Test func errorsCarryLineAndColumn() {
        #expect(throws: JSONSyntaxError(reason: "unexpected character '}', expected a value", offset: 19, line: 3, column: 8)) {
            try JSONValue(parsing: "{\n  \"a\": 1,\n  \"b\": }")
        }
    }

    @Test func hundredThousandNestedArraysAreAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000)
        #expect {
            try JSONValue(parsing: deep)
        } throws: { error in
            (error as? JSONSyntaxError)?.reason == "nesting deeper than 512 levels"
        }
    }

    @Test func depthLimitIsConfigurable() throws {
        let nested = String(repeating: "[", count: 20) + String(repeating: "]", count: 20)
        #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: nested, options: JSONParsingOptions(maximumDepth: 10)) }
        #expect(try JSONValue(parsing: nested, options: JSONParsingOptions(maximumDepth: 20)).array?.count == 1)
    }

    @Test func largeObjectsDetectDuplicatesAndLookUpByIndex() throws {
        let members = (0..<100).map { "\"k\($0)\": \($0)" }.joined(separator: ",")
        let value = try JSONValue(parsing: "{\(members)}")
        #expect(value["k73"] == 73)
        #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: "{\(members), \"k5\": 0}") }
    }

    @Test func keysThatLookAlikeButDifferInScalarsAreDistinct() throws {
        let value = try JSONValue(parsing: #"{"\u00e9": 1, "e\u0301": 2}"#)
        #expect(value.object?.count == 2)
        #expect(value["\u{e9}"] == 1)
        #expect(value["e\u{301}"] == 2)
        #expect(JSONValue.string("\u{e9}") != .string("e\u{301}"))
    }
}

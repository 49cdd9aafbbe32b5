import EventSchema
import Foundation
import Testing

struct JSONNumberTests {
    @Test(arguments: [
        ("199.99", 2, "19999"), ("1.50", 1, "15"), ("-0.5", 1, "-5"), ("12", 3, "12000"), ("0.001", 3, "1"),
        ("1.234", 2, "123.4"), ("1e2", 2, "10000"), ("9223372036854775807", 1, "92233720368547758070"),
        ("92233720368547758.07", 2, "9223372036854775807"), ("92233720368547758.08", 2, "9223372036854775808"),
        ("-92233720368547758.08", 2, "-9223372036854775808"), ("123.45", -1, "12.345"),
    ])
    func scalingByAPowerOfTenIsExact(_ text: String, _ power: Int, _ expected: String) throws {
        let number = try #require(JSONNumber(exactly: text))
        #expect(number.scaled(byPowerOfTen: power) == JSONNumber(exactly: expected), "\(text) × 10^\(power)")
        #expect(number.scaled(byPowerOfTen: power).description == expected)
    }

    @Test func equalityIsByValue() {
        #expect(JSONNumber(exactly: "1.0") == JSONNumber(1))
        #expect(JSONNumber(exactly: "10e-1") == JSONNumber(1))
        #expect(JSONNumber(exactly: "-0") == JSONNumber(0))
        #expect(JSONNumber(exactly: "199.99") == JSONNumber(exactly: "1.9999E2"))
        #expect(JSONNumber(exactly: "9007199254740993") != JSONNumber(exactly: "9007199254740992"))
        #expect(Set([JSONNumber(1), JSONNumber(exactly: "1.00")!]).count == 1)
    }

    @Test func orderingIsExactBeyondDoublePrecision() {
        let a = JSONNumber(1234567890123456789 as Int64)
        let b = JSONNumber(exactly: "1234567890123456788.5")!
        #expect(b < a)
        #expect(JSONNumber(exactly: "1e400")! > JSONNumber(UInt64.max))
        #expect(JSONNumber(exactly: "-1e400")! < JSONNumber(Int64.min))
        #expect(JSONNumber(exactly: "0.1")! < JSONNumber(exactly: "0.10000000000000000001")!)
    }

    @Test func conversionsAreExplicitAndThrowOnLoss() throws {
        #expect(try JSONNumber(exactly: "1e3")!.int64() == 1000)
        #expect(throws: JSONNumber.ConversionError.notAnInteger("1.5")) { try JSONNumber(exactly: "1.5")!.int64() }
        #expect(throws: JSONNumber.ConversionError.outOfRange("9223372036854775808", target: "Int64")) {
            try JSONNumber(exactly: "9223372036854775808")!.int64()
        }
        #expect(throws: JSONNumber.ConversionError.outOfRange("-1", target: "UInt64")) { try JSONNumber(-1).uint64() }
        #expect(try JSONNumber(exactly: "199.99")!.decimal() == Decimal(string: "199.99"))
        #expect(try JSONNumber(exactly: "199.99")!.double() == 199.99)
        #expect(throws: JSONNumber.ConversionError.inexact("1234567890123456789", target: "Double")) {
            try JSONNumber(1234567890123456789 as Int64).double()
        }
        #expect(throws: JSONNumber.ConversionError.outOfRange("1e400", target: "Double")) { try JSONNumber(exactly: "1e400")!.double() }
        #expect(throws: JSONNumber.ConversionError.inexact("1e400", target: "Decimal")) { try JSONNumber(exactly: "1e400")!.decimal() }
    }

    @Test func multipleOfIsExactForDecimals() {
        #expect(JSONNumber(exactly: "199.99")!.isMultiple(of: JSONNumber(exactly: "0.01")!) == true)
        #expect(JSONNumber(exactly: "0.3")!.isMultiple(of: JSONNumber(exactly: "0.1")!) == true)
        #expect(JSONNumber(exactly: "0.35")!.isMultiple(of: JSONNumber(exactly: "0.1")!) == false)
        #expect(JSONNumber(exactly: "1e308")!.isMultiple(of: JSONNumber(exactly: "0.123456789")!) == false)
        #expect(JSONNumber(exactly: "123456789012345678901234567890")!.isMultiple(of: JSONNumber(exactly: "10")!) == true)
        #expect(JSONNumber(exactly: "123456789012345678901234567891")!.isMultiple(of: JSONNumber(exactly: "123456789012345678901")!) == false)
    }

    @Test func jsonNumberTextIsCheckedStrictly() {
        for bad in ["+1", "01", ".5", "1.", "1e", "NaN", "Infinity", "0x10", ""] {
            #expect(JSONNumber(exactly: bad) == nil, "\(bad) is not a JSON number")
        }
    }
}

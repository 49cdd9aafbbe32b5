import EventSchema
import Testing

/// Integer bounds and `multipleOf` at sizes no machine integer holds are decided exactly.
struct HugeBoundsTests {
    /// A schema, an instance and whether the instance is valid.
    struct Case: Sendable, CustomTestStringConvertible {
        var schema: String
        var instance: String
        var valid: Bool
        var testDescription: String { "\(schema) against \(instance)" }
    }

    static let boundCases: [Case] = [
        Case(schema: #"{"minLength": 2305843009213693952}"#, instance: #""abc""#, valid: false),
        Case(schema: #"{"minLength": 4611686018427387904}"#, instance: #""abc""#, valid: false),
        Case(schema: #"{"minLength": 9223372036854775807}"#, instance: #""abc""#, valid: false),
        Case(schema: #"{"minLength": 18446744073709551615}"#, instance: #""abc""#, valid: false),
        Case(schema: #"{"minLength": 1e20}"#, instance: #""abc""#, valid: false),
        Case(schema: #"{"maxLength": 1e20}"#, instance: #""abc""#, valid: true),
        Case(schema: #"{"maxLength": 2305843009213693952}"#, instance: #""abc""#, valid: true),
        Case(schema: #"{"minItems": 2305843009213693952}"#, instance: "[1, 2]", valid: false),
        Case(schema: #"{"maxItems": 1e20}"#, instance: "[1, 2]", valid: true),
        Case(schema: #"{"minProperties": 1e20}"#, instance: #"{"a": 1}"#, valid: false),
        Case(schema: #"{"maxProperties": 2305843009213693952}"#, instance: #"{"a": 1}"#, valid: true),
        Case(schema: #"{"contains": {}, "minContains": 2305843009213693952}"#, instance: "[1]", valid: false),
        Case(schema: #"{"contains": {}, "minContains": 1e20}"#, instance: "[1]", valid: false),
        Case(schema: #"{"contains": {}, "maxContains": 1e20}"#, instance: "[1, 2]", valid: true),
        Case(schema: #"{"multipleOf": 0.01}"#, instance: "1e999999", valid: true),
        Case(schema: #"{"multipleOf": 1e-1000000}"#, instance: "1", valid: true),
        Case(schema: #"{"multipleOf": 1}"#, instance: "1e-1000000", valid: false),
    ]

    @Test("a huge integer bound or multipleOf is evaluated exactly, without a trap", arguments: boundCases)
    func hugeBoundIsEvaluatedExactly(_ testCase: Case) throws {
        let schema = try JSONSchema(try JSONValue(parsing: testCase.schema))
        let instance = try JSONValue(parsing: testCase.instance)
        #expect(schema.isValid(instance) == testCase.valid)
        #expect(schema.validate(instance).isValid == testCase.valid)
    }

    @Test func negativeBoundBeyondInt64IsRefusedWhenTheMetaSchemaIsNotChecked() throws {
        #expect(throws: SchemaError.self) {
            try JSONSchema(try JSONValue(parsing: #"{"minLength": -1e20}"#), options: JSONSchema.Options(checksMetaSchema: false))
        }
    }

    static let multipleCases: [(String, String, Bool)] = [
        ("1e999999", "0.01", true),
        ("1", "1e-1000000", true),
        ("1e-1000000", "1", false),
        ("9e999999", "3", true),
        ("1e999999", "3", false),
        ("199.99", "0.01", true),
        ("0.35", "0.1", false),
        ("7.5", "2.5", true),
        ("7.5", "0.5", true),
        ("0.00002", "0.000004", true),
        ("10", "4", false),
        ("12", "0.24", true),
        ("6.25e-7", "1.25e-7", true),
        ("3e400", "1.5e399", true),
        ("1e-5", "2e-5", false),
        ("100000000000000000000", "2305843009213693952", false),
        ("11529215046068469760", "2305843009213693952", true),
        ("123456789012345678901234567890e5", "123456789012345678901234567890", true),
        ("123456789012345678901234567891", "123456789012345678901", false),
        ("-4.5", "1.5", true),
        ("0", "1e-999999", true),
    ]

    @Test("multipleOf is decided on digits and exponents", arguments: multipleCases)
    func multipleIsDecidedExactly(_ value: String, _ divisor: String, _ expected: Bool) {
        #expect(JSONNumber(exactly: value)!.isMultiple(of: JSONNumber(exactly: divisor)!) == expected)
    }
}

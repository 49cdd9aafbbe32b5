@testable import EventSchema
import Testing

/// The fast pass runs keywords lowered to plain values (``PlainKeyword``); its verdicts must be the
/// compiled keywords' verdicts, including where a plain keyword hands a value back to them.
struct PlainKeywordTests {
    /// A schema, an instance, and whether it is valid.
    struct Case: Sendable, CustomStringConvertible {
        let schema: String
        let instance: String
        let valid: Bool
        var description: String { "\(schema) with \(instance)" }
    }

    static let closed = #"{"properties": {"a": {"type": "integer"}, "b": {"type": "string"}}, "additionalProperties": false}"#
    static let closedToSchema = #"{"properties": {"a": {"type": "integer"}}, "additionalProperties": {"type": "string"}}"#
    static let cases: [Case] = [
        Case(schema: closed, instance: #"{"a": 1, "b": "x"}"#, valid: true),
        Case(schema: closed, instance: #"{"b": "x", "a": 1}"#, valid: true),
        Case(schema: closed, instance: #"{"b": "x", "a": "1"}"#, valid: false),
        Case(schema: closed, instance: #"{"a": 1, "c": null}"#, valid: false),
        Case(schema: closed, instance: #"{}"#, valid: true),
        Case(schema: closed, instance: #"[1]"#, valid: true),
        Case(schema: closedToSchema, instance: #"{"z": "x", "a": 2}"#, valid: true),
        Case(schema: closedToSchema, instance: #"{"a": 2, "z": 3}"#, valid: false),
        // With patternProperties the two keywords stay apart.
        Case(schema: #"{"properties": {"a": {}}, "patternProperties": {"^x": {"type": "integer"}}, "additionalProperties": false}"#,
             instance: #"{"a": 1, "x1": 2}"#, valid: true),
        Case(schema: #"{"properties": {"a": {}}, "patternProperties": {"^x": {"type": "integer"}}, "additionalProperties": false}"#,
             instance: #"{"a": 1, "y": 2}"#, valid: false),
        // More than 12 declared properties: the compiled keyword's hash index.
        Case(schema: #"{"properties": {\#((0..<14).map { "\"p\($0)\": {\"type\": \"integer\"}" }.joined(separator: ", "))}, "additionalProperties": false}"#,
             instance: #"{"p13": 1, "p0": 2}"#, valid: true),
        Case(schema: #"{"properties": {\#((0..<14).map { "\"p\($0)\": {\"type\": \"integer\"}" }.joined(separator: ", "))}, "additionalProperties": false}"#,
             instance: #"{"p13": 1, "q": 2}"#, valid: false),
        Case(schema: #"{"required": ["a", "b"]}"#, instance: #"{"b": 1, "a": 2}"#, valid: true),
        Case(schema: #"{"required": ["a", "b"]}"#, instance: #"{"a": 2}"#, valid: false),
        // Limits: numbers that are not Int64 go back to the compiled keyword.
        Case(schema: #"{"minimum": 1}"#, instance: "1", valid: true),
        Case(schema: #"{"exclusiveMinimum": 1}"#, instance: "1", valid: false),
        Case(schema: #"{"minimum": 1}"#, instance: "0.5", valid: false),
        Case(schema: #"{"minimum": 1}"#, instance: "1.5", valid: true),
        Case(schema: #"{"maximum": 1}"#, instance: "18446744073709551615", valid: false),
        Case(schema: #"{"exclusiveMaximum": 1}"#, instance: "0", valid: true),
        Case(schema: #"{"maximum": 1.5}"#, instance: "1", valid: true),
        Case(schema: #"{"minLength": 2}"#, instance: #""é""#, valid: false),
        Case(schema: #"{"minLength": 2}"#, instance: #""éé""#, valid: true),
        Case(schema: #"{"maxLength": 2}"#, instance: #""éé""#, valid: true),
        Case(schema: #"{"maxLength": 2}"#, instance: #""abc""#, valid: false),
        Case(schema: #"{"minItems": 1, "maxItems": 2}"#, instance: "[]", valid: false),
        Case(schema: #"{"minItems": 1, "maxItems": 2}"#, instance: "[1, 2, 3]", valid: false),
        Case(schema: #"{"prefixItems": [{"type": "string"}], "items": {"type": "integer"}}"#, instance: #"["a", 1, 2]"#, valid: true),
        Case(schema: #"{"prefixItems": [{"type": "string"}], "items": {"type": "integer"}}"#, instance: #"["a", 1, "b"]"#, valid: false),
        Case(schema: #"{"pattern": "^[A-Z]{3}$"}"#, instance: #""EUR""#, valid: true),
        Case(schema: #"{"pattern": "^[A-Z]{3}$"}"#, instance: #""eur""#, valid: false),
        // Leaves checked in place by the member walk, including their fallbacks to compiled keywords.
        Case(schema: #"{"properties": {"a": {"type": "string", "minLength": 2}}}"#, instance: #"{"a": "é"}"#, valid: false),
        Case(schema: #"{"properties": {"a": {"type": "string", "minLength": 2}}}"#, instance: #"{"a": "éé"}"#, valid: true),
        Case(schema: #"{"items": {"type": "integer", "minimum": 0}}"#, instance: "[1, -1]", valid: false),
        Case(schema: #"{"items": {"type": "integer", "minimum": 0}}"#, instance: "[1, 1.5]", valid: false),
        Case(schema: #"{"items": {"type": "integer", "minimum": 0}}"#, instance: "[0, 2.0, 1e2]", valid: true),
        Case(schema: #"{"properties": {}, "additionalProperties": {"type": "string", "pattern": "^x"}}"#, instance: #"{"a": "xy"}"#, valid: true),
        Case(schema: #"{"properties": {}, "additionalProperties": {"type": "string", "pattern": "^x"}}"#, instance: #"{"a": "y"}"#, valid: false),
        Case(schema: ##"{"$defs": {"n": {"type": "integer"}}, "$ref": "#/$defs/n"}"##, instance: "1.0", valid: true),
        Case(schema: ##"{"$defs": {"n": {"type": "integer"}}, "$ref": "#/$defs/n"}"##, instance: "1.5", valid: false),
    ]

    @Test(arguments: cases)
    func fastAndDetailedPassesAgree(_ testCase: Case) throws {
        let schema = try JSONSchema(try JSONValue(parsing: testCase.schema))
        let instance = try JSONValue(parsing: testCase.instance)
        #expect(schema.isValid(instance) == testCase.valid)
        #expect(schema.validate(instance).isValid == testCase.valid)
    }

    @Test func propertiesAndAdditionalPropertiesLowerToOneWalk() throws {
        let program = try JSONSchema(try JSONValue(parsing: Self.closed)).program
        let root = program.nodes[program.root]
        let operations = program.plain.keywords[root.plainStart..<root.plainEnd].map(\.operation)
        #expect(operations == [.closedProperties])
    }

    @Test func subschemasWithOnlyScalarKeywordsAreLeaves() throws {
        let program = try JSONSchema(try JSONValue(parsing: #"""
            {"type": "object", "properties": {"id": {"type": "string", "pattern": "^o"}, "n": {"type": "integer", "minimum": 0},
             "lines": {"type": "array", "items": {"type": "string"}}}}
            """#)).program
        let children = program.plain.entryNodes.filter { $0 >= 0 }
        #expect(children.map { program.nodes[$0].isLeaf } == [true, true, false])
        #expect(!program.nodes[program.root].isLeaf)
    }

    @Test func keywordsWithoutAPlainFormRunCompiled() throws {
        let program = try JSONSchema(try JSONValue(parsing: #"{"anyOf": [{"type": "string"}], "minimum": 1.5}"#)).program
        let root = program.nodes[program.root]
        let operations = program.plain.keywords[root.plainStart..<root.plainEnd].map(\.operation)
        #expect(operations == [.general, .general])
    }
}

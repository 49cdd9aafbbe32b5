import EventSchema
import Testing

struct JSONSchemaTests {
    func schema(_ text: String, options: JSONSchema.Options = JSONSchema.Options(), resolver: (any SchemaResolver)? = nil) throws -> JSONSchema {
        try JSONSchema(try JSONValue(parsing: text), options: options, resolver: resolver)
    }

    @Test func reportsEveryErrorWithInstanceAndKeywordLocations() throws {
        let compiled = try schema(#"""
        {"type": "object", "required": ["orderId", "total"],
         "properties": {"total": {"$ref": "#/$defs/money"}, "lines": {"type": "array", "items": {"type": "integer"}}},
         "$defs": {"money": {"type": "object", "properties": {"currency": {"pattern": "^[A-Z]{3}$"}}}}}
        """#)
        let result = compiled.validate(try JSONValue(parsing: #"{"total": {"currency": "eur"}, "lines": [1, "two"]}"#))
        #expect(result.errors.map(\.description) == [
            #"#: required property "orderId" is missing (strata:///schema.json#/required)"#,
            "#/total/currency: string does not match the pattern ^[A-Z]{3}$ (strata:///schema.json#/$defs/money/properties/currency/pattern)",
            "#/lines/1: expected integer, got string (strata:///schema.json#/properties/lines/items/type)",
        ])
        #expect(result.errors[1].keywordLocation.description == "/properties/total/$ref/properties/currency/pattern")
        #expect(result.basicOutput["valid"] == false)
        #expect(result.basicOutput["errors"]?[0]?["instanceLocation"] == "")
    }

    @Test func exactNumbersDecideBoundsThatDoublesCannot() throws {
        let compiled = try schema(#"{"maximum": 1234567890123456788, "multipleOf": 1}"#)
        #expect(!compiled.isValid(try JSONValue(parsing: "1234567890123456789")))
        #expect(compiled.isValid(try JSONValue(parsing: "1234567890123456788")))
        let cents = try schema(#"{"multipleOf": 0.01}"#)
        #expect(cents.isValid(try JSONValue(parsing: "199.99")))
        #expect(!cents.isValid(try JSONValue(parsing: "199.999")))
    }

    @Test func schemaIsCheckedAgainstItsMetaSchemaWithPointersIntoTheSchema() throws {
        #expect {
            try schema(#"{"properties": {"amount": {"type": "nmber"}}}"#)
        } throws: { error in
            guard case .metaSchemaViolation(_, let violations) = error as? SchemaError else { return false }
            return violations.contains { $0.instanceLocation.description == "/properties/amount/type" }
        }
        #expect(throws: SchemaError.self) { try schema(#"{"minLength": -1}"#) }
    }

    @Test func aSchemaMustBeAnObjectOrBoolean() {
        #expect(throws: SchemaError.invalidKeyword(file: nil, pointer: .root, reason: "a schema must be an object or a boolean, not array")) {
            try schema("[]")
        }
    }

    @Test func unknownReferenceIsAnError() {
        #expect(throws: SchemaError.unresolvedReference(file: nil, pointer: JSONPointer(tokens: ["properties", "a"]), reference: "#/$defs/missing")) {
            try schema(##"{"properties": {"a": {"$ref": "#/$defs/missing"}}}"##)
        }
        #expect(throws: SchemaError.self) { try schema(#"{"$ref": "Money/1.json"}"#) }
    }

    @Test func referencesThatLoopWithoutConsumingInputAreDetected() {
        #expect {
            try schema(##"{"$ref": "#/$defs/a", "$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"allOf": [{"$ref": "#/$defs/a"}]}}}"##)
        } throws: { error in
            if case .cyclicReference? = error as? SchemaError { return true }
            return false
        }
    }

    @Test func recursiveSchemasThatConsumeInputValidate() throws {
        let tree = try schema(##"{"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#"}}}}"##)
        #expect(tree.isValid(try JSONValue(parsing: #"{"children": [{"children": [{}]}]}"#)))
        #expect(!tree.isValid(try JSONValue(parsing: #"{"children": [{"children": [1]}]}"#)))
    }

    @Test func invalidRegexIsATypedErrorNamingThePointer() {
        #expect {
            try schema(#"{"properties": {"sku": {"pattern": "^[A-Z"}}}"#)
        } throws: { error in
            guard case .invalidPattern(_, let pointer, let pattern, _)? = error as? SchemaError else { return false }
            return pointer.description == "/properties/sku/pattern" && pattern == "^[A-Z"
        }
    }

    @Test func otherDocumentsResolveOnlyThroughTheResolver() throws {
        let money = try JSONValue(parsing: #"{"type": "object", "required": ["currency"]}"#)
        let resolver = InMemorySchemaResolver(documents: ["strata:///Money/1.json": money])
        let order = try JSONSchema(try JSONValue(parsing: #"{"properties": {"total": {"$ref": "../Money/1.json"}}}"#),
                                   baseURI: "strata:///OrderPlaced/3.json", resolver: resolver)
        #expect(!order.isValid(try JSONValue(parsing: #"{"total": {}}"#)))
        #expect(order.isValid(try JSONValue(parsing: #"{"total": {"currency": "EUR"}}"#)))
    }

    @Test func draft07KeywordsAreMapped() throws {
        let compiled = try schema(#"""
        {"$schema": "http://json-schema.org/draft-07/schema#",
         "definitions": {"sku": {"type": "string"}},
         "items": [{"$ref": "#/definitions/sku"}, {"type": "integer"}], "additionalItems": false,
         "dependencies": {"a": ["b"]}}
        """#)
        #expect(compiled.dialect == .draft7)
        #expect(compiled.isValid(try JSONValue(parsing: #"["A-1", 2]"#)))
        #expect(!compiled.isValid(try JSONValue(parsing: #"["A-1", 2, 3]"#)))
        #expect(!compiled.isValid(try JSONValue(parsing: #"[1]"#)))
        #expect(!compiled.isValid(try JSONValue(parsing: #"{"a": 1}"#)))
        let objects = try schema(#"{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "dependencies": {"a": ["b"]}}"#)
        #expect(!objects.isValid(try JSONValue(parsing: #"{"a": 1}"#)))
    }

    @Test func unknownDialectIsRefused() {
        #expect(throws: SchemaError.unsupportedDialect(file: nil, uri: "http://json-schema.org/draft-04/schema#")) {
            try schema(#"{"$schema": "http://json-schema.org/draft-04/schema#"}"#)
        }
    }

    @Test func unknownAndExtensionKeywordsAreKept() throws {
        let compiled = try schema(#"{"x-strata-owner": "payments", "title": "OrderPlaced", "type": "object"}"#)
        #expect(compiled.document["x-strata-owner"] == "payments")
    }

    @Test func formatIsAnAnnotationUnlessAsserted() throws {
        let text = #"{"format": "date-time"}"#
        #expect(try schema(text).isValid("yesterday"))
        #expect(!(try schema(text, options: JSONSchema.Options(assertsFormat: true)).isValid("yesterday")))
        #expect(try schema(text, options: JSONSchema.Options(assertsFormat: true)).isValid("2024-05-01T12:30:00.5+02:00"))
    }

    @Test func lengthsCountUnicodeCodePoints() throws {
        let compiled = try schema(#"{"maxLength": 2, "minLength": 2}"#)
        #expect(compiled.isValid("😀é"))
        #expect(!compiled.isValid("😀é!"))
        #expect(!compiled.isValid("😀"))
    }

    @Test func aCompiledSchemaIsSharedAcrossConcurrentValidations() async throws {
        let compiled = try schema(#"{"type": "object", "properties": {"n": {"type": "integer", "minimum": 0}}}"#)
        let verdicts = await withTaskGroup(of: Bool.self) { group in
            for n in -50..<50 { group.addTask { compiled.isValid(["n": .number(JSONNumber(n))]) } }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(verdicts.filter { $0 }.count == 50)
    }
}

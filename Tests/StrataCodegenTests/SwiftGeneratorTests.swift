import EventSchema
import StrataCodegen
import StrataTestSupport
import Testing

struct SwiftGeneratorTests {
    /// Generates from a folder holding `files` (relative path → JSON text).
    private func generate(_ files: [String: String]) throws -> (GeneratedSources, String) {
        let directory = try TemporaryDirectory()
        for (path, text) in files { try directory.write("Schemas/" + path, text) }
        return (try SwiftGenerator(input: .schemas(directory.path + "/Schemas")).generate(), directory.path + "/Schemas")
    }

    private func file(_ name: String, in generated: GeneratedSources) -> String {
        generated.files.first { $0.name == name }?.contents ?? ""
    }

    @Test func exampleDomainGivesOneFilePerEventTypeAndMoneyOnce() throws {
        let generated = try SwiftGenerator(input: .schemas(Conformance.packageRoot.path + "/Schemas")).generate()
        #expect(generated.files.map(\.name) == [
            "CustomerRegistered.swift", "Money.swift", "OrderPlaced.swift", "OrderShipped.swift", "PaymentRefunded.swift",
            "StrataEventTypes.swift", "StrataShared.swift",
        ])
        #expect(generated.warnings.isEmpty)
        let all = generated.files.map(\.contents).joined()
        #expect(all.components(separatedBy: "struct Money:").count == 2)
        let order = file("OrderPlaced.swift", in: generated)
        #expect(order.contains("public static let eventType = \"OrderPlaced\""))
        #expect(order.contains("public static let schemaVersion = 3"))
        #expect(order.contains("public var total: Money\n"))
        #expect(order.contains("public var lines: [Line]\n"))
        #expect(order.contains("public var placedAt: Date\n"))
        #expect(order.contains("public var sequence: Int64\n"))
        #expect(order.contains("        try self.init(\n            orderId: payload.decode(forKey: \"orderId\"),\n"))
        #expect(order.contains("            sequence: payload.decode(forKey: \"sequence\")\n        )\n"))
        #expect(order.contains("/// Order lines; at least one.\n"))
        #expect(file("StrataEventTypes.swift", in: generated).contains("map.register(OrderPlaced.self, as: OrderPlaced.eventType)"))
    }

    @Test func outputIsTheSameEveryTime() throws {
        let root = Conformance.packageRoot.path + "/Tests/StrataCodegenTests/Fixtures/Features"
        let first = try SwiftGenerator(input: .schemas(root)).generate()
        let second = try SwiftGenerator(input: .schemas(root)).generate()
        #expect(first == second)
        #expect(first.files.map(\.name) == first.files.map(\.name).sorted())
        #expect(first.files.map(\.name) == StrataFileNames.files(eventTypes: ["Ledger", "Price", "Refund", "Tick"]))
    }

    @Test func stringEnumsHaveRawValuesAndOptionalMembersAreOptional() throws {
        let (generated, _) = try generate(["Shipped/1.json": """
            {"type": "object", "properties": {
              "carrier": {"type": "string", "enum": ["DHL", "PostNL", "on-hold", "default"], "description": "Who carries it."},
              "note": {"type": "string"}, "count": {"type": "integer", "minimum": 1, "maximum": 10}},
             "required": ["carrier"]}
            """])
        let source = file("Shipped.swift", in: generated)
        #expect(source.contains("""
                /// Who carries it.
                public enum Carrier: String, Codable, Sendable, Hashable, PayloadDecodable, CaseIterable {
                    case dhl = "DHL"
                    case postNL = "PostNL"
                    case onHold = "on-hold"
                    case `default` = "default"
                }
            """))
        #expect(source.contains("public var carrier: Carrier\n"))
        #expect(source.contains("public var note: String?\n"))
        #expect(source.contains("public var count: Int32?\n"))
        #expect(source.contains("note: payload.decodeIfPresent(forKey: \"note\")"))
    }

    @Test func keysThatAreNotSwiftNamesKeepTheirJSONNameInCodingKeys() throws {
        let (generated, _) = try generate(["Keys/1.json": """
            {"type": "object", "properties": {"order-id": {"type": "string"}, "class": {"type": "string"}, "3ds": {"type": "boolean"},
             "order_id": {"type": "string"}}, "required": ["order-id", "class", "3ds", "order_id"]}
            """])
        let source = file("Keys.swift", in: generated)
        #expect(source.contains("public var orderId: String\n"))
        #expect(source.contains("public var `class`: String\n"))
        #expect(source.contains("public var _3ds: Bool\n"))
        #expect(source.contains("public var orderId2: String\n"))
        #expect(source.contains("case orderId = \"order-id\"\n"))
        #expect(source.contains("case `class`\n"))
        #expect(source.contains("case _3ds = \"3ds\"\n"))
        #expect(source.contains("case orderId2 = \"order_id\"\n"))
    }

    @Test func notAndIfAreWarnedWithFileAndPointer() throws {
        let (generated, root) = try generate(["Odd/1.json": """
            {"type": "object", "properties": {
              "code": {"type": "string", "not": {"const": ""}},
              "rule": {"type": "object", "properties": {"kind": {"type": "string"}}, "if": {"required": ["kind"]}, "then": {}}}}
            """])
        let file = SchemaDocumentsPath.absolute(root + "/Odd/1.json")
        #expect(generated.warnings == [
            CodegenWarning(file: file, pointer: JSONPointer("/properties/code/not")!, keyword: "not",
                           message: "`not` is not checked; the type accepts what the other keywords allow"),
            CodegenWarning(file: file, pointer: JSONPointer("/properties/rule/if")!, keyword: "if",
                           message: "`if`/`then`/`else` is not checked; the type is generated from the other keywords"),
        ])
        #expect(generated.warnings[0].description == "\(file): warning: #/properties/code/not: `not` is not checked; the type accepts what the other keywords allow")
        #expect(self.file("Odd.swift", in: generated).contains("public var code: String?\n"))
    }

    @Test func alternativesWithoutADiscriminatorAreJSONValueWithAWarning() throws {
        let (generated, _) = try generate(["Any/1.json": """
            {"type": "object", "properties": {"value": {"oneOf": [{"type": "string"}, {"type": "integer"}]}}, "required": ["value"]}
            """])
        #expect(generated.warnings.map(\.keyword) == ["oneOf"])
        #expect(generated.warnings.map(\.pointer.description) == ["/properties/value/oneOf"])
        #expect(file("Any.swift", in: generated).contains("public var value: JSONValue\n"))
    }

    @Test func decimalIntegerAndDateMappings() throws {
        let (generated, _) = try generate(["Amounts/1.json": """
            {"type": "object", "properties": {
              "a": {"type": "number", "format": "decimal"}, "b": {"type": "number", "multipleOf": 0.01}, "c": {"type": "number"},
              "d": {"type": "integer"}, "e": {"type": "integer", "minimum": 0, "maximum": 18446744073709551615},
              "f": {"type": "integer", "minimum": -1e30}, "g": {"type": "string", "format": "date-time"}, "h": {"type": "string", "format": "date"},
              "i": {"type": "object", "additionalProperties": {"type": "integer"}}, "j": {"type": ["boolean", "null"]}},
             "required": ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]}
            """])
        let source = file("Amounts.swift", in: generated)
        for line in ["a: Decimal", "b: Decimal", "c: Double", "d: Int64", "e: UInt64", "f: Decimal", "g: Date", "h: String", "i: [String: Int64]", "j: Bool?"] {
            #expect(source.contains("public var \(line)\n"), "\(line)")
        }
    }

    @Test func badSchemasAreTypedErrorsNamingFileAndPointer() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("Schemas/Bad/1.json", #"{"type": "object", "properties": {"x": {"$ref": "../Nowhere/1.json"}}}"#)
        #expect(throws: CodegenError.self) { try SwiftGenerator(input: .schemas(directory.path + "/Schemas")).generate() }
        try directory.write("Schemas/Bad/1.json", ##"{"type": "object", "properties": {"x": {"$ref": "#/$defs/a"}}, "$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}}"##)
        do {
            _ = try SwiftGenerator(input: .schemas(directory.path + "/Schemas")).generate()
            Issue.record("a cycle of references was accepted")
        } catch {
            #expect(error.description.contains("Bad/1.json: #/$defs/"))
        }
        try directory.write("Schemas/StrataShared/1.json", #"{"type": "object"}"#)
        try directory.write("Schemas/Bad/1.json", #"{"type": "object"}"#)
        #expect(throws: CodegenError.fileNameConflict(eventType: "StrataShared", reason: "the generator writes StrataShared.swift itself; rename the event type")) {
            try SwiftGenerator(input: .schemas(directory.path + "/Schemas")).generate()
        }
    }
}

/// The absolute form the generator names files by.
enum SchemaDocumentsPath {
    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}

import Foundation

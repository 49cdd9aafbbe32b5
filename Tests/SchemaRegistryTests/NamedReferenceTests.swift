import EventSchema
import EventUpcasting
import Foundation
import SchemaRegistry
import StrataTestSupport
import Testing

/// References by name (Confluent's `references`): how a document reads them, how they are stored,
/// bundled and copied.
struct NamedReferenceTests {
    static let address: JSONValue = ["type": "object", "properties": ["street": ["type": "string"]], "required": ["street"]]
    static let order: JSONValue = ["type": "object", "properties": ["shipTo": ["$ref": "Address.json"]], "required": ["shipTo"]]
    static let toAddress = [SchemaReference(name: "Address.json", eventType: "Address", version: 1)]

    func registry(_ directory: TemporaryDirectory, _ name: String = "r.sqlite") throws -> SchemaRegistry {
        SchemaRegistry(store: try SQLiteSchemaStore(path: directory.path + "/" + name))
    }

    @Test func onlyReferencesInSchemaPositionsAreRewritten() {
        let document: JSONValue = [
            "properties": ["a": ["$ref": "Address.json#/properties/street"], "b": ["items": ["$ref": "Address.json"]]],
            "allOf": [["$ref": "Address.json"]], "$defs": ["c": ["not": ["$ref": "Other.json"]]],
            "const": ["$ref": "Address.json"], "default": ["$ref": "Address.json"], "x-note": ["$ref": "Address.json"],
        ]
        let rewritten = document.resolvingNamedReferences(Self.toAddress)
        #expect(rewritten["properties"]?["a"]?["$ref"] == "../Address/1.json#/properties/street")
        #expect(rewritten["properties"]?["b"]?["items"]?["$ref"] == "../Address/1.json")
        #expect(rewritten["allOf"]?[0]?["$ref"] == "../Address/1.json")
        #expect(rewritten["$defs"]?["c"]?["not"]?["$ref"] == "Other.json")
        for data in ["const", "default", "x-note"] { #expect(rewritten[data] == document[data]) }
        #expect(document.resolvingNamedReferences([]) == document)
    }

    @Test func referencesArePartOfTheSchemasIdentity() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let registry = try registry(directory)
        try registry.setConfiguration(CompatibilityConfiguration(mode: .none, policy: .strict), for: nil)
        try registry.register(Self.address, as: "Address")
        try registry.register(Self.address, as: "Address", references: [])  // the same: no new version
        #expect(try registry.versions(of: "Address").count == 1)
        try registry.register(["type": "object", "properties": ["street": ["type": "string"], "zip": ["type": "string"]]], as: "Address")
        let first = try registry.register(Self.order, as: "Order", references: Self.toAddress)
        let again = try registry.register(Self.order, as: "Order", references: Self.toAddress)
        let other = try registry.register(Self.order, as: "Order", references: [SchemaReference(name: "Address.json", eventType: "Address", version: 2)])
        #expect(first.isNew && !again.isNew && other.isNew)
        #expect(first.version.schemaID == again.version.schemaID && first.version.schemaID != other.version.schemaID)
        #expect(first.version.namedReferences == Self.toAddress)
        #expect(first.version.references == ["Address/1"])
        #expect(try registry.version(1, of: "Order").namedReferences == Self.toAddress)
        #expect(throws: RegistryError.unknownReference(eventType: "Order", reference: SchemaReference(name: "Address.json", eventType: "Address", version: 7))) {
            try registry.register(Self.order, as: "Order", references: [SchemaReference(name: "Address.json", eventType: "Address", version: 7)])
        }
    }

    @Test func aBundleHoldsStrataReferencesThatTheCatalogResolves() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let registry = try registry(directory)
        try registry.register(Self.address, as: "Address")
        try registry.register(Self.order, as: "Order", references: Self.toAddress)
        try registry.writeBundle(to: directory.path + "/bundle")
        let written = try JSONValue(parsing: String(contentsOfFile: directory.path + "/bundle/Schemas/Order/1.json", encoding: .utf8))
        #expect(written["properties"]?["shipTo"]?["$ref"] == "../Address/1.json")
        let catalog = try Catalog(bundleAt: directory.path + "/bundle")
        let order = try #require(catalog.schemas.schemas.first { $0.eventType == "Order" })
        let schema = try catalog.schemas.compile(order)
        #expect(schema.validate(["shipTo": ["street": "Main St"]]).isValid)
        #expect(!schema.validate(["shipTo": ["street": 5]]).isValid)
    }

    @Test func aCopyKeepsTheReferencesAndIds() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let source = try registry(directory)
        try source.register(Self.address, as: "Address")
        let order = try source.register(Self.order, as: "Order", references: Self.toAddress).version
        let target = try registry(directory, "copy.sqlite")
        try source.copy(into: target, targetName: "copy.sqlite")
        let copied = try target.version(1, of: "Order")
        #expect(copied == order)
        #expect(try target.register(Self.order, as: "Order", references: Self.toAddress).isNew == false)
    }
}

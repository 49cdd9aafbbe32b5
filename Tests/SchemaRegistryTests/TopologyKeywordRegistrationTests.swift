import EventSchema
import EventUpcasting
import Foundation
import SchemaRegistry
import StrataTestSupport
import Testing

/// A registered version's file may change Strata's topology keywords without minting a version.
struct TopologyKeywordRegistrationTests {
    static let v1 = #"{"type": "object", "x-context": "Ordering", "x-producers": ["checkout"], "x-consumers": ["billing"], "properties": {"a": {"type": "string"}}}"#
    static let v1MoreConsumers = #"{"x-consumers": ["billing", "analytics"], "x-producers": ["checkout"], "x-context": "Ordering", "type": "object", "properties": {"a": {"type": "string"}}}"#
    static let v1NoKeywords = #"{"type": "object", "properties": {"a": {"type": "string"}}}"#

    func registry(in directory: TemporaryDirectory) throws -> SchemaRegistry {
        SchemaRegistry(store: try SQLiteSchemaStore(path: directory.path + "/r.sqlite"))
    }

    @Test func registeringWithOnlyTheKeywordsChangedReturnsTheExistingVersion() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let registry = try registry(in: directory)
        let first = try registry.register(try JSONValue(parsing: Self.v1), as: "Thing")
        #expect(first.isNew)
        for text in [Self.v1MoreConsumers, Self.v1NoKeywords] {
            let again = try registry.register(try JSONValue(parsing: text), as: "Thing")
            #expect(!again.isNew)
            #expect(again.version.version == 1)
        }
        // The registry keeps the document, and its fingerprint, as first registered.
        let stored = try registry.version(1, of: "Thing")
        #expect(stored.fingerprint == (try JSONValue(parsing: Self.v1)).canonicalFingerprint)
        #expect(stored.document == (try JSONValue(parsing: Self.v1)))
        #expect(try registry.versions(of: "Thing").count == 1)
        // Any other change is a new version.
        let described = try registry.register(try JSONValue(parsing: #"{"description": "d", "type": "object", "properties": {"a": {"type": "string"}}}"#), as: "Thing")
        #expect(described.isNew && described.version.version == 2)
    }

    @Test func syncAndCheckAcceptAFileWhoseKeywordsChangedAfterRegistration() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let registry = try registry(in: directory)
        try directory.write("Schemas/Thing/1.json", Self.v1)
        _ = try registry.sync(SchemaFolder(root: directory.path + "/Schemas"))
        try directory.write("Schemas/Thing/1.json", Self.v1MoreConsumers)
        let checks = try SchemaHistory(registry: registry).check(folder: SchemaFolder(root: directory.path + "/Schemas")) { _ in .default }
        guard case .unchanged = checks.first?.outcome else {
            Issue.record("expected unchanged, got \(String(describing: checks.first?.outcome))")
            return
        }
        let again = try registry.sync(SchemaFolder(root: directory.path + "/Schemas"))
        #expect(again.map(\.isNew) == [false])
        // A real change to the registered file is still a conflict, and still modified for check.
        try directory.write("Schemas/Thing/1.json", #"{"type": "object", "x-consumers": ["billing"], "properties": {"a": {"type": "integer"}}}"#)
        #expect(throws: RegistryError.self) { try registry.sync(SchemaFolder(root: directory.path + "/Schemas")) }
        let changed = try SchemaHistory(registry: registry).check(folder: SchemaFolder(root: directory.path + "/Schemas")) { _ in .default }
        guard case .modified = changed.first?.outcome else {
            Issue.record("expected modified, got \(String(describing: changed.first?.outcome))")
            return
        }
    }

    @Test func aSchemaWithAMalformedKeywordIsRefusedAndCheckedAsInvalid() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let registry = try registry(in: directory)
        let file = try directory.write("Schemas/Thing/1.json", #"{"type": "object", "x-producers": "checkout"}"#)
        let expected = SchemaError.invalidKeyword(file: file, pointer: JSONPointer("/x-producers")!,
                                                  reason: "x-producers must be an array of service names, got string")
        #expect(throws: RegistryError.schema(expected)) { try registry.sync(SchemaFolder(root: directory.path + "/Schemas")) }
        #expect(try registry.eventTypes().isEmpty)
        let checks = try SchemaHistory(versions: [:]).check(folder: SchemaFolder(root: directory.path + "/Schemas")) { _ in .default }
        guard case .invalid(let error) = checks.first?.outcome else {
            Issue.record("expected invalid, got \(String(describing: checks.first?.outcome))")
            return
        }
        #expect(error == .schema(expected))
    }

    @Test func aMalformedKeywordInARegisteredVersionsFileIsInvalidForCheck() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let registry = try registry(in: directory)
        try directory.write("Schemas/Thing/1.json", Self.v1)
        _ = try registry.sync(SchemaFolder(root: directory.path + "/Schemas"))
        try directory.write("Schemas/Thing/1.json", #"{"type": "object", "x-context": "", "properties": {"a": {"type": "string"}}}"#)
        let checks = try SchemaHistory(registry: registry).check(folder: SchemaFolder(root: directory.path + "/Schemas")) { _ in .default }
        guard case .invalid(.schema(.invalidKeyword(_, let pointer, _))) = checks.first?.outcome else {
            Issue.record("expected invalid, got \(String(describing: checks.first?.outcome))")
            return
        }
        #expect(pointer == JSONPointer("/x-context"))
    }
}

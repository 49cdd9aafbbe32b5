import EventSchema
import EventUpcasting
import Foundation
import SchemaRegistry
import StrataTestSupport
import Testing

struct FolderSyncTests {
    static let schemas = Conformance.packageRoot.appendingPathComponent("Schemas").path

    @Test func syncRegistersTheExampleDomainInDependencyOrderOnce() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let registry = SchemaRegistry(store: try SQLiteSchemaStore(path: directory.path + "/r.sqlite"))
        // Breaking steps of the example domain are bridged by upcasters, which the registry does not know yet.
        try registry.setConfiguration(CompatibilityConfiguration(mode: .none, policy: .strict), for: nil)
        let first = try registry.sync(SchemaFolder(root: Self.schemas))
        #expect(first.filter(\.isNew).count == 9)
        #expect(try registry.version(3, of: "OrderPlaced").references == ["Money/1"])
        let second = try registry.sync(SchemaFolder(root: Self.schemas))
        #expect(second.allSatisfy { !$0.isNew })
    }

    @Test func syncIsAllOrNothing() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("Schemas/Thing/1.json", #"{"type": "object", "properties": {"a": {"type": "string"}}}"#)
        try directory.write("Schemas/Thing/2.json", #"{"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}}"#)
        try directory.write("Schemas/Thing/3.json", #"{"type": "object", "properties": {"a": {"type": "integer"}}}"#)
        let registry = SchemaRegistry(store: try SQLiteSchemaStore(path: directory.path + "/r.sqlite"))
        #expect(throws: RegistryError.self) { try registry.sync(SchemaFolder(root: directory.path + "/Schemas")) }
        #expect(try registry.eventTypes().isEmpty)
    }

    @Test func aChangedRegisteredVersionIsAConflict() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("Schemas/Thing/1.json", #"{"type": "object"}"#)
        let registry = SchemaRegistry(store: try SQLiteSchemaStore(path: directory.path + "/r.sqlite"))
        _ = try registry.sync(SchemaFolder(root: directory.path + "/Schemas"))
        try directory.write("Schemas/Thing/1.json", #"{"type": "array"}"#)
        #expect {
            try registry.sync(SchemaFolder(root: directory.path + "/Schemas"))
        } throws: { error in
            if case .conflictsWithRegistry(let type, let version, _)? = error as? RegistryError { return type == "Thing" && version == 1 }
            return false
        }
    }

    @Test func checkAgainstAHistoryFindsNewBreakingVersionsWithoutWriting() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("Schemas/Thing/1.json", #"{"type": "object", "properties": {"a": {"type": "string"}}}"#)
        let registry = SchemaRegistry(store: try SQLiteSchemaStore(path: directory.path + "/r.sqlite"))
        _ = try registry.sync(SchemaFolder(root: directory.path + "/Schemas"))
        try directory.write("Schemas/Thing/2.json", #"{"type": "object", "properties": {"a": {"type": "integer"}}}"#)
        let checks = try SchemaHistory(registry: registry).check(folder: SchemaFolder(root: directory.path + "/Schemas")) { _ in .default }
        #expect(checks.count == 2)
        #expect(checks[0].passes)
        guard case .incompatible(let report) = checks[1].outcome else {
            Issue.record("expected v2 to be incompatible, got \(checks[1].outcome)")
            return
        }
        #expect(report.breakingDifferences.contains { $0.difference.path == "#/properties/a" })
        #expect(try registry.versions(of: "Thing").count == 1)
    }
}

import EventUpcasting
import Foundation
import SchemaRegistry
import StrataPostgres
import Testing

/// Moving a SQLite registry into PostgreSQL: every version, id, configuration and upcaster.
struct RegistryCopyTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    @Test(.enabled(if: PostgresStoreTests.url != nil, "set STRATA_TEST_POSTGRES_URL, or run under ./scripts/with-postgres.sh"))
    func theExampleDomainMovesIntoPostgreSQLWithItsIds() throws {
        try PostgresStoreTests.withDatabase { url in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("strata-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let source = SchemaRegistry(store: try SQLiteSchemaStore(path: folder.path + "/registry.sqlite"))
            // The example domain's declarative chains (CustomerRegistered's bridge is Swift: left out).
            try source.setConfiguration(CompatibilityConfiguration(mode: .none, policy: .strict), for: nil)
            try source.sync(SchemaFolder(root: Self.root + "/Schemas"), upcasters: Self.root + "/Upcasters")
            try source.setConfiguration(CompatibilityConfiguration(mode: .fullTransitive, policy: .lenient), for: "OrderPlaced")
            try source.delete(version: 1, of: "OrderShipped")
            let target = SchemaRegistry(store: try PostgresSchemaStore(url: url))

            let summary = try source.copy(into: target, targetName: "target")
            #expect(summary.versions > 5 && summary.upcasters > 0 && summary.configurations == 2)
            #expect(try target.eventTypes() == source.eventTypes())
            for type in try source.eventTypes() {
                #expect(try target.versions(of: type, includingDeleted: true) == source.versions(of: type, includingDeleted: true))
                #expect(try target.configuration(for: type) == source.configuration(for: type))
            }
            #expect(try target.upcasters() == source.upcasters())
            // New ids follow the copied ones.
            let largest = try source.eventTypes().flatMap { try source.versions(of: $0, includingDeleted: true) }.map(\.schemaID).max() ?? 0
            let new = try target.register(["type": "object", "properties": ["copied": ["type": "boolean"]]], as: "AfterTheCopy")
            #expect(new.version.schemaID > largest)
            // Only into an empty registry.
            #expect(throws: RegistryError.notEmpty(path: "target")) { try source.copy(into: target, targetName: "target") }
        }
    }
}

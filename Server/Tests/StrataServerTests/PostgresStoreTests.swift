import ConfluentAPI
import EventSchema
import Foundation
import SchemaRegistry
import StrataPostgres
import Testing

/// The PostgreSQL store against a real PostgreSQL: `./scripts/with-postgres.sh` starts one and
/// sets `STRATA_TEST_POSTGRES_URL` (CI does); without it these tests say so and skip.
struct PostgresStoreTests {
    static let url = ProcessInfo.processInfo.environment["STRATA_TEST_POSTGRES_URL"]

    /// A fresh database on the test server for each test, dropped afterwards.
    static func withDatabase(_ body: (String) throws -> Void) throws {
        let base = try #require(url)
        let name = "strata_test_\(UUID().uuidString.prefix(8).lowercased())"
        try psql(base, "CREATE DATABASE \(name)")
        defer { try? psql(base, "DROP DATABASE \(name) WITH (FORCE)") }
        var components = try #require(URLComponents(string: base))
        components.path = "/" + name
        try body(try #require(components.string))
    }

    static func psql(_ url: String, _ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", url, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "psql -c \(sql)")
    }

    /// A session of Confluent requests touching every part of the workflow.
    static let session: [(method: String, path: String, query: [String: String], body: String?)] = {
        let v1 = #"{"type":"object","properties":{"orderId":{"type":"string"},"total":{"type":"number","maximum":1234567890123456789,"multipleOf":0.01}},"required":["orderId"],"additionalProperties":false}"#
        let v2 = #"{"type":"object","properties":{"orderId":{"type":"string"},"total":{"type":"number","maximum":1234567890123456789,"multipleOf":0.01},"note":{"type":"string"}},"required":["orderId"],"additionalProperties":false}"#
        let breaking = #"{"type":"object","properties":{"orderId":{"type":"string"},"currency":{"type":"string"}},"required":["orderId","currency"],"additionalProperties":false}"#
        let money = #"{"type":"object","properties":{"amount":{"type":"string"}}}"#
        let priced = #"{"type":"object","properties":{"price":{"$ref":"../Money/1.json"}}}"#
        let address = #"{"type":"object","properties":{"street":{"type":"string"}},"required":["street"]}"#
        let shipped = #"{"type":"object","properties":{"shipTo":{"$ref":"Address.json#"}}}"#
        func body(_ schema: String, references: [[String: Any]] = []) -> String {
            String(decoding: try! JSONSerialization.data(withJSONObject: ["schema": schema, "schemaType": "JSON", "references": references],
                                                         options: .sortedKeys), as: UTF8.self)
        }
        let toAddress: [[String: Any]] = [["name": "Address.json", "subject": "Address", "version": 1]]
        return [
            ("POST", "/subjects/orders-value/versions", [:], body(v1)),
            ("POST", "/subjects/orders-value/versions", [:], body(v1)),
            ("POST", "/subjects/OrderPlaced/versions", [:], body(v1)),
            ("POST", "/subjects/orders-value/versions", [:], body(breaking)),
            ("POST", "/subjects/orders-value/versions", [:], body(v2)),
            ("POST", "/subjects/Money/versions", [:], body(money)),
            ("POST", "/subjects/Priced/versions", [:], body(priced)),
            ("GET", "/subjects", [:], nil),
            ("GET", "/subjects/orders-value/versions", [:], nil),
            ("GET", "/subjects/orders-value/versions/latest", [:], nil),
            ("GET", "/subjects/Priced/versions/1/schema", [:], nil),
            ("GET", "/subjects/Money/versions/1/referencedby", [:], nil),
            ("DELETE", "/subjects/Money/versions/1", [:], nil),
            ("POST", "/subjects/Address/versions", [:], body(address)),
            ("POST", "/subjects/Shipped/versions", [:], body(shipped, references: toAddress)),
            ("POST", "/subjects/Shipped/versions", [:], body(shipped, references: toAddress)),
            ("POST", "/subjects/Shipped", [:], body(shipped, references: toAddress)),
            ("POST", "/subjects/Shipped/versions", [:], body(shipped, references: [["name": "Address.json", "subject": "Address", "version": 2]])),
            ("GET", "/subjects/Shipped/versions/1", [:], nil),
            ("GET", "/subjects/Address/versions/1/referencedby", [:], nil),
            ("DELETE", "/subjects/Address/versions/1", [:], nil),
            ("POST", "/subjects/orders-value", [:], body(v1)),
            ("GET", "/schemas/ids/1", ["subject": "OrderPlaced"], nil),
            ("GET", "/schemas/ids/1/versions", [:], nil),
            ("GET", "/schemas/ids/6", [:], nil),
            ("GET", "/schemas/ids/99", [:], nil),
            ("POST", "/compatibility/subjects/orders-value/versions/latest", ["verbose": "true"], body(breaking)),
            ("PUT", "/config", [:], #"{"compatibility":"FULL"}"#),
            ("PUT", "/config/orders-value", [:], #"{"compatibility":"NONE","compatibilityPolicy":"LENIENT"}"#),
            ("GET", "/config/orders-value", [:], nil),
            ("POST", "/subjects/orders-value/versions", [:], body(breaking)),
            ("DELETE", "/config/orders-value", [:], nil),
            ("GET", "/config/orders-value", [:], nil),
            ("DELETE", "/subjects/orders-value/versions/1", ["permanent": "true"], nil),
            ("DELETE", "/subjects/orders-value/versions/1", [:], nil),
            ("DELETE", "/subjects/orders-value/versions/1", [:], nil),
            ("DELETE", "/subjects/orders-value/versions/1", ["permanent": "true"], nil),
            ("GET", "/subjects/orders-value/versions", ["deleted": "true"], nil),
            ("DELETE", "/subjects/orders-value", [:], nil),
            ("DELETE", "/subjects/orders-value", ["permanent": "true"], nil),
            ("GET", "/subjects", ["deleted": "true"], nil),
            ("POST", "/subjects/orders-value/versions", [:], body(v2)),
            ("GET", "/subjects/orders-value/versions/1", [:], nil),
            ("DELETE", "/config", [:], nil),
            ("PUT", "/mode/Priced", [:], #"{"mode":"READONLY"}"#),
            ("POST", "/subjects/Priced/versions", [:], body(v1)),
            ("GET", "/mode/Priced", [:], nil),
            ("PUT", "/mode", [:], #"{"mode":"IMPORT"}"#),
            ("PUT", "/mode", ["force": "true"], #"{"mode":"IMPORT"}"#),
            ("POST", "/subjects/imported/versions", [:], #"{"schema":"{\"type\":\"string\"}","id":77,"version":4}"#),
            ("GET", "/schemas/ids/77", ["subject": "imported"], nil),
            ("DELETE", "/mode/Priced", [:], nil),
            ("PUT", "/mode", [:], #"{"mode":"READWRITE"}"#),
            ("POST", "/subjects/after-import/versions", [:], body(money)),
        ]
    }()

    @Test(.enabled(if: url != nil, "set STRATA_TEST_POSTGRES_URL, or run under ./scripts/with-postgres.sh"))
    func theWorkflowAnswersTheSameOverPostgreSQLAndSQLite() throws {
        try Self.withDatabase { url in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("strata-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let stores: [any SchemaStore] = [try SQLiteSchemaStore(path: folder.path + "/registry.sqlite"), try PostgresSchemaStore(url: url)]
            let sqlite = ConfluentAPI(registry: SchemaRegistry(store: stores[0]))
            let postgres = ConfluentAPI(registry: SchemaRegistry(store: stores[1]))
            var statuses: Set<Int> = []
            var sawDeleted = false
            for step in Self.session {
                let request = try #require(ConfluentRequest(method: step.method, path: step.path, query: step.query,
                                                            body: Array((step.body ?? "").utf8)))
                let expected = sqlite.respond(to: request)
                let actual = postgres.respond(to: request)
                #expect(actual == expected, "\(step.method) \(step.path)")
                statuses.insert(expected.status)
                // After each delete, each store's version stamps (what a registration's write
                // checks, read without the documents) say what its full reads say.
                guard step.method == "DELETE" else { continue }
                for store in stores {
                    try store.read { reader throws(RegistryError) in
                        for eventType in try reader.eventTypes() {
                            let full = try reader.versions(of: eventType, includingDeleted: true).map(VersionStamp.init)
                            #expect(try reader.versionStamps(of: eventType) == full, "\(eventType)")
                            sawDeleted = sawDeleted || full.contains { $0.isDeleted }
                        }
                    }
                }
            }
            // The session reaches successes, refusals and missing things alike.
            #expect(statuses.isSuperset(of: [200, 404, 409, 422]))
            #expect(sawDeleted)
        }
    }

    /// A transaction reads a type's and the registry's settings together once, and sees its own writes.
    @Test(.enabled(if: url != nil, "set STRATA_TEST_POSTGRES_URL, or run under ./scripts/with-postgres.sh"))
    func aTransactionSeesTheSettingsItWrites() throws {
        try Self.withDatabase { url in
            let store = try PostgresSchemaStore(url: url)
            let full = CompatibilityConfiguration(mode: .full, policy: .lenient)
            typealias Seen = (typeConfiguration: CompatibilityConfiguration?, registryConfiguration: CompatibilityConfiguration?,
                              registryMode: RegistryMode?, typeMode: RegistryMode?)
            func seen(_ access: any SchemaStoreReading) throws(RegistryError) -> Seen {
                (try access.configuration(for: "T"), try access.configuration(for: nil), try access.mode(for: nil), try access.mode(for: "T"))
            }
            let (before, written, removed) = try store.write { access throws(RegistryError) in
                let before = try seen(access)
                try access.setConfiguration(full, for: "T")
                try access.setMode(.readOnly, for: nil)
                let written = try seen(access)
                try access.removeConfiguration(for: "T")
                try access.setMode(nil, for: nil)
                let removed = try seen(access)
                try access.setConfiguration(full, for: nil)
                return (before, written, removed)
            }
            #expect(before.typeConfiguration == nil && before.registryMode == nil)
            #expect(written.typeConfiguration == full && written.registryConfiguration == nil)
            #expect(written.registryMode == .readOnly && written.typeMode == nil)
            #expect(removed.typeConfiguration == nil && removed.registryMode == nil)
            #expect(try store.read { reader throws(RegistryError) in try reader.configuration(for: "T") } == nil)
            #expect(try store.read { reader throws(RegistryError) in try reader.configuration(for: nil) } == full)
        }
    }

    @Test(.enabled(if: url != nil, "set STRATA_TEST_POSTGRES_URL, or run under ./scripts/with-postgres.sh"))
    func aBadURLOrAnUnreachableServerIsOneClearError() throws {
        #expect(throws: RegistryError.self) { try PostgresSchemaStore(url: "postgres://") }
        do {
            _ = try PostgresSchemaStore(url: "postgres://strata:secret@127.0.0.1:1/strata")
            Issue.record("connected to port 1")
        } catch {
            guard case .cannotOpen(let path, _) = error else { Issue.record("\(error)"); return }
            #expect(path == "postgres://strata@127.0.0.1:1/strata")  // no password in messages
        }
    }
}

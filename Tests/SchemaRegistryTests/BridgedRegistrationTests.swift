import EventSchema
import EventUpcasting
import Foundation
import SchemaRegistry
import StrataTestSupport
import Testing

struct BridgedRegistrationTests {
    static let root = Conformance.packageRoot.path

    @Test func breakingVersionsRegisterUnderBackwardWhenUpcastersBridgeThem() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let registry = SchemaRegistry(store: try SQLiteSchemaStore(path: directory.path + "/r.sqlite"))
        // CustomerRegistered's bridge is a Swift upcaster, which the registry can run only when given it.
        let result = try registry.sync(SchemaFolder(root: Self.root + "/Schemas"), upcasters: Self.root + "/Upcasters",
                                       swiftUpcasters: ["splitName": UpcasterFixtures.splitName])
        let bridged = result.registrations.filter { $0.report.isBridged }
        #expect(bridged.map { "\($0.version.eventType) v\($0.version.version)" }.sorted() == ["CustomerRegistered v2", "OrderPlaced v2", "OrderPlaced v3"])
        let v3 = try #require(bridged.first { $0.version.eventType == "OrderPlaced" && $0.version.version == 3 })
        #expect(v3.report.configuration.mode == .backward)
        #expect(v3.report.bridges.map(\.source) == [EventVersion("OrderPlaced", 2)])
        #expect(v3.report.summary.hasPrefix("OrderPlaced v3 is BACKWARD compatible through upcasters, which bridge:"))
    }

    @Test func aSwiftBridgeTheRegistryCannotRunIsRefusedWithTheReason() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let registry = SchemaRegistry(store: try SQLiteSchemaStore(path: directory.path + "/r.sqlite"))
        #expect {
            try registry.sync(SchemaFolder(root: Self.root + "/Schemas"), upcasters: Self.root + "/Upcasters")
        } throws: { error in
            guard case .incompatible(let report)? = error as? RegistryError else { return false }
            return report.eventType == "CustomerRegistered" && report.bridgeProblem?.contains("splitName") == true
        }
        #expect(try registry.eventTypes().isEmpty)  // all or nothing
    }

    @Test func anUpcasterThatDoesNotBridgeIsRefusedWithACounterexample() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("Schemas/Toy/1.json", #"{"type": "object", "required": ["amount"], "properties": {"amount": {"type": "integer"}}}"#)
        try directory.write("Schemas/Toy/2.json", #"{"type": "object", "required": ["amount", "flag"], "properties": {"amount": {"type": "integer"}, "flag": {"type": "boolean"}}}"#)
        try directory.write("Upcasters/Toy/1-to-2.yaml", "steps:\n  - remove: /old\n")
        let registry = SchemaRegistry(store: try SQLiteSchemaStore(path: directory.path + "/r.sqlite"))
        #expect {
            try registry.sync(SchemaFolder(root: directory.path + "/Schemas"), upcasters: directory.path + "/Upcasters")
        } throws: { error in
            guard case .incompatible(let report)? = error as? RegistryError else { return false }
            print(report.summary)
            return !report.isAccepted && report.summary.contains(#"counterexample: {"amount":0} → Toy v2 at #: required property "flag" is missing"#)
        }
        // The fixed upcaster bridges it; registering the schema alone then uses the upcaster given.
        try directory.write("Upcasters/Toy/1-to-2.yaml", "steps:\n  - set: /flag\n    value: false\n")
        _ = try registry.register(try DocumentReader().read(file: directory.path + "/Schemas/Toy/1.json"), as: "Toy")
        let fixed = BridgeContext(upcasters: [try Upcaster(file: directory.path + "/Upcasters/Toy/1-to-2.yaml")])
        let checked = try registry.check(try DocumentReader().read(file: directory.path + "/Schemas/Toy/2.json"), as: "Toy", bridging: fixed)
        #expect(checked.report.isAccepted && !checked.report.isCompatible)
        #expect(try registry.versions(of: "Toy").count == 1)  // checking writes nothing
        let registration = try registry.register(try DocumentReader().read(file: directory.path + "/Schemas/Toy/2.json"), as: "Toy",
                                                 bridging: BridgeContext(upcasters: [try Upcaster(file: directory.path + "/Upcasters/Toy/1-to-2.yaml")]))
        #expect(registration.isNew && registration.report.isBridged)
    }
}

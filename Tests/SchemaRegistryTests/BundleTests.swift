import EventSchema
import EventUpcasting
import Foundation
import SchemaRegistry
import StrataTestSupport
import Testing

struct BundleTests {
    static let root = Conformance.packageRoot.path

    /// A registry holding the example domain and its upcasters.
    func exampleRegistry(_ directory: TemporaryDirectory) throws -> SchemaRegistry {
        let registry = SchemaRegistry(store: try SQLiteSchemaStore(path: directory.path + "/r.sqlite"))
        try registry.setConfiguration(CompatibilityConfiguration(mode: .none, policy: .strict), for: nil)
        let result = try registry.sync(SchemaFolder(root: Self.root + "/Schemas"), upcasters: Self.root + "/Upcasters")
        #expect(result.newUpcasters.count == 4)
        return registry
    }

    @Test func upcastersAreRegisteredOnceAndNeverChange() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let registry = try exampleRegistry(directory)
        let again = try registry.sync(SchemaFolder(root: Self.root + "/Schemas"), upcasters: Self.root + "/Upcasters")
        #expect(again.newUpcasters.isEmpty && again.unchangedUpcasters.count == 4)
        #expect(try registry.upcasters(of: "OrderPlaced").map(\.fileName) == ["1-to-2.json", "2-to-3.json", "3-to-2.json"])
        try FileManager.default.copyItem(atPath: Self.root + "/Upcasters", toPath: directory.path + "/Upcasters")
        try directory.write("Upcasters/OrderPlaced/2-to-3.yaml", "steps:\n  - remove: /note\n")
        #expect {
            try registry.sync(SchemaFolder(root: Self.root + "/Schemas"), upcasters: directory.path + "/Upcasters")
        } throws: { error in
            if case .conflictsWithRegistry(let type, let version, _)? = error as? RegistryError { return type == "OrderPlaced" && version == 2 }
            return false
        }
    }

    @Test func aBundleLoadsAsACatalogAndReadsOldEvents() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let written = try exampleRegistry(directory).writeBundle(to: directory.path + "/Catalog")
        #expect(written.schemas == 9 && written.upcasters == 4)
        let catalog = try Catalog(bundleAt: directory.path + "/Catalog", swiftUpcasters: ["splitName": { _ in }])
        #expect(catalog.schemaIDs.count == 9)
        var payload = try DocumentReader().read(file: Self.root + "/Schemas/OrderPlaced/examples/v1/typical.json")
        try catalog.chain.upcast(&payload, eventType: "OrderPlaced", from: 1)
        #expect(payload == (try DocumentReader().read(file: Self.root + "/Schemas/OrderPlaced/examples/v3/typical.json")))
        // The bundle carries the downcaster too: a consumer rolled back to v2 reads v3 events.
        try catalog.chain.upcast(&payload, eventType: "OrderPlaced", from: 3, to: 2)
        #expect(payload == (try DocumentReader().read(file: Self.root + "/Schemas/OrderPlaced/examples/v3/typical.v2.expected.json")))
    }

    @Test func theBundleCarriesEachTypesPolicyForVersionsWithoutUpcasters() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let registry = SchemaRegistry(store: try SQLiteSchemaStore(path: directory.path + "/r.sqlite"))
        try registry.setConfiguration(CompatibilityConfiguration(mode: .none, policy: .lenient), for: "Open")
        try registry.register(try JSONValue(parsing: #"{"type": "object"}"#), as: "Open")
        try registry.register(try JSONValue(parsing: #"{"type": "object", "properties": {"x": {"type": "string"}}}"#), as: "Open")
        try registry.writeBundle(to: directory.path + "/Lenient")
        let catalog = try Catalog(bundleAt: directory.path + "/Lenient")
        #expect(catalog.chain.upcasters(of: "Open").map(\.passesThrough) == [true])

        try registry.setConfiguration(CompatibilityConfiguration(mode: .none, policy: .strict), for: "Open")
        try registry.writeBundle(to: directory.path + "/Strict")
        #expect {
            try Catalog(bundleAt: directory.path + "/Strict")
        } throws: { error in
            guard case .invalidChain("Open", let reason)? = error as? UpcastingError else { return false }
            return reason.contains("OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL #/properties/x; add an upcaster Open/1-to-2.yaml")
        }
    }

    @Test func anAlteredBundleIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try exampleRegistry(directory).writeBundle(to: directory.path + "/Catalog")
        let altered = try directory.write("Catalog/Schemas/Money/1.json", #"{"type": "object"}"#)
        #expect(throws: UpcastingError.bundleMismatch(file: altered, reason: "its fingerprint differs from the manifest's; the bundle was altered")) {
            try Catalog(bundleAt: directory.path + "/Catalog", swiftUpcasters: ["splitName": { _ in }])
        }
    }

    @Test func splitAndTypeRenameUpcastersRegisterBundleAndRead() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try SplitAndRenameDomain.write(into: directory)
        let registry = SchemaRegistry(store: try SQLiteSchemaStore(path: directory.path + "/r.sqlite"))
        try registry.setConfiguration(CompatibilityConfiguration(mode: .none, policy: .strict), for: nil)
        let result = try registry.sync(SchemaFolder(root: directory.path + "/Schemas"), upcasters: directory.path + "/Upcasters")
        #expect(result.newUpcasters.map { "\($0.eventType)/\($0.fileName)" }.sorted() ==
                ["Checkout/1-to-1.json", "CustomerRegistered/1-to-2.json", "CustomerSignedUp/1-to-1.json", "PaymentTaken/1-to-2.json"])
        try registry.writeBundle(to: directory.path + "/Catalog")
        let catalog = try Catalog(bundleAt: directory.path + "/Catalog")
        let events = try catalog.chain.upcast(StoredEvent(eventType: "Checkout", version: 1, payload: try JSONValue(parsing: Array(
            #"{"orderId": "o-1", "sequence": 1234567890123456789, "amount": 199.99, "card": "visa"}"#.utf8)), position: 7))
        #expect(events.map { "\($0.eventType) v\($0.version) (\($0.position ?? -1), \($0.subIndex))" } == ["OrderSubmitted v1 (7, 0)", "PaymentTaken v2 (7, 1)"])
        #expect(events[1].payload.serialized() == #"{"orderId":"o-1","sequence":1234567890123456789,"amount":199.99,"method":"card"}"#)
    }

    @Test func anUpcasterWritingAnUnregisteredTypeIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try SplitAndRenameDomain.write(into: directory)
        try FileManager.default.removeItem(atPath: directory.path + "/Schemas/PaymentTaken")
        try FileManager.default.removeItem(atPath: directory.path + "/Upcasters/PaymentTaken")
        let registry = SchemaRegistry(store: try SQLiteSchemaStore(path: directory.path + "/r.sqlite"))
        try registry.setConfiguration(CompatibilityConfiguration(mode: .none, policy: .strict), for: nil)
        #expect(throws: RegistryError.folder(.invalidChain(eventType: "Checkout", reason: "the upcaster from v1 writes PaymentTaken, which has no schema"))) {
            try registry.sync(SchemaFolder(root: directory.path + "/Schemas"), upcasters: directory.path + "/Upcasters")
        }
    }
}

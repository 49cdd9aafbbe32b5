import ConfluentAPI
import EventSchema
import EventUpcasting
import Foundation
import SchemaRegistry
import StrataTestSupport
import Testing

/// Strata's own routes (`/strata/v1/…`) over a real SQLite registry: upcasters, bridged
/// registrations, verification, the version graph, bundles and snapshots.
struct StrataRoutesTests {
    let directory: TemporaryDirectory
    let registry: SchemaRegistry
    let api: ConfluentAPI

    init() throws {
        directory = try TemporaryDirectory()
        registry = SchemaRegistry(store: try SQLiteSchemaStore(path: directory.path + "/registry.sqlite"))
        api = ConfluentAPI(registry: registry, lookupLifetime: .zero)
    }

    static let v1: JSONValue = try! JSONValue(parsing: #"{"type":"object","properties":{"orderId":{"type":"string"},"total":{"type":"number"}},"required":["orderId"],"additionalProperties":false}"#)
    /// Adds a required property to a closed model: breaks BACKWARD.
    static let v2: JSONValue = try! JSONValue(parsing: #"{"type":"object","properties":{"orderId":{"type":"string"},"total":{"type":"number"},"currency":{"type":"string"}},"required":["orderId","currency"],"additionalProperties":false}"#)
    /// v2 with an optional note: compatible with v2, breaks v1.
    static let v3: JSONValue = try! JSONValue(parsing: #"{"type":"object","properties":{"orderId":{"type":"string"},"total":{"type":"number"},"currency":{"type":"string"},"note":{"type":"string"}},"required":["orderId","currency"],"additionalProperties":false}"#)
    /// Sets the currency v2 requires.
    static let upcaster: JSONValue = ["description": "orders before v2 were in euros", "steps": [["set": "/currency", "value": "EUR"]]]

    func send(_ method: String, _ path: String, _ query: [String: String] = [:], body: JSONValue? = nil) -> (status: Int, body: JSONValue) {
        let request = ConfluentRequest(method: method, path: path, query: query, body: body.map { Array($0.serialized().utf8) } ?? [])!
        let response = api.respond(to: request)
        return (response.status, try! JSONValue(parsing: response.bytes))
    }

    func registerConfluent(_ schema: JSONValue) -> (status: Int, body: JSONValue) {
        send("POST", "/subjects/OrderPlaced/versions", body: ["schema": .string(schema.serialized())])
    }

    /// v1 and v2 under NONE (no upcaster yet), then BACKWARD_TRANSITIVE.
    func registerBreakingPair() throws {
        try registry.setConfiguration(CompatibilityConfiguration(mode: .none, policy: .strict), for: "OrderPlaced")
        try registry.register(Self.v1, as: "OrderPlaced")
        try registry.register(Self.v2, as: "OrderPlaced")
        try registry.setConfiguration(CompatibilityConfiguration(mode: .backwardTransitive, policy: .strict), for: "OrderPlaced")
    }

    @Test func upcastersArePutListedFetchedAndNeverChanged() throws {
        try registerBreakingPair()
        let put = send("PUT", "/strata/v1/subjects/OrderPlaced/upcasters/1-to-2.yaml", body: Self.upcaster)
        #expect(put.status == 200, "\(put.body.serialized())")
        #expect(put.body["new"] == true)
        #expect(put.body["from"] == 1 && put.body["to"] == 2)
        // The same file again is kept as it is; a changed one is refused, as strata sync refuses it.
        #expect(send("PUT", "/strata/v1/subjects/OrderPlaced/upcasters/1-to-2.yaml", body: Self.upcaster).body["new"] == false)
        let changed = send("PUT", "/strata/v1/subjects/OrderPlaced/upcasters/1-to-2.yaml", body: ["steps": [["set": "/currency", "value": "USD"]]])
        #expect(changed.status == 422)
        #expect(changed.body["strata"]?["kind"] == "failure")
        let list = send("GET", "/strata/v1/subjects/OrderPlaced/upcasters")
        #expect(list.body.array?.count == 1)
        #expect(list.body[0]?["file"] == "1-to-2.json")
        #expect(list.body[0]?["document"] == Self.upcaster)
        #expect(send("GET", "/strata/v1/subjects/OrderPlaced/upcasters/1-to-2").body["fingerprint"] == .string(Self.upcaster.canonicalFingerprint))
        #expect(send("GET", "/strata/v1/subjects/OrderPlaced/upcasters/2-to-3.json").body["error_code"] == 40460)
        #expect(send("GET", "/strata/v1/subjects/Nobody/upcasters").body["error_code"] == 40401)
    }

    @Test func upcastersAreValidatedAsTheCommandLineValidatesThem() throws {
        try registerBreakingPair()
        let badName = send("PUT", "/strata/v1/subjects/OrderPlaced/upcasters/one-to-2.yaml", body: Self.upcaster)
        #expect(badName.status == 422)
        #expect(badName.body["strata"]?["kind"] == "malformedInput")
        #expect(badName.body["strata"]?["message"]?.string?.contains("named <from>-to-<to>") == true)
        let badStep = send("PUT", "/strata/v1/subjects/OrderPlaced/upcasters/1-to-2.yaml", body: ["steps": [["explode": "/total"]]])
        #expect(badStep.body["strata"]?["kind"] == "malformedInput")
        // An upcaster to a version that is not registered makes a chain no catalog accepts.
        let ahead = send("PUT", "/strata/v1/subjects/OrderPlaced/upcasters/2-to-3.yaml", body: Self.upcaster)
        #expect(ahead.status == 422, "\(ahead.body.serialized())")
        #expect(try registry.upcasters(of: "OrderPlaced").isEmpty)
    }

    @Test func aBreakTheRegisteredUpcastersBridgeIsAcceptedOnConfluentsRoute() throws {
        try registerBreakingPair()
        // v3 breaks v1 under BACKWARD_TRANSITIVE: refused while no upcaster bridges it.
        let refused = registerConfluent(Self.v3)
        #expect(refused.status == 409)
        #expect(refused.body["strata"] == nil)  // Confluent's routes keep Confluent's body
        #expect(send("PUT", "/strata/v1/subjects/OrderPlaced/upcasters/1-to-2.yaml", body: Self.upcaster).status == 200)
        let accepted = registerConfluent(Self.v3)
        #expect(accepted.status == 200, "\(accepted.body.serialized())")
        #expect(try registry.versions(of: "OrderPlaced").count == 3)
    }

    @Test func strataRegisterIsBridgedByTheUpcastersItCarriesAndStoresThem() throws {
        try registry.register(Self.v1, as: "OrderPlaced")
        // A file name that is not a string is a malformed request, not a missing name.
        #expect(send("POST", "/strata/v1/subjects/OrderPlaced/register", body: ["schema": Self.v1, "file": [:]]).status == 400)
        let refused = send("POST", "/strata/v1/subjects/OrderPlaced/register", body: ["schema": Self.v2, "file": "Schemas/OrderPlaced/2.json"])
        #expect(refused.status == 409)
        #expect(refused.body["strata"]?["kind"] == "incompatible")
        #expect(refused.body["strata"]?["report"]?["compatible"] == false)
        #expect(refused.body["strata"]?["summary"]?.string?.hasPrefix("OrderPlaced v2 is not BACKWARD compatible") == true)
        let accepted = send("POST", "/strata/v1/subjects/OrderPlaced/register", body: [
            "schema": Self.v2, "file": "Schemas/OrderPlaced/2.json",
            "upcasters": [["file": "Upcasters/OrderPlaced/1-to-2.yaml", "document": Self.upcaster]],
        ])
        #expect(accepted.status == 200, "\(accepted.body.serialized())")
        #expect(accepted.body["registration"]?["new"] == true)
        #expect(accepted.body["registration"]?["report"]?["bridged"] == true)
        #expect(accepted.body["summary"]?.string?.contains("compatible through upcasters") == true)
        #expect(try registry.upcasters(of: "OrderPlaced").map(\.fileName) == ["1-to-2.json"])
    }

    @Test func syncRegistersEverythingOrNothing() throws {
        let body: JSONValue = [
            "schemas": [["eventType": "OrderPlaced", "version": 1, "file": "Schemas/OrderPlaced/1.json", "schema": Self.v1],
                        ["eventType": "OrderPlaced", "version": 2, "file": "Schemas/OrderPlaced/2.json", "schema": Self.v2]],
            "upcasters": [],
        ]
        #expect(send("POST", "/strata/v1/sync", body: body).status == 409)
        #expect(try registry.eventTypes().isEmpty)
        var bridged = body.object!
        bridged["upcasters"] = [["file": "Upcasters/OrderPlaced/1-to-2.yaml", "document": Self.upcaster]]
        let synced = send("POST", "/strata/v1/sync", body: .object(bridged))
        #expect(synced.status == 200, "\(synced.body.serialized())")
        #expect(synced.body["registrations"]?.array?.count == 2)
        #expect(synced.body["newUpcasters"]?[0]?["from"] == 1)
    }

    @Test func verifyAndGraphDescribeTheRegisteredChains() throws {
        try registerBreakingPair()
        _ = send("PUT", "/strata/v1/subjects/OrderPlaced/upcasters/1-to-2.yaml", body: Self.upcaster)
        let verified = send("GET", "/strata/v1/verify", ["count": "20"])
        #expect(verified.status == 200, "\(verified.body.serialized())")
        #expect(verified.body["bridged"] == true)
        #expect(verified.body["chains"]?[0]?["upcasters"] == ["Upcasters/OrderPlaced/1-to-2.json"])
        let graph = send("GET", "/strata/v1/graph", ["subject": "OrderPlaced"])
        #expect(graph.body["versions"]?.array?.count == 2)
        #expect(graph.body["edges"] == [["from": ["eventType": "OrderPlaced", "version": 1],
                                         "to": [["eventType": "OrderPlaced", "version": 2]], "kind": "upcaster"]])
        #expect(send("GET", "/strata/v1/verify", ["subject": "Nobody"]).body["error_code"] == 40401)
    }

    @Test func theBundleDocumentHoldsWhatStrataBundleWritesAndLoadsAsACatalog() throws {
        try registerBreakingPair()
        _ = send("PUT", "/strata/v1/subjects/OrderPlaced/upcasters/1-to-2.yaml", body: Self.upcaster)
        let response = api.respond(to: ConfluentRequest(method: "GET", path: "/strata/v1/bundle")!)
        #expect(response.status == 200)
        let catalog = try Catalog(bundleDocument: response.bytes)
        #expect(catalog.schemaIDs.count == 2)
        // Unpacked, it is byte for byte the folder strata bundle writes.
        try registry.writeBundle(to: directory.path + "/written")
        try SchemaRegistry.writeBundle(try CatalogBundleDocument(parsing: response.bytes), to: directory.path + "/unpacked")
        let files = try FileManager.default.subpathsOfDirectory(atPath: directory.path + "/written").sorted()
        #expect(files == (try FileManager.default.subpathsOfDirectory(atPath: directory.path + "/unpacked").sorted()))
        for file in files where file.hasSuffix(".json") {
            #expect(FileManager.default.contents(atPath: directory.path + "/written/" + file)
                    == FileManager.default.contents(atPath: directory.path + "/unpacked/" + file), "\(file)")
        }
    }

    @Test(arguments: ["../escape.json", "/etc/passwd", "Schemas/../../x.json", "Schemas/A/.hidden.json", "Other/A/1.json"])
    func aBundleDocumentNeverWritesOutsideItsFolder(path: String) {
        let document: JSONValue = ["format": 1, "files": .object(JSONObject(uniqueMembers: [("manifest.json", [:]), (path, [:])]))]
        #expect(throws: UpcastingError.self) { try CatalogBundleDocument(parsing: Array(document.serialized().utf8)) }
    }

    @Test func theSnapshotRoundTripsAndReadsAsTheRegistry() throws {
        try registerBreakingPair()
        _ = send("PUT", "/strata/v1/subjects/OrderPlaced/upcasters/1-to-2.yaml", body: Self.upcaster)
        try registry.delete(version: 1, of: "OrderPlaced")
        try registry.setMode(.readOnly, for: nil)
        let snapshot = try RegistrySnapshot(json: send("GET", "/strata/v1/snapshot").body)
        #expect(snapshot == (try registry.snapshot()))
        let copy = SchemaRegistry(store: SnapshotStore(snapshot))
        #expect(try copy.versions(of: "OrderPlaced", includingDeleted: true) == (try registry.versions(of: "OrderPlaced", includingDeleted: true)))
        #expect(try copy.configuration(for: "OrderPlaced") == (try registry.configuration(for: "OrderPlaced")))
        #expect(try copy.mode(for: nil) == .readOnly)
        #expect(throws: RegistryError.readOnly(path: "snapshot")) { try copy.setConfiguration(.default, for: nil) }
    }
}

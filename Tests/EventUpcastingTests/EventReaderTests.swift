import EventSchema
import EventUpcasting
import Foundation
import StrataTestSupport
import Testing

/// The current version of the example domain's order event, as a consumer declares it.
struct CurrentOrderPlaced: Decodable, Sendable, Equatable {
    struct Money: Decodable, Sendable, Equatable { var minorUnits: Int64; var currency: String }
    struct Line: Decodable, Sendable, Equatable { var sku: String; var quantity: Int; var unitPrice: Money }
    var orderId: String
    var customerId: String
    var total: Money
    var lines: [Line]
    var placedAt: Date
    var sequence: Int64
}

struct EventReaderTests {
    static let root = Conformance.packageRoot.path

    func reader(unknownType: EventReader.UnknownTypePolicy = .error, newerVersion: EventReader.NewerVersionPolicy = .error) throws -> EventReader {
        let chain = try UpcasterChain(folder: Self.root + "/Upcasters", schemas: SchemaFolder(root: Self.root + "/Schemas"), eventTypes: ["OrderPlaced"])
        var types = EventTypeMap()
        types.register(CurrentOrderPlaced.self, as: "OrderPlaced")
        return EventReader(chain: chain, types: types, unknownType: unknownType, newerVersion: newerVersion)
    }

    func stored(_ version: Int, _ name: String = "typical") throws -> JSONValue {
        try DocumentReader().read(file: "\(Self.root)/Schemas/OrderPlaced/examples/v\(version)/\(name).json")
    }

    /// The golden-example kit in Swift: every valid example of every stored version reads as the
    /// current struct, and one with a pinned `.expected.json` reads as the struct the pin decodes to.
    @Test func everyGoldenExampleReadsAsTheCurrentStructAndMatchesItsPin() throws {
        let reader = try reader()
        let golden = try BridgeVerifier.goldenExamples(in: SchemaFolder(root: Self.root + "/Schemas"))
        var read = 0
        for version in 1...3 {
            for example in golden[EventVersion("OrderPlaced", version)] ?? [] {
                let order = try reader.read(StoredEvent(eventType: "OrderPlaced", version: version, payload: example.payload), as: CurrentOrderPlaced.self)
                read += 1
                let pin = String(example.file.dropLast(".json".count)) + BridgeVerifier.expectedSuffix
                if FileManager.default.fileExists(atPath: pin) {
                    #expect(order == (try JSONValueDecoder().decode(CurrentOrderPlaced.self, from: DocumentReader().read(file: pin))), "\(example.file)")
                }
            }
        }
        #expect(read == 11)
    }

    @Test func everyStoredVersionReadsAsTheSameCurrentStruct() throws {
        let reader = try reader()
        let orders = try (1...3).map { version in
            try reader.read(StoredEvent(eventType: "OrderPlaced", version: version, payload: stored(version)), as: CurrentOrderPlaced.self)
        }
        #expect(orders[0] == orders[1] && orders[1] == orders[2])
        #expect(orders[0].sequence == 1234567890123456789)
        #expect(orders[0].total == CurrentOrderPlaced.Money(minorUnits: 19999, currency: "EUR"))
        #expect(orders[0].placedAt == Date(timeIntervalSince1970: 1718042701))
        guard case .event(let read)? = try reader.read(StoredEvent(eventType: "OrderPlaced", version: 1, payload: stored(1))).first,
              let order = read.value as? CurrentOrderPlaced else {
            Issue.record("expected a typed CurrentOrderPlaced")
            return
        }
        #expect(order == orders[2])
    }

    @Test func envelopesNameTypeAndVersion() throws {
        let payload = try stored(2).serialized()
        let cloudEvent = #"{"specversion": "1.0", "id": "e-1", "source": "/orders", "type": "com.example.order.placed", "dataschema": "https://schemas.example.com/OrderPlaced/2.json", "data": \#(payload)}"#
        let fromCloudEvent = try EventEnvelope.cloudEvent(Array(cloudEvent.utf8))
        #expect(fromCloudEvent.eventType == "OrderPlaced" && fromCloudEvent.version == 2)
        let fromRecord = try EventEnvelope.record(eventType: "OrderPlaced", metadata: Array(#"{"schemaVersion": 2, "user": "u1"}"#.utf8), payload: Array(payload.utf8))
        #expect(fromRecord.version == 2 && fromRecord.payload == fromCloudEvent.payload)
        let wire = EventEnvelope.wireHeader(schemaID: 0x01020304) + Array(payload.utf8)
        let fromWire = try EventEnvelope.wireFormat(wire, schemas: [0x01020304: ("OrderPlaced", 2)])
        #expect(fromWire.version == 2 && fromWire.payload == fromCloudEvent.payload)
        let inline = try EventEnvelope.versionField(eventType: "OrderPlaced", payload: Array(#"{"schemaVersion": "3", "orderId": "x"}"#.utf8))
        #expect(inline.version == 3)
        let order = try reader().read(fromWire, as: CurrentOrderPlaced.self)
        #expect(order.sequence == 1234567890123456789)
    }

    @Test func envelopesWithoutAVersionAreTypedErrors() {
        #expect(throws: UpcastingError.invalidEnvelope(reason: "the CloudEvent e has no dataschema naming its version")) {
            try EventEnvelope.cloudEvent(Array(#"{"type": "e", "data": {}}"#.utf8))
        }
        #expect(throws: UpcastingError.invalidEnvelope(reason: "OrderPlaced: the metadata has no schemaVersion")) {
            try EventEnvelope.record(eventType: "OrderPlaced", metadata: Array("{}".utf8), payload: Array("{}".utf8))
        }
        #expect(throws: UpcastingError.invalidEnvelope(reason: "magic byte is 1, not 0")) {
            try EventEnvelope.wireFormat([1, 0, 0, 0, 1, 0x7B, 0x7D], schemas: [:])
        }
    }

    @Test func policiesForUnknownTypesAndNewerVersions() throws {
        let unknown = StoredEvent(eventType: "InvoiceSent", version: 1, payload: [:])
        #expect(throws: UpcastingError.unknownEventType("InvoiceSent")) { try reader().read(unknown) }
        guard case .skipped? = try reader(unknownType: .skip).read(unknown).first else { Issue.record("expected skipped"); return }
        guard case .raw(let raw)? = try reader(unknownType: .passThrough).read(unknown).first else { Issue.record("expected raw"); return }
        #expect(raw == unknown)
        let future = StoredEvent(eventType: "OrderPlaced", version: 4, payload: try stored(3))
        #expect(throws: UpcastingError.unknownVersion(eventType: "OrderPlaced", version: 4)) { try reader().read(future) }
        guard case .skipped? = try reader(newerVersion: .skip).read(future).first else { Issue.record("expected skipped"); return }
    }

    @Test func aPayloadTheStructCannotHoldNamesTypeVersionAndPointer() throws {
        var payload = try stored(3)
        if case .object(var object) = payload { object["sequence"] = "not a number"; payload = .object(object) }
        #expect {
            try reader().read(StoredEvent(eventType: "OrderPlaced", version: 3, payload: payload))
        } throws: { error in
            guard case .decodingFailed(let type, let version, let failure)? = error as? UpcastingError else { return false }
            return type == "OrderPlaced" && version == 3 && failure.pointer.description == "/sequence"
        }
    }
}

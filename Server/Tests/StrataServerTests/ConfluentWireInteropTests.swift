import EventSchema
import EventUpcasting
import Foundation
import SchemaRegistry
import StrataServerKit
import Testing

/// The Python with confluent-kafka that `scripts/server-clients-test.sh` names.
private let interopPython = ProcessInfo.processInfo.environment["STRATA_TEST_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }

/// Bytes cross between confluent-kafka and Strata in both directions, through a running server:
/// confluent-kafka's `JSONSerializer` writes an OrderPlaced v1 event (magic byte, schema id,
/// JSON); Strata reads those exact bytes as the current Swift struct (v2) through the catalog
/// downloaded from the server, the v1 event upcast on the way; then Strata writes a v2 event
/// that confluent-kafka's `JSONDeserializer` reads back, validated against the schema it fetches
/// by id.
///
/// confluent-kafka comes from PyPI: `scripts/server-clients-test.sh` sets `STRATA_TEST_PYTHON` to
/// the Python of its virtual environment and runs this test; without it the test is skipped.
@Suite(.enabled(if: interopPython != nil, "STRATA_TEST_PYTHON (a Python with confluent-kafka) is not set"))
struct ConfluentWireInteropTests {
    static let python = interopPython
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("clients/wire_interop.py").path

    /// OrderPlaced as this consumer reads it today: v2, with the currency v1 did not have.
    struct OrderPlaced: Codable, Sendable, Equatable {
        var orderId: String
        var total: Decimal
        var sequence: Int64
        var currency: String
    }

    /// v1 plus a currency: BACKWARD compatible, an optional property added to a closed model; the
    /// upcaster gives every v1 event one.
    static let v2: JSONValue = [
        "title": "OrderPlaced", "type": "object",
        "properties": ["orderId": ["type": "string"], "total": ["type": "number"], "sequence": ["type": "integer"],
                       "currency": ["type": "string"]],
        "required": ["orderId", "total", "sequence"], "additionalProperties": false,
    ]
    static let upcaster: JSONValue = ["description": "orders before v2 were in euros", "steps": [["set": "/currency", "value": "EUR"]]]

    /// Runs the Python half; its standard output.
    func runPython(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.python))
        process.arguments = [Self.script] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        let complaint = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "wire_interop.py \(arguments[0]): \(String(decoding: complaint, as: UTF8.self))")
        return String(decoding: printed, as: UTF8.self)
    }

    @Test func confluentKafkaBytesReadAsTheCurrentStructAndStrataBytesReadByConfluentKafka() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("strata-wire-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try await TestServers.run([.sqlite(path: folder.appendingPathComponent("registry.sqlite").path)]) { bases in
            let base = bases[0]
            // confluent-kafka registers v1 (record-name strategy: the subject is the title) and serialises.
            let fromConfluent = folder.appendingPathComponent("from-confluent.bin").path
            _ = try runPython(["produce", base.absoluteString, fromConfluent])

            // The consumer's team moves to v2 and registers the upcaster that reads v1 events as v2.
            let registered = try await TestServers.json("POST", base.appendingPathComponent("subjects/OrderPlaced/versions"),
                                                        body: ["schema": Self.v2.serialized()])
            #expect(registered.status == 200, "\(String(describing: registered.json))")
            let v2ID = try #require((registered.json as? [String: Any])?["id"] as? Int)
            let put = try await TestServers.send("PUT", base.appendingPathComponent("strata/v1/subjects/OrderPlaced/upcasters/1-to-2.yaml"),
                                                 body: Data(Self.upcaster.serialized().utf8))
            #expect(put.0 == 200, "\(String(decoding: put.2, as: UTF8.self))")

            // The catalog comes from the server; the bytes are confluent-kafka's, untouched.
            let (status, _, bundle) = try await TestServers.send("GET", base.appendingPathComponent("strata/v1/bundle"))
            #expect(status == 200)
            let catalog = try Catalog(bundleDocument: [UInt8](bundle))
            var types = EventTypeMap()
            types.register(OrderPlaced.self, as: "OrderPlaced")
            let reader = catalog.reader(types: types)
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: fromConfluent)))
            let stored = try EventEnvelope.wireFormat(bytes, schemas: catalog.schemaIDs)
            #expect(stored.version == 1)
            let order = try reader.read(stored, as: OrderPlaced.self)
            #expect(order == OrderPlaced(orderId: "o-1", total: Decimal(string: "199.99")!, sequence: 1_234_567_890_123_456_789, currency: "EUR"))

            // And back: Strata writes a v2 event; confluent-kafka reads it by the id in its header.
            let event = OrderPlaced(orderId: "o-2", total: Decimal(string: "1234.56")!, sequence: 9_007_199_254_740_993, currency: "USD")
            let payload = try JSONValueEncoder().encode(event)
            let fromStrata = folder.appendingPathComponent("from-strata.bin")
            try Data(EventEnvelope.wireHeader(schemaID: v2ID) + payload.serializedBytes()).write(to: fromStrata)
            let printed = try runPython(["consume", base.absoluteString, fromStrata.path])
            #expect(try JSONValue(parsing: Array(printed.utf8)) == payload)
        }
    }
}

// The program StrataCodegenTests builds against the generated code (see GeneratedPackageTests):
// every golden example of every version of the example domain, read through the catalog and its
// upcasters into the generated structs, the same through init(payload:) and init(from:); payloads
// generated from each schema, read both ways; and the feature fixtures, exact numbers included.
// Prints one line per failure and exits 1 on any. UpcasterFixtures.swift is copied from
// Tests/StrataTestSupport.
import DomainTypes
import EventSchema
import EventUpcasting
import FeatureTypes
import Foundation

/// Reads one stored event as `Event` both ways and checks that they agree and survive encoding.
protocol EventCheck: Sendable {
    func problem(reading stored: StoredEvent, with reader: EventReader) throws -> String?
}

struct Check<Event: PayloadDecodable & Codable & Hashable & Sendable>: EventCheck {
    func problem(reading stored: StoredEvent, with reader: EventReader) throws -> String? {
        guard case .event(let event)? = try reader.read(stored).first, let fast = event.value as? Event else {
            return "not read as \(Event.self)"
        }
        let synthesized = try reader.read(stored, as: Event.self)
        guard fast == synthesized else { return "init(payload:) and init(from:) disagree: \(fast) vs \(synthesized)" }
        let bytes = stored.payload.serializedBytes()
        if stored.version == reader.chain.currentVersions[stored.eventType] {
            let fromBytes = try reader.read(Event.self, eventType: stored.eventType, version: stored.version, payload: bytes)
            guard fromBytes == fast else { return "the bytes read differently" }
        }
        let again = try JSONValueDecoder().decode(Event.self, from: try JSONValueEncoder().encode(fast))
        guard again == fast else { return "does not survive encoding: \(again) vs \(fast)" }
        return nil
    }
}

nonisolated(unsafe) var failures = 0
func fail(_ message: String) {
    print("FAIL \(message)")
    failures += 1
}

/// Checks one stored event: every version reads, OrderShipped v1 through its compatible successor.
func run(_ check: any EventCheck, _ stored: StoredEvent, _ reader: EventReader, _ name: String) {
    do {
        if let problem = try check.problem(reading: stored, with: reader) { fail("\(name): \(problem)") }
    } catch {
        fail("\(name): \(error)")
    }
}

func checkDomain(root: String) throws {
    let catalog = try Catalog(schemas: root + "/Schemas", upcasters: root + "/Upcasters", swiftUpcasters: ["splitName": UpcasterFixtures.splitName])
    var types = EventTypeMap()
    DomainTypes.StrataEventTypes.register(in: &types)
    let reader = catalog.reader(types: types)
    let golden = try BridgeVerifier.goldenExamples(in: catalog.schemas)
    var read = 0
    for (node, examples) in golden.sorted(by: { $0.key < $1.key }) {
        guard let check = domainChecks[node.eventType] else { fail("no generated type for \(node.eventType)"); continue }
        for example in examples {
            run(check, StoredEvent(eventType: node.eventType, version: node.version, payload: example.payload), reader, example.file)
            read += 1
        }
    }
    print("golden examples read: \(read)")
    let schemas = try VersionedSchemas(folder: catalog.schemas)
    var generated = 0
    for node in golden.keys.sorted() {
        guard let check = domainChecks[node.eventType] else { continue }
        let samples = PayloadGenerator.samples(from: (golden[node] ?? []).map(\.payload))
        for seed: UInt64 in [1, 42, 0xDEAD_BEEF] {
            var generator = PayloadGenerator(schemas: schemas, samples: [node: samples], seed: seed)
            for payload in try generator.payloads(of: node, count: 20) {
                run(check, StoredEvent(eventType: node.eventType, version: node.version, payload: payload), reader, "generated \(node) seed \(seed)")
                generated += 1
            }
        }
    }
    print("generated payloads read: \(generated)")
    let examples = root + "/Schemas/OrderPlaced/examples/"
    let typical = try reader.read(OrderPlaced.self, eventType: "OrderPlaced", version: 1,
                                  payload: try DocumentReader().readBytes(file: examples + "v1/typical.json"))
    if typical.sequence != 1_234_567_890_123_456_789 { fail("OrderPlaced.sequence is \(typical.sequence)") }
    let big = try reader.read(OrderPlaced.self, eventType: "OrderPlaced", version: 3,
                              payload: try DocumentReader().readBytes(file: examples + "v3/big-sequence.json"))
    if big.sequence != Int64.max { fail("OrderPlaced.sequence is \(big.sequence)") }
}

func checkFeatures() throws {
    var types = EventTypeMap()
    FeatureTypes.StrataEventTypes.register(in: &types)
    let chain = try UpcasterChain(upcasters: [], currentVersions: ["Ledger": 1, "Refund": 1, "Tick": 1, "Price": 2])
    let reader = EventReader(chain: chain, types: types)
    for (type, payload) in featurePayloads {
        guard let check = featureChecks[type] else { fail("no generated type for \(type)"); continue }
        let value = try JSONValue(parsing: payload)
        run(check, StoredEvent(eventType: type, version: type == "Price" ? 2 : 1, payload: value), reader, "feature \(type)")
    }
    let ledger = try reader.read(Ledger.self, eventType: "Ledger", version: 1, payload: Array(featurePayloads[0].1.utf8))
    if ledger.amount != Decimal(string: "199.99") || ledger.amount.description != "199.99" { fail("Ledger.amount is \(ledger.amount)") }
    if ledger.sequence != 1_234_567_890_123_456_789 { fail("Ledger.sequence is \(ledger.sequence)") }
    if ledger.huge != 18_446_744_073_709_551_615 { fail("Ledger.huge is \(String(describing: ledger.huge))") }
    if ledger.status != .onHold || ledger.entryId != "e-1" || ledger.`default` != true || ledger.displayName != "Ada" { fail("Ledger names: \(ledger)") }
    guard case .bankTransfer(let transfer) = ledger.payment, transfer.iban == "NL91" else { fail("Ledger.payment is \(ledger.payment)"); return }
    guard case .homeDelivery(let delivery)? = ledger.shipment, delivery.address == "Dam 1" else { fail("Ledger.shipment"); return }
    if ledger.anything != ["any": [1, "two"]] { fail("Ledger.anything is \(String(describing: ledger.anything))") }
    if ledger.totals?["eur"]?.value != Decimal(string: "0.10") { fail("Ledger.totals is \(String(describing: ledger.totals))") }
    if ledger.children?.first?.children?.first?.name != "leaf" { fail("Ledger.children") }
    let encoded = try JSONValueEncoder().encode(ledger)
    if encoded["amount"] != .number(JSONNumber(exactly: "199.99")!) || encoded["entry-id"] != "e-1" { fail("Ledger encodes as \(encoded)") }
    let unknown = try JSONValue(parsing: #"{"entry-id": "e", "amount": 1, "sequence": 1, "status": "open", "payment": {"method": "cash"}}"#)
    do {
        _ = try reader.read(Ledger.self, eventType: "Ledger", version: 1, payload: unknown.serializedBytes())
        fail("an unknown payment method was read")
    } catch {}
}

do {
    try checkDomain(root: CommandLine.arguments[1])
    try checkFeatures()
} catch {
    fail("\(error)")
}
print(failures == 0 ? "ok" : "\(failures) failures")
exit(failures == 0 ? 0 : 1)

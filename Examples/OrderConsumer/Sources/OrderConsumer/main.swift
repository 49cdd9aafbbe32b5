// Reads stored OrderPlaced events written at v1, v2 and v3 — in three different envelopes — and
// CustomerRegistered events at v1 and v2, as the current structs (generated from the catalog's
// schemas by the build plugin), from the bundled catalog.
import EventSchema
import EventUpcasting
import Foundation
import OrderUpcasters

// OrderPlaced, CustomerRegistered and the other event types are generated from the bundled
// catalog's schemas at build time (StrataGeneratePlugin, see docs/codegen.md): Codable, Hashable
// and PayloadDecodable structs of each type's current version, and StrataEventTypes.register(in:).

func check(_ condition: Bool, _ message: String) {
    guard condition else {
        FileHandle.standardError.write(Data("OrderConsumer: \(message)\n".utf8))
        exit(1)
    }
}

do {
    let catalog = try Catalog(bundle: Bundle.module, subdirectory: "Catalog", swiftUpcasters: orderUpcasters)
    var types = EventTypeMap()
    StrataEventTypes.register(in: &types)
    let reader = catalog.reader(types: types)

    // v1, as an event store record: the version is in the metadata.
    let v1 = #"{"orderId":"ord_7Kq2XbN9wR","customer":"cus_Fz81mQ4pL2","amount":199.99,"currency":"EUR","lines":[{"sku":"TSHIRT-BLK-M","quantity":2,"unitPrice":24.95},{"sku":"HOODIE-GRY-L","quantity":1,"unitPrice":89.99},{"sku":"CAP-NVY-OS","quantity":2,"unitPrice":30.05}],"placedAt":1718042701,"note":"leave with the neighbour","sequence":1234567890123456789}"#
    let fromRecord = try EventEnvelope.record(eventType: "OrderPlaced", metadata: Array(#"{"schemaVersion": 1}"#.utf8), payload: Array(v1.utf8))
    // v2, as a CloudEvent whose dataschema names the version.
    let v2 = #"{"orderId":"ord_7Kq2XbN9wR","customerId":"cus_Fz81mQ4pL2","total":{"minorUnits":19999,"currency":"EUR"},"lines":[{"sku":"TSHIRT-BLK-M","quantity":2,"unitPrice":{"minorUnits":2495,"currency":"EUR"}},{"sku":"HOODIE-GRY-L","quantity":1,"unitPrice":{"minorUnits":8999,"currency":"EUR"}},{"sku":"CAP-NVY-OS","quantity":2,"unitPrice":{"minorUnits":3005,"currency":"EUR"}}],"placedAt":1718042701,"sequence":1234567890123456789}"#
    let cloudEvent = #"{"specversion":"1.0","id":"1","source":"/orders","type":"order.placed","dataschema":"strata:///OrderPlaced/2.json","data":\#(v2)}"#
    let fromCloudEvent = try EventEnvelope.cloudEvent(Array(cloudEvent.utf8))
    // v3, in the registry's wire format: magic byte and schema id.
    let v3 = #"{"orderId":"ord_7Kq2XbN9wR","customerId":"cus_Fz81mQ4pL2","total":{"minorUnits":19999,"currency":"EUR"},"lines":[{"sku":"TSHIRT-BLK-M","quantity":2,"unitPrice":{"minorUnits":2495,"currency":"EUR"}},{"sku":"HOODIE-GRY-L","quantity":1,"unitPrice":{"minorUnits":8999,"currency":"EUR"}},{"sku":"CAP-NVY-OS","quantity":2,"unitPrice":{"minorUnits":3005,"currency":"EUR"}}],"placedAt":"2024-06-10T18:05:01Z","sequence":1234567890123456789}"#
    guard let v3ID = catalog.schemaIDs.first(where: { $0.value.eventType == "OrderPlaced" && $0.value.version == 3 })?.key else {
        check(false, "the bundle has no schema id for OrderPlaced v3")
        exit(1)
    }
    let fromWire = try EventEnvelope.wireFormat(EventEnvelope.wireHeader(schemaID: v3ID) + Array(v3.utf8), schemas: catalog.schemaIDs)

    let orders = try [fromRecord, fromCloudEvent, fromWire].map { try reader.read($0, as: OrderPlaced.self) }
    for (stored, order) in zip([fromRecord, fromCloudEvent, fromWire], orders) {
        print("OrderPlaced v\(stored.version) -> \(order.orderId) total \(order.total.minorUnits) \(order.total.currency), \(order.lines.count) lines, sequence \(order.sequence)")
    }
    check(orders[0] == orders[1] && orders[1] == orders[2], "the three versions did not read as the same order")
    check(orders[0].sequence == 1234567890123456789, "the int64 sequence was not exact")
    // The stored bytes themselves, the fastest path: parsed, upcast and read with no JSONValue.
    let fromBytes = try reader.read(OrderPlaced.self, eventType: "OrderPlaced", version: 1, payload: Array(v1.utf8))
    check(fromBytes == orders[0], "the v1 bytes did not read as the same order")

    let customerV1 = StoredEvent(eventType: "CustomerRegistered", version: 1, payload: try JSONValue(parsing:
        #"{"customerId":"cus_Fz81mQ4pL2","name":"Ada Lovelace","email":"ada@example.com","registeredAt":1718042000,"sequence":1234567890123456789}"#))
    guard case .event(let event)? = try reader.read(customerV1).first, let customer = event.value as? CustomerRegistered else {
        check(false, "CustomerRegistered v1 did not read as the current struct")
        exit(1)
    }
    print("CustomerRegistered v1 -> \(customer.givenName) \(customer.familyName), consent \(customer.marketingConsent), sequence \(customer.sequence)")
    check(customer.givenName == "Ada" && customer.familyName == "Lovelace" && !customer.marketingConsent, "the Swift upcaster did not run")
    print("ok")
} catch {
    check(false, "\(error)")
}

// Order streams for the rebuild benchmark: each an OrderPlaced of version 1, 2 or 3, then
// OrderShipped v1 and v2 and PaymentRefunded v1 events, every payload distinct, as plain rows.
import EventSchema
import EventUpcasting
import Foundation

/// One generated order stream, with what its rebuild must give.
struct OrderStream {
    var stream: String
    var rows: [StreamRow]
    /// The `sequence` of the last event, an int64 above 2^60.
    var lastSequence: Int64
    /// The order's total in minor units.
    var total: Int64
}

/// `count` order streams of `events` events each, from a fixed seed.
func orderStreams(count: Int, events: Int) -> [OrderStream] {
    var generator = SplitMix64(seed: 17)
    return (0..<count).map { index in
        let orderId = identifier("ord_", length: 12, using: &generator)
        let stream = "order-" + orderId
        let currency = ["EUR", "USD", "GBP"].randomElement(using: &generator)!
        let total = Int64.random(in: 100_000...9_999_999, using: &generator)
        let version = index % 3 + 1
        var rows = [StreamRow(stream: stream, revision: 0, eventType: "OrderPlaced", version: version,
                              payload: orderPlaced(version: version, orderId: orderId, currency: currency, total: total,
                                                   sequence: eventSequence(index, 0), using: &generator))]
        rows.reserveCapacity(events)
        for revision in 1..<events {
            let (type, version, payload): (String, Int, JSONValue)
            let seq = JSONValue.number(JSONNumber(eventSequence(index, revision)))
            switch Int.random(in: 0..<10, using: &generator) {
            case 0..<3:
                (type, version, payload) = ("OrderShipped", 1, [
                    "orderId": .string(orderId), "carrier": .string(["DHL", "UPS", "FedEx", "PostNL"].randomElement(using: &generator)!),
                    "trackingNumber": .string(identifier("", length: 18, using: &generator)),
                    "shippedAt": .number(JSONNumber(Int64.random(in: 1_700_000_000...1_800_000_000, using: &generator))), "sequence": seq,
                ])
            case 3..<6:
                (type, version, payload) = ("OrderShipped", 2, [
                    "orderId": .string(orderId), "carrier": "DPD", "trackingNumber": .string(identifier("", length: 14, using: &generator)),
                    "shippedAt": .number(JSONNumber(Int64.random(in: 1_700_000_000...1_800_000_000, using: &generator))),
                    "estimatedDelivery": .string("2024-0\(Int.random(in: 1...9, using: &generator))-1\(Int.random(in: 0...9, using: &generator))"),
                    "sequence": seq,
                ])
            default:
                (type, version, payload) = ("PaymentRefunded", 1, [
                    "paymentId": .string(identifier("pay_", length: 12, using: &generator)), "orderId": .string(orderId),
                    "amount": ["minorUnits": .number(JSONNumber(Int64.random(in: 1...99, using: &generator))), "currency": .string(currency)],
                    "reason": .string(["customer-request", "damaged", "duplicate", "fraud"].randomElement(using: &generator)!),
                    "refundedAt": "2024-07-01T09:41:27.5+02:00", "sequence": seq,
                ])
            }
            rows.append(StreamRow(stream: stream, revision: Int64(revision), eventType: type, version: version, payload: payload.serializedBytes()))
        }
        return OrderStream(stream: stream, rows: rows, lastSequence: eventSequence(index, events - 1), total: total)
    }
}

/// The `sequence` of event `revision` of stream `index`: above 2^60, so only an exact read keeps it.
func eventSequence(_ index: Int, _ revision: Int) -> Int64 { (1 << 60) + Int64(index) * 1_000_003 + Int64(revision) }

/// An `OrderPlaced` payload in the shape of `version`: v1 with float amounts and a note, v2 with
/// `Money`, v3 with an RFC 3339 `placedAt`.
func orderPlaced(version: Int, orderId: String, currency: String, total: Int64, sequence: Int64,
                 using generator: inout SplitMix64) -> [UInt8] {
    let customer = identifier("cus_", length: 10, using: &generator)
    let decimal = JSONValue.number(JSONNumber(exactly: "\(total / 100).\(String(format: "%02d", total % 100))")!)
    let money: JSONValue = ["minorUnits": .number(JSONNumber(total)), "currency": .string(currency)]
    let payload: JSONValue = switch version {
    case 1: [
        "orderId": .string(orderId), "customer": .string(customer), "amount": decimal, "currency": .string(currency),
        "lines": [["sku": "GIFT-CARD", "quantity": 1, "unitPrice": decimal]], "placedAt": 1_718_042_701,
        "note": "Leave it with the neighbour.", "sequence": .number(JSONNumber(sequence)),
    ]
    case 2: [
        "orderId": .string(orderId), "customerId": .string(customer), "total": money,
        "lines": [["sku": "GIFT-CARD", "quantity": 1, "unitPrice": money]], "placedAt": 1_718_042_701, "sequence": .number(JSONNumber(sequence)),
    ]
    default: [
        "orderId": .string(orderId), "customerId": .string(customer), "total": money,
        "lines": [["sku": "GIFT-CARD", "quantity": 1, "unitPrice": money]], "placedAt": "2024-06-10T18:05:01Z",
        "sequence": .number(JSONNumber(sequence)),
    ]
    }
    return payload.serializedBytes()
}

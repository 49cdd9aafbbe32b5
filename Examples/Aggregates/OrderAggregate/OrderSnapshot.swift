// The order's snapshot: `OrderSnapshot` v2 in Examples/Aggregates/Snapshots (v1 is upcast to it).
import EventUpcasting

/// `OrderSnapshot` v2: an order's state at a revision.
public struct OrderSnapshot: Codable, Sendable, Equatable {
    /// Where the order is.
    public var status: Order.Status
    /// The order's id.
    public var orderId: String?
    /// The customer.
    public var customerId: String?
    /// The total.
    public var total: Money?
    /// The number of lines.
    public var lineCount: Int
    /// The parcels shipped.
    public var shipments: [Order.Shipment]
    /// The refunds, each currency's sum.
    public var refunds: [Money]
    /// The `sequence` of the last event.
    public var lastSequence: Int64?
}

extension Order {
    /// The state a snapshot holds.
    public init(snapshot: OrderSnapshot) {
        status = snapshot.status
        orderId = snapshot.orderId
        customerId = snapshot.customerId
        total = snapshot.total
        lineCount = snapshot.lineCount
        shipments = snapshot.shipments
        refunded = Dictionary(snapshot.refunds.filter { $0.minorUnits != 0 }.map { ($0.currency, $0.minorUnits) }, uniquingKeysWith: +)
        lastSequence = snapshot.lastSequence
    }

    /// The state as a snapshot.
    public var snapshot: OrderSnapshot {
        OrderSnapshot(status: status, orderId: orderId, customerId: customerId, total: total, lineCount: lineCount,
                      shipments: shipments,
                      refunds: refunded.sorted { $0.key < $1.key }.map { Money(minorUnits: $0.value, currency: $0.key) },
                      lastSequence: lastSequence)
    }
}

// The example domain's order, rebuilt from its stream: OrderPlaced, then any OrderShipped and
// PaymentRefunded events, of any stored version.
import EventUpcasting
import Foundation

/// An order of the example domain, as an event-sourced aggregate.
public struct Order: SnapshottableAggregate, Equatable {
    /// What an order applies.
    public enum Event: Sendable {
        /// `OrderPlaced`.
        case placed(OrderPlaced)
        /// `OrderShipped`.
        case shipped(OrderShipped)
        /// `PaymentRefunded`.
        case refunded(PaymentRefunded)
    }

    /// Where the order is.
    public enum Status: String, Codable, Sendable {
        /// No `OrderPlaced` yet.
        case unplaced
        /// Placed, nothing shipped.
        case placed
        /// At least one parcel shipped.
        case shipped
    }

    /// One parcel.
    public struct Shipment: Codable, Sendable, Equatable {
        /// The carrier.
        public var carrier: String
        /// The carrier's tracking number.
        public var trackingNumber: String
    }

    /// The event types an order applies.
    public static let eventTypes = AggregateEventTypes<Event>()
        .on(OrderPlaced.self, as: "OrderPlaced", Event.placed)
        .on(OrderShipped.self, as: "OrderShipped", Event.shipped)
        .on(PaymentRefunded.self, as: "PaymentRefunded", Event.refunded)

    /// The snapshot's type in the catalog.
    public static let snapshotType = "OrderSnapshot"

    /// Where the order is.
    public var status = Status.unplaced
    /// The order's id, once placed.
    public var orderId: String?
    /// The customer, once placed.
    public var customerId: String?
    /// The total, once placed.
    public var total: Money?
    /// The number of lines.
    public var lineCount = 0
    /// The parcels shipped, in order.
    public var shipments: [Shipment] = []
    /// The sum of the refunds, in minor units of each refund's currency.
    public var refunded: [String: Int64] = [:]
    /// The `sequence` of the last event applied (an int64 kept exactly).
    public var lastSequence: Int64?
    /// Events that named another order, which the invariants refuse.
    public var foreignEvents = 0

    /// An order before its first event.
    public init() {}

    /// Applies one event.
    public mutating func apply(_ event: Event) {
        switch event {
        case .placed(let placed):
            status = .placed
            orderId = placed.orderId
            customerId = placed.customerId
            total = placed.total
            lineCount = placed.lines.count
            lastSequence = placed.sequence
        case .shipped(let shipped):
            note(shipped.orderId)
            if status == .placed { status = .shipped }
            shipments.append(Shipment(carrier: shipped.carrier, trackingNumber: shipped.trackingNumber))
            lastSequence = shipped.sequence
        case .refunded(let refund):
            note(refund.orderId)
            refunded[refund.amount.currency, default: 0] += refund.amount.minorUnits
            lastSequence = refund.sequence
        }
    }

    private mutating func note(_ eventOrder: String) {
        if eventOrder != orderId { foreignEvents += 1 }
    }

    /// An order's events follow its `OrderPlaced`, name it, and refund at most its total, in its currency.
    public func checkInvariants() throws(InvariantViolation) {
        guard status != .unplaced || (shipments.isEmpty && refunded.isEmpty) else {
            throw InvariantViolation("the order was shipped or refunded before it was placed")
        }
        guard foreignEvents == 0 else { throw InvariantViolation("\(foreignEvents) events name another order than \(orderId ?? "-")") }
        guard let total else { return }
        for (currency, minorUnits) in refunded.sorted(by: { $0.key < $1.key }) {
            guard currency == total.currency else {
                throw InvariantViolation("a refund in \(currency) of an order in \(total.currency)")
            }
            guard minorUnits <= total.minorUnits else {
                throw InvariantViolation("refunded \(Money(minorUnits: minorUnits, currency: currency).formatted) of a \(total.formatted) order")
            }
        }
    }
}

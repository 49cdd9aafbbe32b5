// The current versions of the example domain's order events, as the Order aggregate reads them.
import EventUpcasting
import Foundation

/// An exact amount in a currency's minor units (`Schemas/Money/1.json`).
public struct Money: PayloadDecodable, Codable, Sendable, Hashable {
    /// The amount in minor units: 19999 for 199.99 EUR.
    public var minorUnits: Int64
    /// The ISO 4217 code.
    public var currency: String

    /// Creates an amount.
    public init(minorUnits: Int64, currency: String) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Reads the amount.
    public init(payload: PayloadValue) throws(DecodingFailure) {
        minorUnits = try payload.decode(forKey: "minorUnits")
        currency = try payload.decode(forKey: "currency")
    }

    /// The amount in the currency's units, exactly (two decimals, as in the example domain): 199.99.
    public var amount: Decimal { Decimal(minorUnits) / 100 }

    /// The amount with its two decimals and currency: `199.99 EUR`, `-0.05 USD`.
    public var formatted: String {
        let cents = String(minorUnits.magnitude % 100)
        return "\(minorUnits < 0 ? "-" : "")\(minorUnits.magnitude / 100).\(cents.count == 1 ? "0" + cents : cents) \(currency)"
    }
}

/// `OrderPlaced` v3: a customer placed an order.
public struct OrderPlaced: PayloadDecodable, Sendable, Equatable {
    /// One order line.
    public struct Line: PayloadDecodable, Sendable, Equatable {
        /// The stock keeping unit.
        public var sku: String
        /// The number of units.
        public var quantity: Int
        /// The price of one unit.
        public var unitPrice: Money

        /// Reads the line.
        public init(payload: PayloadValue) throws(DecodingFailure) {
            sku = try payload.decode(forKey: "sku")
            quantity = try payload.decode(forKey: "quantity")
            unitPrice = try payload.decode(forKey: "unitPrice")
        }
    }

    /// The order.
    public var orderId: String
    /// The customer.
    public var customerId: String
    /// The order's total.
    public var total: Money
    /// The lines, at least one.
    public var lines: [Line]
    /// When the order was placed.
    public var placedAt: Date
    /// The event's sequence number, an int64 kept exactly.
    public var sequence: Int64

    /// Reads the event.
    public init(payload: PayloadValue) throws(DecodingFailure) {
        orderId = try payload.decode(forKey: "orderId")
        customerId = try payload.decode(forKey: "customerId")
        total = try payload.decode(forKey: "total")
        lines = try payload.decode(forKey: "lines")
        placedAt = try payload.decode(forKey: "placedAt")
        sequence = try payload.decode(forKey: "sequence")
    }
}

/// `OrderShipped` v2: a parcel of the order was handed to a carrier.
public struct OrderShipped: PayloadDecodable, Sendable, Equatable {
    /// The order.
    public var orderId: String
    /// The carrier: DHL, UPS, FedEx, PostNL or DPD.
    public var carrier: String
    /// The carrier's tracking number.
    public var trackingNumber: String
    /// When, in unix seconds.
    public var shippedAt: Int64
    /// The expected delivery date (`2024-06-13`), when the carrier gave one.
    public var estimatedDelivery: String?
    /// The event's sequence number.
    public var sequence: Int64

    /// Reads the event.
    public init(payload: PayloadValue) throws(DecodingFailure) {
        orderId = try payload.decode(forKey: "orderId")
        carrier = try payload.decode(forKey: "carrier")
        trackingNumber = try payload.decode(forKey: "trackingNumber")
        shippedAt = try payload.decode(forKey: "shippedAt")
        estimatedDelivery = try payload.decodeIfPresent(forKey: "estimatedDelivery")
        sequence = try payload.decode(forKey: "sequence")
    }
}

/// `PaymentRefunded` v1: all or part of the order's payment was refunded.
public struct PaymentRefunded: PayloadDecodable, Sendable, Equatable {
    /// The payment.
    public var paymentId: String
    /// The order.
    public var orderId: String
    /// The amount refunded.
    public var amount: Money
    /// Why: customer-request, damaged, duplicate or fraud.
    public var reason: String
    /// When.
    public var refundedAt: Date
    /// The event's sequence number.
    public var sequence: Int64

    /// Reads the event.
    public init(payload: PayloadValue) throws(DecodingFailure) {
        paymentId = try payload.decode(forKey: "paymentId")
        orderId = try payload.decode(forKey: "orderId")
        amount = try payload.decode(forKey: "amount")
        reason = try payload.decode(forKey: "reason")
        refundedAt = try payload.decode(forKey: "refundedAt")
        sequence = try payload.decode(forKey: "sequence")
    }
}

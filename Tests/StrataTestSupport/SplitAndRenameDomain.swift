import Foundation

/// A toy domain whose upcasters change what an event is: a legacy `Checkout` v1 splits into an
/// `OrderSubmitted` v1 and a `PaymentTaken` v1 (which has its own upcaster to v2), and
/// `CustomerSignedUp` v1 is renamed `CustomerRegistered` v1 (which goes on to v2).
public enum SplitAndRenameDomain {
    /// Writes `Schemas/` and `Upcasters/` for the domain into `directory`.
    public static func write(into directory: TemporaryDirectory) throws {
        let object = #"{"type": "object", "required": REQUIRED, "properties": {PROPERTIES}, "additionalProperties": false}"#
        func schema(_ required: [String], _ properties: String) -> String {
            object.replacingOccurrences(of: "REQUIRED", with: "[" + required.map { "\"\($0)\"" }.joined(separator: ", ") + "]")
                .replacingOccurrences(of: "PROPERTIES", with: properties)
        }
        try directory.write("Schemas/Checkout/1.json", schema(["orderId", "sequence", "amount", "card"],
            #""orderId": {"type": "string"}, "sequence": {"type": "integer"}, "amount": {"type": "number"}, "card": {"type": "string"}"#))
        try directory.write("Schemas/OrderSubmitted/1.json", schema(["orderId", "sequence"],
            #""orderId": {"type": "string"}, "sequence": {"type": "integer"}"#))
        try directory.write("Schemas/PaymentTaken/1.json", schema(["orderId", "sequence", "amount"],
            #""orderId": {"type": "string"}, "sequence": {"type": "integer"}, "amount": {"type": "number"}"#))
        try directory.write("Schemas/PaymentTaken/2.json", schema(["orderId", "sequence", "amount", "method"],
            #""orderId": {"type": "string"}, "sequence": {"type": "integer"}, "amount": {"type": "number"}, "method": {"type": "string"}"#))
        try directory.write("Upcasters/Checkout/1-to-1.yaml", """
            description: a checkout is an order submitted and a payment taken, two events since 2025.
            steps:
              - split:
                  - type: OrderSubmitted
                    steps:
                      - remove: /amount
                      - remove: /card
                  - type: PaymentTaken
                    steps:
                      - remove: /card
            """)
        try directory.write("Upcasters/PaymentTaken/1-to-2.yaml", """
            steps:
              - set: /method
                value: card
            """)
        try directory.write("Schemas/CustomerSignedUp/1.json", schema(["id", "name"], #""id": {"type": "string"}, "name": {"type": "string"}"#))
        try directory.write("Schemas/CustomerRegistered/1.json", schema(["customerId", "name"],
            #""customerId": {"type": "string"}, "name": {"type": "string"}"#))
        try directory.write("Schemas/CustomerRegistered/2.json", schema(["customerId", "name", "consent"],
            #""customerId": {"type": "string"}, "name": {"type": "string"}, "consent": {"type": "boolean"}"#))
        try directory.write("Upcasters/CustomerSignedUp/1-to-1.yaml", """
            description: CustomerSignedUp was renamed CustomerRegistered; id became customerId.
            steps:
              - rename: /id
                to: customerId
              - rename-type: CustomerRegistered
            """)
        try directory.write("Upcasters/CustomerRegistered/1-to-2.yaml", "steps:\n  - set: /consent\n    value: false\n")
    }
}

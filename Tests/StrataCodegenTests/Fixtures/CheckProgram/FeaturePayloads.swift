// Payloads of the feature fixtures (Fixtures/Features), read by main.swift.
import FeatureTypes

let featureChecks: [String: any EventCheck] = [
    Ledger.eventType: Check<Ledger>(), Refund.eventType: Check<Refund>(), Tick.eventType: Check<Tick>(), Price.eventType: Check<Price>(),
]

let featurePayloads: [(String, String)] = [
    ("Ledger", #"""
    {"entry-id": "e-1", "default": true, "3ds": "yes", "display name": "Ada", "amount": 199.99, "fee": 0.5, "ratio": 0.25,
     "count": 7, "sequence": 1234567890123456789, "huge": 18446744073709551615, "bookedAt": "2024-06-10T18:05:01Z",
     "bookedOn": "2024-06-10", "status": "on-hold", "tags": {"a": "b"}, "totals": {"eur": {"value": 0.10, "currency": "EUR"}},
     "payment": {"method": "bank-transfer", "iban": "NL91"}, "shipment": {"kind": "home-delivery", "address": "Dam 1"},
     "memo": null, "priority": "high", "anything": {"any": [1, "two"]}, "extra": "x", "conditional": {"kind": "a", "a": 1},
     "mixed": 5, "either": "text", "children": [{"name": "root", "children": [{"name": "leaf"}], "parent": {"name": "up"}}],
     "Date": {"day": 3}, "self": "me", "oldPrice": {"cents": 5}, "price": {"amount": 1.5, "currency": "EUR"}}
    """#),
    ("Ledger", #"{"entry-id": "e-2", "amount": 0, "sequence": 0, "status": "Self", "payment": {"method": "card", "last4": "4242"}}"#),
    ("Refund", #"{"refunded": {"value": 12.30, "currency": "EUR"}, "ledger": {"entry-id": "e-3", "amount": 1, "sequence": 2, "status": "open", "payment": {"method": "card", "last4": "1"}}}"#),
    ("Tick", "42"),
    ("Price", #"{"amount": 9.99}"#),
]

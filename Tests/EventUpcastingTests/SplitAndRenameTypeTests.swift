import EventSchema
import EventUpcasting
import Foundation
import StrataTestSupport
import Testing

/// A legacy `Checkout` event that later became two events, and a `CustomerSignedUp` event that
/// was renamed `CustomerRegistered`: the two upcaster steps that change what an event is.
struct SplitAndRenameTypeTests {
    /// Writes the toy domain into `directory` and returns its catalog.
    static func catalog(in directory: TemporaryDirectory, validatesSteps: Bool = true) throws -> Catalog {
        try SplitAndRenameDomain.write(into: directory)
        return try Catalog(schemas: directory.path + "/Schemas", upcasters: directory.path + "/Upcasters", validatesSteps: validatesSteps)
    }

    struct OrderSubmitted: Decodable, Sendable { var orderId: String; var sequence: Int64 }
    struct PaymentTaken: Decodable, Sendable { var orderId: String; var sequence: Int64; var amount: Decimal; var method: String }
    struct CustomerRegistered: Decodable, Sendable { var customerId: String; var name: String; var consent: Bool }

    static var types: EventTypeMap {
        var types = EventTypeMap()
        types.register(OrderSubmitted.self, as: "OrderSubmitted")
        types.register(PaymentTaken.self, as: "PaymentTaken")
        types.register(CustomerRegistered.self, as: "CustomerRegistered")
        return types
    }

    @Test func aSplitKeepsTheStoredPositionAndNumbersItsParts() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let catalog = try Self.catalog(in: directory)
        let payload = try JSONValue(parsing: Array(#"{"orderId": "o-1", "sequence": 1234567890123456789, "amount": 199.99, "card": "visa"}"#.utf8))
        let stored = StoredEvent(eventType: "Checkout", version: 1, payload: payload, metadata: ["tenant": "acme"], position: 42)

        let events = try catalog.chain.upcast(stored)
        #expect(events.map { "\($0.eventType) v\($0.version) #\($0.subIndex)" } == ["OrderSubmitted v1 #0", "PaymentTaken v2 #1"])
        #expect(events.allSatisfy { $0.position == 42 && $0.metadata == ["tenant": "acme"] })
        #expect(events[0].payload.serialized() == #"{"orderId":"o-1","sequence":1234567890123456789}"#)
        #expect(events[1].payload.serialized() == #"{"orderId":"o-1","sequence":1234567890123456789,"amount":199.99,"method":"card"}"#)

        let outcomes = try catalog.reader(types: Self.types).read(stored)
        guard outcomes.count == 2, case .event(let order) = outcomes[0], case .event(let payment) = outcomes[1],
              let submitted = order.value as? OrderSubmitted, let taken = payment.value as? PaymentTaken else {
            Issue.record("expected an OrderSubmitted and a PaymentTaken, got \(outcomes)")
            return
        }
        #expect(submitted.sequence == 1234567890123456789 && taken.sequence == 1234567890123456789)
        #expect(taken.amount == Decimal(string: "199.99")! && taken.method == "card")
        #expect((order.position, order.subIndex, payment.position, payment.subIndex) == (42, 0, 42, 1))
        #expect(payment.eventType == "PaymentTaken")
    }

    @Test func aSplitEventCannotBeUpcastInPlace() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let catalog = try Self.catalog(in: directory)
        var payload: JSONValue = ["orderId": "o-1", "sequence": 1, "amount": 1, "card": "visa"]
        #expect(throws: UpcastingError.needsEventList(eventType: "Checkout", version: 1, reason: "its upcaster splits the event into 2")) {
            try catalog.chain.upcast(&payload, eventType: "Checkout", from: 1)
        }
        #expect(throws: UpcastingError.self) {
            try catalog.reader(types: Self.types).read(StoredEvent(eventType: "Checkout", version: 1, payload: payload), as: PaymentTaken.self)
        }
    }

    @Test func aRenamedTypeReadsAsTheNewTypeAtItsCurrentVersion() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let catalog = try Self.catalog(in: directory)
        let stored = StoredEvent(eventType: "CustomerSignedUp", version: 1, payload: ["id": "c-7", "name": "Ada"], position: 9)
        let events = try catalog.chain.upcast(stored)
        #expect(events == [StoredEvent(eventType: "CustomerRegistered", version: 2,
                                       payload: ["customerId": "c-7", "name": "Ada", "consent": false], position: 9)])
        // The old name needs no Swift type: only the type an event ends as is decoded.
        guard case .event(let read)? = try catalog.reader(types: Self.types).read(stored).first,
              let customer = read.value as? CustomerRegistered else {
            Issue.record("expected a CustomerRegistered")
            return
        }
        #expect(customer.customerId == "c-7" && customer.consent == false && read.eventType == "CustomerRegistered")
        #expect(try catalog.chain.path(for: "CustomerSignedUp", from: 1).map(\.file!.lastPathComponentOfPath) ==
                ["CustomerSignedUp/1-to-1.yaml", "CustomerRegistered/1-to-2.yaml"])
    }

    @Test func aSplitPartThatBreaksItsSchemaIsCaughtWithThePartNamed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = try Self.catalog(in: directory)
        // The payment part forgets to drop the card, which PaymentTaken v1 does not allow.
        try directory.write("Upcasters/Checkout/1-to-1.yaml", """
            steps:
              - split:
                  - {type: OrderSubmitted, steps: [{remove: /amount}, {remove: /card}]}
                  - {type: PaymentTaken}
            """)
        let catalog = try Catalog(schemas: directory.path + "/Schemas", upcasters: directory.path + "/Upcasters", validatesSteps: true)
        #expect {
            _ = try catalog.chain.upcast(StoredEvent(eventType: "Checkout", version: 1, payload: ["orderId": "o", "sequence": 1, "amount": 2, "card": "visa"]))
        } throws: { error in
            guard case .stepOutputInvalid("Checkout", 1, 1, let file?, let failure)? = error as? UpcastingError else { return false }
            return file.hasSuffix("Checkout/1-to-1.yaml") && failure.instanceLocation.description == "/card"
        }
    }

    @Test func cyclesMisplacedStepsAndUnknownTargetsAreRefusedAtLoad() throws {
        func load(_ files: [String: String]) throws(UpcastingError) -> UpcasterChain {
            let directory = try! TemporaryDirectory()
            defer { directory.remove() }
            try! directory.write("Schemas/A/1.json", "{}")
            try! directory.write("Schemas/B/1.json", "{}")
            for (path, text) in files { try! directory.write("Upcasters/" + path, text) }
            let folder = try SchemaFolder(root: directory.path + "/Schemas")
            return try UpcasterChain(folder: directory.path + "/Upcasters", schemas: folder)
        }
        func reason(_ files: [String: String]) -> String {
            do { _ = try load(files); return "loaded" } catch { return error.description }
        }
        #expect(reason(["A/1-to-1.yaml": "steps: [{rename-type: B}]", "B/1-to-1.yaml": "steps: [{rename-type: A}]"])
                .hasSuffix("the upcasters form a cycle: A v1 → B v1 → A v1"))
        #expect(reason(["A/1-to-1.yaml": "steps: [{rename-type: B}, {remove: /x}]"])
                .hasSuffix("/steps/0/rename-type: rename-type decides which events the upcaster makes, so it is the last step"))
        #expect(reason(["A/1-to-1.yaml": "steps: [{split: [{type: B}, {type: C}]}]"])
                == "A: the upcaster from v1 writes C, which has no schema")
        #expect(reason(["A/1-to-1.yaml": "steps: [{split: [{type: B}]}]"])
                .hasSuffix("/steps/0/split: split takes a list of at least two parts, each {type, version, steps}"))
        #expect(reason(["A/1-to-1.yaml": "steps: [{split: [{type: B, steps: [{rename-type: A}]}, {type: B}]}]"])
                .hasSuffix("/steps/0/split/0/steps/0/rename-type: rename-type cannot be inside a split's part"))
        #expect(reason(["A/1-to-1.yaml": "steps: [{remove: /x}]"]).hasPrefix("A: an upcaster from v1 to v1 goes backwards: /"))
        #expect(reason(["A/1-to-1.yaml": "steps: [{remove: /x}]"]).hasSuffix("/Upcasters/A/1-to-1.yaml"))
        #expect(reason(["A/1-to-1.yaml": "steps: [{split: [{type: B}, {type: B, version: 0}]}]"])
                .hasSuffix("/steps/0/split/1/version: version is a whole number from 1"))
    }
}

private extension String {
    /// `Type/file.yaml` of a path.
    var lastPathComponentOfPath: String {
        split(separator: "/").suffix(2).joined(separator: "/")
    }
}

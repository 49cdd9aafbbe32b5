import EventSchema
import EventUpcasting
import Foundation
import OrderAggregate
import PropertyBased
import StrataTestSupport
import Testing

/// Rebuilding the example domain's `Order` from stored events of every version, with revision
/// continuity, snapshots and invariants.
struct AggregateRebuildTests {
    static let root = Conformance.packageRoot.path
    static let chain = try! UpcasterChain(folder: root + "/Upcasters", schemas: SchemaFolder(root: root + "/Schemas"),
                                          eventTypes: ["OrderPlaced", "OrderShipped", "PaymentRefunded"])
    static let snapshotChain = try! UpcasterChain(folder: root + "/Examples/Aggregates/Snapshots/Upcasters",
                                                  schemas: SchemaFolder(root: root + "/Examples/Aggregates/Snapshots/Schemas"))
    static let stream = "order-ord_7Kq2XbN9wR"

    func rebuilder(_ options: RebuildOptions = RebuildOptions()) -> AggregateRebuilder<Order> {
        AggregateRebuilder(chain: Self.chain, snapshotChain: Self.snapshotChain, options: options)
    }

    /// The bytes of an example payload, such as `OrderPlaced`, `v1/typical`.
    static func example(_ type: String, _ name: String) -> [UInt8] {
        Array(FileManager.default.contents(atPath: "\(root)/Schemas/\(type)/examples/\(name).json")!)
    }

    /// Rows of `stream` at revisions 0, 1, 2 … (or at `revisions`) for (type, version, example name).
    static func rows(_ events: [(String, Int, String)], stream: String = stream, revisions: [Int64]? = nil) -> [StreamRow] {
        events.enumerated().map { index, event in
            StreamRow(stream: stream, revision: revisions?[index] ?? Int64(index), eventType: event.0, version: event.1,
                      payload: example(event.0, event.2))
        }
    }

    /// Order ord_7Kq2XbN9wR stored in its oldest versions, and the same order in the current ones.
    static let oldest = rows([("OrderPlaced", 1, "v1/typical"), ("OrderShipped", 1, "v1/typical"), ("PaymentRefunded", 1, "v1/typical")])
    static let current = rows([("OrderPlaced", 3, "v3/typical"), ("OrderShipped", 2, "v1/typical"), ("PaymentRefunded", 1, "v1/typical")])

    @Test func oldVersionsRebuildTheSameOrderAsCurrentOnesWithExactAmountsAndSequence() throws {
        let fromOld = try rebuilder().rebuild(Self.stream, from: Self.oldest)
        let fromCurrent = try rebuilder().rebuild(Self.stream, from: Self.current)
        #expect(fromOld.aggregate == fromCurrent.aggregate)
        let order = fromOld.aggregate
        #expect(order.status == .shipped && order.orderId == "ord_7Kq2XbN9wR" && order.lineCount == 3)
        // v1's float 199.99 reaches the order as 19999 minor units, and back as the decimal 199.99, exactly.
        #expect(order.total == Money(minorUnits: 19999, currency: "EUR"))
        #expect(order.total?.amount == Decimal(string: "199.99"))
        #expect(order.refunded == ["EUR": 4990])
        #expect(order.lastSequence == 1_234_567_890_123_456_789)
        #expect(fromOld.revision == 2 && fromOld.eventsApplied == 3 && fromOld.gaps.isEmpty)
    }

    /// Any mix of stored versions of the same events rebuilds the order the current versions give.
    @Test func anyMixOfVersionsRebuildsTheSameOrder() async throws {
        let placed = [(1, "v1/typical"), (2, "v2/typical"), (3, "v3/typical")]
        let expected = try rebuilder().rebuild(Self.stream, from: Self.current).aggregate
        await propertyCheck(count: 30, input: Gen.uint64()) { seed in
            var generator = SplitMix64(seed: seed)
            let first = placed.randomElement(using: &generator)!
            var events = [("OrderPlaced", first.0, first.1)]
            let shipments = Int.random(in: 1...4, using: &generator)
            for _ in 0..<shipments { events.append(("OrderShipped", Int.random(in: 1...2, using: &generator), "v1/typical")) }
            events.append(("PaymentRefunded", 1, "v1/typical"))
            let rebuilt = try rebuilder().rebuild(Self.stream, from: Self.rows(events))
            var same = expected
            same.shipments = Array(repeating: expected.shipments[0], count: shipments)
            #expect(rebuilt.aggregate == same, "seed \(seed): \(events)")
        }
    }

    @Test(arguments: [
        ([0, 1, 3], RebuildError.gap(stream: AggregateRebuildTests.stream, expected: 2, found: 3), "expected revision 2, found 3"),
        ([1, 2], .gap(stream: AggregateRebuildTests.stream, expected: 0, found: 1), "expected revision 0, found 1"),
        ([0, 1, 1], .duplicate(stream: AggregateRebuildTests.stream, expected: 2, found: 1), "revision 1 appears twice: expected revision 2, found 1"),
        ([0, 1, 2, 0], .outOfOrder(stream: AggregateRebuildTests.stream, expected: 3, found: 0), "revision 0 is out of order: expected revision 3, found 0"),
        ([-1], .outOfOrder(stream: AggregateRebuildTests.stream, expected: 0, found: -1), "expected revision 0, found -1"),
    ] as [([Int64], RebuildError, String)])
    func aBreakInTheRevisionsStopsTheRebuildNamingStreamExpectedAndFound(revisions: [Int64], error: RebuildError, message: String) throws {
        let events = Array(repeating: ("OrderShipped", 1, "v1/typical"), count: revisions.count - 1)
        let rows = Self.rows([("OrderPlaced", 3, "v3/typical")] + events, revisions: revisions)
        #expect(throws: error) { try rebuilder().rebuild(Self.stream, from: rows) }
        #expect(error.description.hasPrefix(Self.stream + ": ") && error.description.contains(message), "\(error)")
    }

    /// Deleting, repeating or swapping one record of a valid stream is refused at that record.
    @Test func anyDeletedRepeatedOrSwappedRecordIsRefusedWhereItIs() async throws {
        await propertyCheck(count: 60, input: Gen.int(in: 2...30), Gen.int(in: 0...29), Gen.int(in: 0...2)) { count, at, mutation in
            let index = at % (count - 1)
            var revisions = (0..<Int64(count)).map { $0 }
            let expected: RebuildError
            switch mutation {
            case 0:
                revisions.remove(at: index)
                expected = .gap(stream: Self.stream, expected: Int64(index), found: Int64(index + 1))
            case 1:
                revisions.insert(Int64(index), at: index + 1)
                expected = .duplicate(stream: Self.stream, expected: Int64(index + 1), found: Int64(index))
            default:
                revisions.swapAt(index, index + 1)
                expected = .gap(stream: Self.stream, expected: Int64(index), found: Int64(index + 1))
            }
            let rows = Self.rows([("OrderPlaced", 3, "v3/typical")] + Array(repeating: ("OrderShipped", 2, "v2/typical"), count: revisions.count - 1),
                                 revisions: revisions)
            #expect(throws: expected, "\(revisions)") { try rebuilder().rebuild(Self.stream, from: rows) }
        }
    }

    @Test func aStreamThatAllowsGapsRebuildsAndReportsThem() throws {
        let rows = Self.rows([("OrderPlaced", 1, "v1/typical"), ("OrderShipped", 1, "v1/typical"), ("PaymentRefunded", 1, "v1/typical")],
                             revisions: [0, 1, 5])
        let rebuilt = try rebuilder(RebuildOptions(streamsWithGaps: [Self.stream])).rebuild(Self.stream, from: rows)
        #expect(rebuilt.gaps == [RevisionGap(expected: 2, found: 5)])
        let withoutGap = try rebuilder().rebuild(Self.stream, from: Self.oldest).aggregate
        #expect(rebuilt.revision == 5 && rebuilt.aggregate == withoutGap)
        // Stated per stream: another stream keeps the rule.
        #expect(throws: RebuildError.gap(stream: Self.stream, expected: 2, found: 5)) {
            try rebuilder(RebuildOptions(streamsWithGaps: ["order-other"])).rebuild(Self.stream, from: rows)
        }
        // Still no duplicates.
        let repeated = Self.rows([("OrderPlaced", 1, "v1/typical"), ("OrderShipped", 1, "v1/typical")], revisions: [3, 3])
        #expect(throws: RebuildError.duplicate(stream: Self.stream, expected: 4, found: 3)) {
            try rebuilder(RebuildOptions(streamsWithGaps: [Self.stream])).rebuild(Self.stream, from: repeated)
        }
    }

    @Test func aSnapshotSkipsTheEventsItIncludes() throws {
        let rebuilder = rebuilder()
        let full = try rebuilder.rebuild(Self.stream, from: Self.oldest)
        let snapshot = try rebuilder.snapshot(of: rebuilder.rebuild(Self.stream, from: Self.oldest.prefix(2)))
        #expect(snapshot.revision == 1 && snapshot.version == 2 && snapshot.snapshotType == "OrderSnapshot")
        for records in [Self.oldest, Array(Self.oldest.suffix(1))] {
            let rebuilt = try rebuilder.rebuild(Self.stream, from: records, snapshot: snapshot)
            #expect(rebuilt.snapshotRevision == 1 && rebuilt.snapshotFallback == nil)
            #expect(rebuilt.eventsApplied == 1 && rebuilt.revision == 2)
            #expect(rebuilt.aggregate == full.aggregate)
        }
        // Reading the store from where the snapshot leaves off.
        let start = try rebuilder.start(Self.stream, from: snapshot)
        #expect(start.nextRevision == 2)
        // A snapshot with nothing after it is the state.
        let atEnd = try rebuilder.rebuild(Self.stream, from: [StreamRow](), snapshot: rebuilder.snapshot(of: full))
        #expect(atEnd.aggregate == full.aggregate && atEnd.revision == 2 && atEnd.eventsApplied == 0)
    }

    @Test func anOlderSnapshotIsReadThroughItsUpcasterWithItsSequenceExact() throws {
        let legacy = StoredSnapshot(stream: Self.stream, revision: 1, snapshotType: "OrderSnapshot", version: 1, payload: Array("""
            {"status":"shipped","orderId":"ord_7Kq2XbN9wR","customerId":"cus_Fz81mQ4pL2","totalMinorUnits":19999,"currency":"EUR","lineCount":3,
             "shipments":[{"carrier":"DHL","trackingNumber":"JJD0099887766554433"}],"refundedMinorUnits":0,"lastSequence":1234567890123456789}
            """.utf8))
        let rebuilt = try rebuilder().rebuild(Self.stream, from: Self.oldest, snapshot: legacy)
        #expect(rebuilt.snapshotFallback == nil && rebuilt.snapshotRevision == 1 && rebuilt.eventsApplied == 1)
        let full = try rebuilder().rebuild(Self.stream, from: Self.oldest).aggregate
        #expect(rebuilt.aggregate == full)
        let start = try rebuilder().start(Self.stream, from: legacy)
        #expect(start.aggregate.lastSequence == 1_234_567_890_123_456_789 && start.aggregate.total?.amount == Decimal(string: "199.99"))
    }

    @Test func aSnapshotOfAnUnknownVersionFallsBackToTheWholeStreamAndSaysWhy() throws {
        let rebuilder = rebuilder()
        var snapshot = try rebuilder.snapshot(of: rebuilder.rebuild(Self.stream, from: Self.oldest.prefix(2)))
        snapshot.version = 9
        let rebuilt = try rebuilder.rebuild(Self.stream, from: Self.oldest, snapshot: snapshot)
        let fallback = try #require(rebuilt.snapshotFallback)
        #expect(fallback.reason == .unreadable(.unknownVersion(eventType: "OrderSnapshot", version: 9)))
        #expect(fallback.description.contains("OrderSnapshot v9 snapshot at revision 1 is not readable")
                && fallback.description.contains("replayed the stream from revision 0"), "\(fallback)")
        #expect(rebuilt.snapshotRevision == nil && rebuilt.eventsApplied == 3)
        let full = try rebuilder.rebuild(Self.stream, from: Self.oldest).aggregate
        #expect(rebuilt.aggregate == full)
        // Without the records the snapshot covered, the fallback cannot replay: a gap, not silence.
        #expect(throws: RebuildError.gap(stream: Self.stream, expected: 0, found: 2)) {
            try rebuilder.rebuild(Self.stream, from: Self.oldest.suffix(1), snapshot: snapshot)
        }
        // A catalog without the snapshot type, and a snapshot of another type, fall back too.
        let withoutSnapshots = AggregateRebuilder<Order>(chain: Self.chain)
        #expect(try withoutSnapshots.start(Self.stream, from: snapshot).snapshotFallback?.reason == .notInCatalog)
        snapshot.snapshotType = "CartSnapshot"
        #expect(try rebuilder.start(Self.stream, from: snapshot).snapshotFallback?.reason == .otherType(expected: "OrderSnapshot"))
    }

    @Test func anOrderWhoseInvariantsFailIsRefused() throws {
        // ord_Qe6Ub1Rs is in USD; the fraud refund is in EUR.
        let mixed = Self.rows([("OrderPlaced", 3, "v3/placed-at-with-offset"), ("PaymentRefunded", 1, "v1/fraud")], stream: "order-ord_Qe6Ub1Rs")
        #expect(throws: RebuildError.invariantViolated(stream: "order-ord_Qe6Ub1Rs", revision: 1,
                                                       violation: InvariantViolation("a refund in EUR of an order in USD"))) {
            try rebuilder().rebuild("order-ord_Qe6Ub1Rs", from: mixed)
        }
        // ord_3mT8vLq1 costs 12.50 USD; refunded twice in full.
        let twice = Self.rows([("OrderPlaced", 2, "v2/minimal"), ("PaymentRefunded", 1, "v1/full-refund-damaged"),
                               ("PaymentRefunded", 1, "v1/full-refund-damaged")], stream: "order-ord_3mT8vLq1")
        do {
            _ = try rebuilder().rebuild("order-ord_3mT8vLq1", from: twice)
            Issue.record("an order refunded twice in full was rebuilt")
        } catch {
            #expect(error.description == "order-ord_3mT8vLq1 at revision 2: invariant violated: refunded 25.00 USD of a 12.50 USD order")
        }
        #expect(throws: Never.self) { try rebuilder().rebuild("order-ord_3mT8vLq1", from: twice.prefix(2)) }
    }

    @Test func kurrentRecordsFromJSONLinesRebuildEveryOrder() throws {
        let records = try KurrentRecord.jsonLines(file: Self.root + "/Examples/Aggregates/orders.jsonl")
        #expect(records.count == 10 && records[0].id == "776f3e79-46c6-5f00-922e-3723512f487c")
        let rebuilt = try rebuilder().rebuildAll(from: records)
        #expect(rebuilt.map(\.stream) == ["order-ord_7Kq2XbN9wR", "order-ord_3mT8vLq1", "order-ord_Zp4Hc2Ww9Q", "order-ord_Qe6Ub1Rs"])
        let current = try rebuilder().rebuild(Self.stream, from: Self.current).aggregate
        #expect(rebuilt[0].aggregate == current)
        // OrderPlaced v1 with the largest int64 sequence, then OrderShipped v2: the sequence survives.
        #expect(rebuilt[2].aggregate.total == Money(minorUnits: 1250, currency: "USD"))
        #expect(rebuilt[2].aggregate.lastSequence == Int64.max)
        #expect(rebuilt[1].aggregate.refunded == ["USD": 1250] && rebuilt[3].aggregate.status == .shipped)
    }

    @Test func aKurrentRecordWithoutItsVersionIsRefusedNamingStreamAndRevision() throws {
        let line = #"{"streamId": "order-a", "id": "e1", "revision": 0, "type": "OrderPlaced", "data": {}, "metadata": {"$causationId": "x"}}"#
        let record = try KurrentRecord(jsonLine: Array(line.utf8))
        do {
            _ = try rebuilder().rebuild("order-a", from: [record])
            Issue.record("a record without a version was read")
        } catch {
            #expect(error == .unreadableEvent(stream: "order-a", revision: 0, error: .invalidEnvelope(reason: "OrderPlaced: the metadata has no schemaVersion")))
            #expect(error.description == "order-a revision 0: invalid envelope: OrderPlaced: the metadata has no schemaVersion")
        }
    }

    @Test(arguments: [
        (#"{"streamId": "s", "id": "e", "revision": -1, "type": "T", "data": {}, "metadata": {}}"#, "#/revision: expected an integer from 0"),
        (#"{"streamId": "s", "id": "e", "revision": 0, "type": "T", "metadata": {}}"#, "#/data: missing"),
        (#"{"streamId": 3, "id": "e", "revision": 0, "type": "T", "data": {}, "metadata": {}}"#, "#/streamId: expected a string"),
        (#"[1]"#, "a record is a JSON object"),
        (#"{"streamId": "#, "not JSON"),
    ])
    func aMalformedJSONLineIsRefusedNamingFileAndLine(line: String, reason: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let valid = #"{"streamId": "s", "id": "e", "revision": 0, "type": "T", "data": {}, "metadata": {"schemaVersion": 1}}"#
        let file = try directory.write("events.jsonl", valid + "\n\n" + line + "\n")
        do {
            _ = try KurrentRecord.jsonLines(file: file)
            Issue.record("\(line) was read")
        } catch {
            guard case .invalidRecord(let named, 3, let message) = error else { Issue.record("\(error)"); return }
            #expect(named == file && message.hasPrefix(reason), "\(message)")
        }
        #expect(throws: RebuildError.invalidRecord(file: file + ".missing", line: 0, reason: "cannot read the file")) {
            try KurrentRecord.jsonLines(file: file + ".missing")
        }
    }

    @Test func anEventTypeTheOrderDoesNotApplyFailsOrIsIgnoredAsAsked() throws {
        let rows = Self.oldest + [StreamRow(stream: Self.stream, revision: 3, eventType: "CustomerRegistered", version: 2,
                                            payload: Self.example("CustomerRegistered", "v2/typical"))]
        #expect(throws: RebuildError.unreadableEvent(stream: Self.stream, revision: 3, error: .unknownEventType("CustomerRegistered"))) {
            try rebuilder().rebuild(Self.stream, from: rows)
        }
        let rebuilt = try rebuilder(RebuildOptions(unknownEventTypes: .ignore)).rebuild(Self.stream, from: rows)
        #expect(rebuilt.eventsIgnored == 1 && rebuilt.eventsApplied == 3 && rebuilt.revision == 3)
    }

    @Test func aRecordOfAnotherStreamOrAnUnreadablePayloadStopsTheRebuild() throws {
        var rows = Self.oldest
        rows[1].stream = "order-other"
        #expect(throws: RebuildError.foreignRecord(stream: Self.stream, revision: 1, recordStream: "order-other")) {
            try rebuilder().rebuild(Self.stream, from: rows)
        }
        rows = Self.oldest
        rows[2].payload = Array(#"{"paymentId": "pay_Hn47sQ2kVb", "orderId": "ord_7Kq2XbN9wR"}"#.utf8)
        do {
            _ = try rebuilder().rebuild(Self.stream, from: rows)
            Issue.record("a refund without an amount was applied")
        } catch {
            #expect(error.description.hasPrefix("order-ord_7Kq2XbN9wR revision 2: PaymentRefunded (stored as v1): "), "\(error)")
        }
    }
}

/// An aggregate over the toy domain whose upcasters split `Checkout` into `OrderSubmitted` and
/// `PaymentTaken`: a split event is applied part by part, through the reader's general path.
struct CheckoutLog: EventSourcedAggregate {
    struct Submitted: Decodable, Sendable { var orderId: String; var sequence: Int64 }
    struct Taken: Decodable, Sendable { var orderId: String; var amount: Decimal; var method: String }
    enum Event: Sendable { case submitted(Submitted), taken(Taken) }

    static let eventTypes = AggregateEventTypes<Event>()
        .on(Submitted.self, as: "OrderSubmitted", Event.submitted)
        .on(Taken.self, as: "PaymentTaken", Event.taken)

    var entries: [String] = []
    var amounts: [Decimal] = []

    mutating func apply(_ event: Event) {
        switch event {
        case .submitted(let submitted): entries.append("submitted \(submitted.orderId) #\(submitted.sequence)")
        case .taken(let taken): entries.append("taken \(taken.amount) by \(taken.method)"); amounts.append(taken.amount)
        }
    }
}

struct SplitAggregateRebuildTests {
    @Test func aSplitEventIsAppliedPartByPartWithItsDecimalExact() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try SplitAndRenameDomain.write(into: directory)
        let chain = try UpcasterChain(folder: directory.path + "/Upcasters", schemas: SchemaFolder(root: directory.path + "/Schemas"))
        let rows = [
            StreamRow(stream: "checkout-1", revision: 0, eventType: "Checkout", version: 1,
                      payload: Array(#"{"orderId": "o-1", "sequence": 1234567890123456789, "amount": 199.99, "card": "visa"}"#.utf8)),
            StreamRow(stream: "checkout-1", revision: 1, eventType: "PaymentTaken", version: 2,
                      payload: Array(#"{"orderId": "o-1", "sequence": 2, "amount": 0.1, "method": "cash"}"#.utf8)),
        ]
        let rebuilt = try AggregateRebuilder<CheckoutLog>(chain: chain).rebuild("checkout-1", from: rows)
        #expect(rebuilt.aggregate.entries == ["submitted o-1 #1234567890123456789", "taken 199.99 by card", "taken 0.1 by cash"])
        #expect(rebuilt.aggregate.amounts == [Decimal(string: "199.99")!, Decimal(string: "0.1")!])
        #expect(rebuilt.eventsApplied == 3 && rebuilt.revision == 1)
    }
}

import EventSchema
import EventUpcasting
import Foundation
import InMemoryLogging
import Logging
import OrderAggregate
import StrataTestSupport
import Testing

/// Reading stored events as an `AsyncSequence`: the example's JSON Lines file read in chunks,
/// CloudEvents and rows, a bad line under each policy, and back-pressure.
struct EventStreamTests {
    static let root = Conformance.packageRoot.path
    static let ordersFile = root + "/Examples/Aggregates/orders.jsonl"
    static let chain = try! UpcasterChain(folder: root + "/Upcasters", schemas: SchemaFolder(root: root + "/Schemas"),
                                          eventTypes: ["OrderPlaced", "OrderShipped", "PaymentRefunded"])

    static func reader(unknownType: EventReader.UnknownTypePolicy = .error,
                       newerVersion: EventReader.NewerVersionPolicy = .error) -> EventReader {
        EventReader(chain: chain, types: Order.eventTypes.types, unknownType: unknownType, newerVersion: newerVersion)
    }

    static var orderLines: [String] {
        try! String(contentsOfFile: ordersFile, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    /// Every outcome of `stream`, and the error that ended it, if one did.
    static func drain<Records>(_ stream: EventStream<Records>) async -> (outcomes: [EventReader.Outcome], error: EventStreamError?) {
        var outcomes: [EventReader.Outcome] = []
        var iterator = stream.makeAsyncIterator()
        do {
            while let outcome = try await iterator.next() { outcomes.append(outcome) }
            return (outcomes, nil)
        } catch {
            return (outcomes, error)
        }
    }

    static func events(_ outcomes: [EventReader.Outcome]) -> [ReadEvent] {
        outcomes.compactMap { if case .event(let event) = $0 { event } else { nil } }
    }

    @Test func theExampleFileReadInSmallChunksGivesEveryOrderEventTypedAndExact() async throws {
        let stream = Self.reader().events(jsonLines: FileChunks(path: Self.ordersFile, chunkSize: 97), source: "orders.jsonl")
        var events: [ReadEvent] = []
        for try await outcome in stream {
            guard case .event(let event) = outcome else { Issue.record("not an event: \(outcome)"); continue }
            events.append(event)
        }
        #expect(events.map(\.eventType) == ["OrderPlaced", "OrderShipped", "PaymentRefunded", "OrderPlaced", "OrderShipped",
                                            "PaymentRefunded", "OrderPlaced", "OrderShipped", "OrderPlaced", "OrderShipped"])
        #expect(events.map(\.position) == [0, 1, 2, 0, 1, 2, 0, 1, 0, 1])
        let placed = try #require(events.first?.value as? OrderPlaced)
        // v1's float amount 199.99 reaches the struct as 19999 minor units; the int64 sequence is exact.
        #expect(placed.total == Money(minorUnits: 19999, currency: "EUR"))
        #expect(placed.sequence == 1_234_567_890_123_456_789)
        #expect(events[0].metadata?["schemaVersion"] == 1)
    }

    /// A bad fourth line of each kind, under each policy: what the policies cover becomes an outcome
    /// under `.skip` and `.passThrough` and ends the stream at that line under `.error`; a line that is
    /// not a record at all ends it under every policy. The three events before it are handed out first.
    @Test(arguments: [PolicyCase.error, .skip, .passThrough])
    func aBadLineInTheMiddleIsHandledAsThePolicySays(policy: PolicyCase) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let bad = [
            "unknown type": #"{"streamId":"gift-1","id":"g1","revision":0,"type":"GiftWrapped","data":{"paper":"red"},"metadata":{"schemaVersion":1}}"#,
            "newer version": Self.orderLines[0].replacingOccurrences(of: #""schemaVersion":1"#, with: #""schemaVersion":9"#),
            "not a record": #"{"streamId": "order-x", "revision": "#,
            "not its version": Self.orderLines[0].replacingOccurrences(of: #""schemaVersion":1,"#, with: ""),
        ]
        for (name, line) in bad {
            var lines = Self.orderLines
            lines.insert(line, at: 3)
            let file = try directory.write("\(name).jsonl", lines.joined(separator: "\n") + "\n")
            let reader = Self.reader(unknownType: policy.unknownType, newerVersion: policy.newerVersion)
            let (outcomes, error) = await Self.drain(reader.events(jsonLines: FileChunks(path: file, chunkSize: 256), source: "\(name).jsonl"))
            let coveredByPolicy = name == "unknown type" || name == "newer version"
            switch (coveredByPolicy, policy) {
            case (true, .skip), (true, .passThrough):
                #expect(error == nil, "\(name): \(String(describing: error))")
                #expect(outcomes.count == 11 && Self.events(outcomes).count == 10, "\(name)")
                if policy == .skip {
                    guard case .skipped(let event, let reason) = outcomes[3] else { Issue.record("\(name): \(outcomes[3])"); continue }
                    #expect(reason == (name == "unknown type" ? "unknown event type" : "v9 is newer than the current v3"))
                    #expect(event.eventType == (name == "unknown type" ? "GiftWrapped" : "OrderPlaced"))
                } else {
                    guard case .raw(let event) = outcomes[3] else { Issue.record("\(name): \(outcomes[3])"); continue }
                    #expect(event.payload["paper"] == (name == "unknown type" ? "red" : nil))
                }
            default:
                #expect(outcomes.count == 3 && Self.events(outcomes).count == 3, "\(name)")
                let error = try #require(error, "\(name)")
                #expect(error.source == "\(name).jsonl" && error.record == 4)
                let expected: (kind: String, text: String) = switch name {
                case "unknown type": ("unknown_event_type", "unknown type.jsonl:4: GiftWrapped: no Swift type is registered for this event type")
                case "newer version": ("unknown_version", "newer version.jsonl:4: OrderPlaced v9: no such version in the catalog")
                case "not a record": ("invalid_record", "not a record.jsonl:4: invalid record: not JSON: line 1, column 37: unexpected end of input, expected a value")
                default: ("invalid_envelope", "not its version.jsonl:4: invalid envelope: OrderPlaced: the metadata has no schemaVersion")
                }
                #expect(error.kind == expected.kind && error.description == expected.text, "\(error)")
            }
        }
    }

    /// The policies of `EventReader` the test runs under: both set alike.
    enum PolicyCase: Sendable, CustomTestStringConvertible {
        case error, skip, passThrough
        var unknownType: EventReader.UnknownTypePolicy {
            switch self { case .error: .error; case .skip: .skip; case .passThrough: .passThrough }
        }
        var newerVersion: EventReader.NewerVersionPolicy {
            switch self { case .error: .error; case .skip: .skip; case .passThrough: .passThrough }
        }
        var testDescription: String { "\(self)" }
    }

    /// The stream pulls a chunk of the file only when the lines it has are consumed: after each
    /// outcome, what it has read is at most the lines consumed so far plus one chunk.
    @Test func theFileIsReadOnlyAsFarAsTheConsumerHasIterated() async throws {
        let pulls = PullCount()
        let chunkSize = 64
        let chunks = CountedChunks(chunks: FileChunks(path: Self.ordersFile, chunkSize: chunkSize), pulls: pulls)
        let lineEnds = Self.orderLines.map { $0.utf8.count + 1 }.reduce(into: [Int]()) { $0.append(($0.last ?? 0) + $1) }
        let fileSize = lineEnds.last!
        var iterator = Self.reader().events(jsonLines: chunks).makeAsyncIterator()
        for consumed in 1...4 {
            _ = try await iterator.next()
            let bytesRead = pulls.value * chunkSize
            #expect(bytesRead >= lineEnds[consumed - 1] - 1)
            #expect(bytesRead <= lineEnds[consumed - 1] + chunkSize, "after \(consumed) events, \(bytesRead) bytes read")
        }
        #expect(pulls.value * chunkSize < fileSize / 2)
        while try await iterator.next() != nil {}
        #expect(pulls.value == (fileSize + chunkSize - 1) / chunkSize + 1)  // every chunk, then the end
    }

    /// Rows pulled one at a time: after n outcomes, n rows have been pulled.
    @Test func rowsArePulledOneAtATime() async throws {
        let rows = Self.orderLines.map { try! KurrentRecord(jsonLine: Array($0.utf8)) }
        let pulls = PullCount()
        var iterator = Self.reader().events(from: CountedRecords(records: rows, pulls: pulls)).makeAsyncIterator()
        for consumed in 1...rows.count {
            guard case .event(let event)? = try await iterator.next() else { Issue.record("no event \(consumed)"); return }
            #expect(pulls.value == consumed && event.position == rows[consumed - 1].revision)
        }
        #expect(try await iterator.next() == nil)
    }

    /// A `Decodable` struct (no `PayloadDecodable`), so that the tree's `Decodable` read is compared too.
    struct PlacedSummary: Decodable, Sendable, Equatable {
        struct Total: Decodable, Sendable, Equatable { var minorUnits: Int64; var currency: String }
        var orderId: String
        var customerId: String
        var total: Total
        var placedAt: Date
        var sequence: Int64
    }

    /// Rows arrive as bytes and are read on the flat tree where the chain allows: each row, of
    /// every example payload at every version and of each kind of failure, reads through a stream
    /// exactly as `EventReader.read(_:)` reads the same row parsed into a `JSONValue` — the same
    /// values, positions and metadata, the same errors word for word — for `PayloadDecodable` and
    /// plain `Decodable` types.
    @Test func rowsReadOnTheTreeGiveWhatTheJSONValueReadGives() async throws {
        var rows: [StreamRow] = []
        for version in 1...3 {
            let folder = Self.root + "/Schemas/OrderPlaced/examples/v\(version)"
            for file in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() where !file.contains("expected") {
                let payload = try JSONValue(parsing: Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + file)))).serializedBytes()
                rows.append(StreamRow(stream: "order-\(rows.count)", revision: Int64(rows.count), eventType: "OrderPlaced",
                                      version: version, payload: payload))
            }
        }
        let typical = rows[0].payload
        for (type, version, payload) in [("OrderPlaced", 1, Array(#"{"orderId": "#.utf8)), ("OrderPlaced", 4, typical),
                                         ("OrderPlaced", 0, typical), ("GiftWrapped", 1, Array(#"{"paper":"red"}"#.utf8)),
                                         ("OrderShipped", 1, Array(#"{"orderId": 12}"#.utf8))] {
            rows.append(StreamRow(stream: "odd", revision: Int64(rows.count), eventType: type, version: version, payload: payload))
        }
        rows += Self.orderLines.map { try! KurrentRecord(jsonLine: Array($0.utf8)).row() }
        var plain = EventTypeMap()
        plain.register(PlacedSummary.self, as: "OrderPlaced")
        var decoder = JSONValueDecoder()
        decoder.dateDecodingStrategy = .rfc3339
        let readers = [
            EventReader(chain: Self.chain, types: Order.eventTypes.types, unknownType: .skip),
            EventReader(chain: Self.chain, types: plain, unknownType: .passThrough, newerVersion: .skip, decoder: decoder),
        ]
        var compared = 0, values = 0, failures = 0
        for reader in readers {
            for row in rows {
                let expected: Result<[EventReader.Outcome], UpcastingError> = Result { () throws(UpcastingError) in
                    try reader.read(try row.storedEvent())
                }
                let (outcomes, error) = await Self.drain(reader.events(from: CountedRecords(records: [row], pulls: PullCount())))
                switch expected {
                case .success(let wanted):
                    #expect(error == nil, "\(row.version) \(row.payload.count)")
                    #expect(String(reflecting: outcomes) == String(reflecting: wanted))
                    values += Self.events(wanted).count
                case .failure(let wanted):
                    failures += 1
                    #expect(outcomes.isEmpty)
                    guard case .unreadableEvent(let got)? = error?.reason else { Issue.record("\(String(describing: error))"); continue }
                    #expect("\(got)" == "\(wanted)")
                }
                compared += 1
            }
        }
        // The comparison means something only if both ways read many rows into values, and fail on some.
        #expect(compared == 2 * rows.count && rows.count > 30)
        #expect(values > rows.count && failures >= 4, "\(values) values, \(failures) failures")
    }

    @Test func cloudEventsReadFromMessagesAndFromJSONLines() async throws {
        let data = try String(contentsOfFile: Self.root + "/Schemas/OrderPlaced/examples/v1/typical.json", encoding: .utf8)
        let message = #"{"specversion":"1.0","id":"e1","source":"/checkout","type":"com.example.order.placed","#
            + #""dataschema":"https://schemas.example.com/OrderPlaced/1.json","data":"# + data + "}"
        let compact = try JSONValue(parsing: message).serializedBytes()
        let messages = CountedRecords(records: [compact, compact], pulls: PullCount())
        let fromMessages = await Self.drain(Self.reader().events(cloudEvents: messages))
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write("events.jsonl", String(decoding: compact, as: UTF8.self) + "\n\n" + String(decoding: compact, as: UTF8.self))
        let fromLines = await Self.drain(Self.reader().events(jsonLines: FileChunks(path: file), records: .cloudEvents))
        for (outcomes, error) in [fromMessages, fromLines] {
            #expect(error == nil)
            let orders = Self.events(outcomes).compactMap { $0.value as? OrderPlaced }
            #expect(orders.count == 2 && orders.allSatisfy { $0.total == Money(minorUnits: 19999, currency: "EUR") })
        }
    }

    /// A skipped event is reported to the logger given, as a warning naming type, version and record.
    @Test func aSkippedEventIsLoggedAsAWarning() async throws {
        let handler = InMemoryLogHandler()
        let logger = Logger(label: "test") { _ in handler }
        var lines = Self.orderLines
        lines.insert(#"{"streamId":"gift-1","id":"g1","revision":0,"type":"GiftWrapped","data":{},"metadata":{"schemaVersion":1}}"#, at: 1)
        let records = lines.map { try! KurrentRecord(jsonLine: Array($0.utf8)) }
        let (outcomes, error) = await Self.drain(Self.reader(unknownType: .skip).events(
            from: CountedRecords(records: records, pulls: PullCount()), source: "table events", logger: logger))
        #expect(error == nil && outcomes.count == 11)
        #expect(handler.entries.count == 1)
        let entry = try #require(handler.entries.first)
        #expect(entry.level == .warning && entry.message == "skipped a stored event")
        #expect(entry.metadata["event_type"] == "GiftWrapped" && entry.metadata["stored_version"] == "1")
        #expect(entry.metadata["record"] == "2" && entry.metadata["source"] == "table events")
        #expect(entry.metadata["reason"] == "unknown event type")
    }
}

/// How many times an upstream was pulled.
final class PullCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func add() { lock.withLock { count += 1 } }
}

/// A file's chunks, counting each pull.
struct CountedChunks: AsyncSequence, Sendable {
    let chunks: FileChunks
    let pulls: PullCount

    func makeAsyncIterator() -> Iterator { Iterator(chunks: chunks.makeAsyncIterator(), pulls: pulls) }

    struct Iterator: AsyncIteratorProtocol {
        var chunks: FileChunks.Iterator
        let pulls: PullCount
        mutating func next() async throws(EventStreamError) -> [UInt8]? {
            pulls.add()
            return try await chunks.next()
        }
    }
}

/// Records handed out one per pull, as a database cursor would, counting each pull.
struct CountedRecords<Record: Sendable>: AsyncSequence, Sendable {
    let records: [Record]
    let pulls: PullCount

    func makeAsyncIterator() -> Iterator { Iterator(records: records, pulls: pulls) }

    struct Iterator: AsyncIteratorProtocol {
        let records: [Record]
        let pulls: PullCount
        var index = 0
        mutating func next() async -> Record? {
            pulls.add()
            guard index < records.count else { return nil }
            defer { index += 1 }
            return records[index]
        }
    }
}

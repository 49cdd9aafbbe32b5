import EventUpcasting
import InMemoryLogging
import Logging
import OrderAggregate
import Testing

/// What a rebuild reports to its logger besides its result: a snapshot it could not use, and the
/// gaps of a stream that allows them.
struct RebuildLoggingTests {
    static let stream = AggregateRebuildTests.stream

    static func rebuilder(_ handler: InMemoryLogHandler, options: RebuildOptions = RebuildOptions()) -> AggregateRebuilder<Order> {
        AggregateRebuilder(chain: AggregateRebuildTests.chain, snapshotChain: AggregateRebuildTests.snapshotChain, options: options,
                           logger: Logger(label: "test") { _ in handler })
    }

    @Test func aSnapshotFallbackIsLoggedAsAWarning() throws {
        let handler = InMemoryLogHandler()
        let snapshot = StoredSnapshot(stream: Self.stream, revision: 1, snapshotType: "OrderSnapshot", version: 9, payload: Array("{}".utf8))
        let rebuilt = try Self.rebuilder(handler).rebuild(Self.stream, from: AggregateRebuildTests.oldest, snapshot: snapshot)
        let fallback = try #require(rebuilt.snapshotFallback)
        #expect(handler.entries.count == 1)
        let entry = try #require(handler.entries.first)
        #expect(entry.level == .warning && entry.message.description == fallback.description)
        #expect(entry.metadata["stream"] == "\(Self.stream)" && entry.metadata["snapshot_version"] == "9")
    }

    @Test func aUsableSnapshotLogsNothing() throws {
        let handler = InMemoryLogHandler()
        let rebuilder = Self.rebuilder(handler)
        let snapshot = try rebuilder.snapshot(of: rebuilder.rebuild(Self.stream, from: AggregateRebuildTests.oldest.prefix(2)))
        let rebuilt = try rebuilder.rebuild(Self.stream, from: AggregateRebuildTests.oldest, snapshot: snapshot)
        #expect(rebuilt.snapshotFallback == nil && handler.entries.isEmpty)
    }

    @Test func anAllowedGapIsLoggedAsANotice() throws {
        let handler = InMemoryLogHandler()
        let rows = AggregateRebuildTests.rows([("OrderPlaced", 1, "v1/typical"), ("OrderShipped", 1, "v1/typical"),
                                               ("PaymentRefunded", 1, "v1/typical")], revisions: [0, 1, 5])
        let rebuilt = try Self.rebuilder(handler, options: RebuildOptions(streamsWithGaps: [Self.stream])).rebuild(Self.stream, from: rows)
        #expect(rebuilt.gaps == [RevisionGap(expected: 2, found: 5)])
        #expect(handler.entries.map(\.level) == [.notice])
        #expect(handler.entries.first?.metadata["expected_revision"] == "2" && handler.entries.first?.metadata["found_revision"] == "5")
    }
}

import EventSchema
import EventUpcasting
import Foundation
import MetricsTestKit
import OrderAggregate
import StrataTestSupport
import Testing

/// The stream's metrics, recorded into swift-metrics' own test backend: reads per event type and
/// stored version, upcaster steps, upcast time and failures by kind.
struct ReadMetricsTests {
    static func dimensions(_ type: String, _ version: Int) -> [(String, String)] {
        [("event_type", type), ("stored_version", String(version))]
    }

    @Test func theExampleFileCountsEachStoredVersionItsStepsAndItsUpcastTime() async throws {
        let backend = TestMetrics()
        let metrics = ReadMetrics(factory: backend)
        for _ in 0..<2 {  // two streams share the handles
            for try await _ in EventStreamTests.reader().events(jsonLines: FileChunks(path: EventStreamTests.ordersFile), metrics: metrics) {}
        }
        let reads: [(String, Int, Int64)] = [("OrderPlaced", 1, 4), ("OrderPlaced", 2, 2), ("OrderPlaced", 3, 2),
                                             ("OrderShipped", 1, 6), ("OrderShipped", 2, 2), ("PaymentRefunded", 1, 4)]
        for (type, version, count) in reads {
            let counter = try backend.expectCounter(ReadMetrics.Name.eventsRead, Self.dimensions(type, version) + [("outcome", "event")])
            #expect(counter.totalValue == count, "\(type) v\(version)")
        }
        #expect(backend.counterTotal(label: ReadMetrics.Name.eventsRead) == 20)
        // OrderPlaced v1 → v3 is two steps, v2 → v3 one, OrderShipped v1 → v2 one; current versions none.
        #expect(try backend.expectCounter(ReadMetrics.Name.upcastSteps, Self.dimensions("OrderPlaced", 1)).totalValue == 8)
        #expect(try backend.expectCounter(ReadMetrics.Name.upcastSteps, Self.dimensions("OrderPlaced", 2)).totalValue == 2)
        #expect(try backend.expectCounter(ReadMetrics.Name.upcastSteps, Self.dimensions("OrderShipped", 1)).totalValue == 6)
        #expect(backend.counters(label: ReadMetrics.Name.upcastSteps, dimensions: Self.dimensions("OrderPlaced", 3)).isEmpty)
        #expect(backend.counterTotal(label: ReadMetrics.Name.upcastSteps) == 16)
        let timer = try backend.expectTimer(ReadMetrics.Name.upcastDuration, Self.dimensions("OrderPlaced", 1))
        #expect(timer.values.count == 4 && timer.values.allSatisfy { $0 > 0 })
        #expect(backend.timers(label: ReadMetrics.Name.upcastDuration, dimensions: Self.dimensions("PaymentRefunded", 1)).isEmpty)
        #expect(backend.timers(label: ReadMetrics.Name.upcastDuration).count == 3)
        #expect(backend.counterTotal(label: ReadMetrics.Name.readFailures) == 0)
        // One set of handles per type and version, made once for both streams; no series for an
        // outcome that did not happen.
        #expect(backend.counters(label: ReadMetrics.Name.eventsRead).count == 6)
    }

    @Test func failuresAndSkipsAreCountedByKindTypeAndVersion() async throws {
        let backend = TestMetrics()
        let metrics = ReadMetrics(factory: backend)
        let lines = EventStreamTests.orderLines
        let newer = lines[0].replacingOccurrences(of: #""schemaVersion":1"#, with: #""schemaVersion":9"#)
        let broken = lines[0].replacingOccurrences(of: #""currency":"EUR""#, with: #""currency":7"#)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let skipping = try directory.write("skipping.jsonl", ([newer, lines[1], newer].joined(separator: "\n")))
        let stopping = try directory.write("stopping.jsonl", ([lines[1], broken, lines[2]].joined(separator: "\n")))
        let notJSON = try directory.write("not-json.jsonl", "{\n")

        let skipped = await EventStreamTests.drain(EventStreamTests.reader(newerVersion: .skip)
            .events(jsonLines: FileChunks(path: skipping), metrics: metrics))
        #expect(skipped.error == nil && skipped.outcomes.count == 3)
        #expect(try backend.expectCounter(ReadMetrics.Name.eventsRead, Self.dimensions("OrderPlaced", 9) + [("outcome", "skipped")]).totalValue == 2)

        let stopped = await EventStreamTests.drain(EventStreamTests.reader().events(jsonLines: FileChunks(path: stopping), metrics: metrics))
        #expect(stopped.error?.kind == "decoding_failed" && stopped.outcomes.count == 1)
        let decoding = try backend.expectCounter(ReadMetrics.Name.readFailures, Self.dimensions("OrderPlaced", 1) + [("kind", "decoding_failed")])
        #expect(decoding.totalValue == 1)

        let unparsable = await EventStreamTests.drain(EventStreamTests.reader().events(jsonLines: FileChunks(path: notJSON), metrics: metrics))
        #expect(unparsable.error?.kind == "invalid_record")
        let invalid = try backend.expectCounter(ReadMetrics.Name.readFailures,
                                                [("event_type", "-"), ("stored_version", "-"), ("kind", "invalid_record")])
        #expect(invalid.totalValue == 1)
        #expect(backend.counterTotal(label: ReadMetrics.Name.readFailures) == 2)
    }

    @Test func aStreamWithoutMetricsRecordsNothing() async throws {
        let backend = TestMetrics()
        _ = ReadMetrics(factory: backend)
        for try await _ in EventStreamTests.reader().events(jsonLines: FileChunks(path: EventStreamTests.ordersFile)) {}
        #expect(backend.counters.isEmpty && backend.timers.isEmpty)
    }
}

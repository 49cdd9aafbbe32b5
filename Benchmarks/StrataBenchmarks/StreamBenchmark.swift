// The stream layer's read path: the same v1 rows read by EventReader.read(_:) one by one, and
// through an EventStream with metrics off and on (no backend bootstrapped: swift-metrics' no-op).
import EventSchema
import EventUpcasting
import Foundation
import OrderAggregate

/// Rows handed out one per pull from memory, as a cursor would, so that the figure is the stream's
/// own cost.
struct MemoryRows: AsyncSequence, Sendable {
    let rows: [StreamRow]

    func makeAsyncIterator() -> Iterator { Iterator(rows: rows) }

    struct Iterator: AsyncIteratorProtocol {
        let rows: [StreamRow]
        var index = 0
        mutating func next() async -> StreamRow? {
            guard index < rows.count else { return nil }
            defer { index += 1 }
            return rows[index]
        }
    }
}

/// Runs `body` `rounds` times and returns the best wall-clock seconds.
func bestAsync(of rounds: Int, _ body: () async -> Void) async -> Double {
    var fastest = Double.infinity
    let clock = ContinuousClock()
    for _ in 0..<rounds {
        let start = clock.now
        await body()
        let elapsed = start.duration(to: clock.now)
        fastest = min(fastest, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
    return fastest
}

/// `--only stream`: v1 OrderPlaced rows upcast to v3 and decoded into the example's `OrderPlaced`.
/// Runs off the main actor, as a consumer's task would; returns a checksum.
func streamBenchmark(chain: UpcasterChain, events: Int, rounds: Int) async -> Int {
    var sink = 0
    let payloads = orderPlacedV1Payloads(count: events)
    let rows = payloads.enumerated().map { index, payload in
        StreamRow(stream: "order-\(index)", revision: 0, eventType: "OrderPlaced", version: 1, payload: payload)
    }
    let bytes = payloads.reduce(0) { $0 + $1.count }
    let reader = EventReader(chain: chain, types: Order.eventTypes.types)
    let direct = await bestAsync(of: rounds) {
        for row in rows {
            guard let payload = try? JSONValue(parsing: row.payload),
                  let outcomes = try? reader.read(StoredEvent(eventType: row.eventType, version: row.version, payload: payload,
                                                              position: row.revision)) else { continue }
            sink &+= outcomes.count
        }
    }
    report("stream: EventReader.read(_:) per row", events: rows.count, bytes: bytes, seconds: direct)
    func stream(_ metrics: ReadMetrics?) async -> Double {
        await bestAsync(of: rounds) {
            do {
                for try await outcome in reader.events(from: MemoryRows(rows: rows), metrics: metrics) {
                    if case .event = outcome { sink &+= 1 }
                }
            } catch {
                preconditionFailure("\(error)")
            }
        }
    }
    report("stream: rows -> typed events, metrics off", events: rows.count, bytes: bytes, seconds: await stream(nil))
    report("stream: rows -> typed events, metrics on", events: rows.count, bytes: bytes, seconds: await stream(ReadMetrics()),
           note: "(no backend bootstrapped)")
    return sink
}

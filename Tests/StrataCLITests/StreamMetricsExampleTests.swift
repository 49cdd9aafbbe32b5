import Foundation
import StrataTestSupport
import Testing

/// The example of docs/operating.md, run as the built `stream-metrics` process: the example's
/// orders read through an event stream into a Prometheus registry, whose exposition names each
/// event type and stored version with its count.
struct StreamMetricsExampleTests {
    static let program = StrataProcess.executable.deletingLastPathComponent().appendingPathComponent("stream-metrics")

    /// One sample of the exposition: the metric's name, its labels and its value.
    struct Sample: Equatable {
        var name: String
        var labels: [String: String]
        var value: String
    }

    /// The samples of the exposition text (comment lines left out).
    static func samples(_ text: String) -> [Sample] {
        text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line in
            guard let space = line.lastIndex(of: " ") else { return nil }
            let series = line[..<space], value = String(line[line.index(after: space)...])
            guard let open = series.firstIndex(of: "{") else { return Sample(name: String(series), labels: [:], value: value) }
            var labels: [String: String] = [:]
            for pair in series[series.index(after: open)..<series.index(before: series.endIndex)].split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                labels[String(parts[0])] = String(parts[1].dropFirst().dropLast())
            }
            return Sample(name: String(series[..<open]), labels: labels, value: value)
        }
    }

    @Test func theExpositionCountsEachEventTypeAndStoredVersion() throws {
        let outcome = try StrataProcess.run([], program: Self.program)
        #expect(outcome.status == 0, "\(outcome.error)")
        let samples = Self.samples(outcome.output)
        func value(_ name: String, _ labels: [String: String]) -> String? {
            samples.first { $0.name == name && $0.labels == labels }?.value
        }
        let reads: [(String, String, String)] = [("OrderPlaced", "1", "2"), ("OrderPlaced", "2", "1"), ("OrderPlaced", "3", "1"),
                                                 ("OrderShipped", "1", "3"), ("OrderShipped", "2", "1"), ("PaymentRefunded", "1", "2")]
        for (type, version, count) in reads {
            #expect(value("strata_events_read_total", ["event_type": type, "stored_version": version, "outcome": "event"]) == count,
                    "\(type) v\(version) in\n\(outcome.output)")
        }
        #expect(value("strata_upcast_steps_total", ["event_type": "OrderPlaced", "stored_version": "1"]) == "4")
        #expect(value("strata_upcast_steps_total", ["event_type": "OrderShipped", "stored_version": "1"]) == "3")
        // A version read as it is has no steps, and no series for them.
        #expect(value("strata_upcast_steps_total", ["event_type": "PaymentRefunded", "stored_version": "1"]) == nil)
        #expect(samples.filter { $0.name == "strata_events_read_total" }.count == 6)
        #expect(value("strata_upcast_duration_seconds_count", ["event_type": "OrderPlaced", "stored_version": "1"]) == "2")
        #expect(!samples.contains { $0.name == "strata_read_failures_total" })
    }

    @Test func aRecordThatCannotBeReadIsCountedAndExits65AndAMissingFile66() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let lines = try String(contentsOf: Conformance.packageRoot.appendingPathComponent("Examples/Aggregates/orders.jsonl"), encoding: .utf8)
        let file = try directory.write("broken.jsonl", lines.replacingOccurrences(of: #""revision":1,"#, with: #""revision":"one","#))
        let outcome = try StrataProcess.run(["--jsonl", file], program: Self.program)
        #expect(outcome.status == 65)
        #expect(outcome.error == "stream-metrics: \(file):2: invalid record: #/revision: expected an integer from 0 to 9223372036854775807\n")
        // The event before it was read and counted, and so was the failure.
        let samples = Self.samples(outcome.output)
        #expect(samples.contains(Sample(name: "strata_events_read_total",
                                        labels: ["event_type": "OrderPlaced", "stored_version": "1", "outcome": "event"], value: "1")))
        #expect(samples.contains(Sample(name: "strata_read_failures_total",
                                        labels: ["event_type": "-", "stored_version": "-", "kind": "invalid_record"], value: "1")))
        let missing = try StrataProcess.run(["--jsonl", "/nonexistent/orders.jsonl"], program: Self.program)
        #expect(missing.status == 66 && missing.error == "stream-metrics: /nonexistent/orders.jsonl: cannot read the file\n")
    }
}

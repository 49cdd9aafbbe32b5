import CoreMetrics
import Foundation

/// The metrics an ``EventStream`` records, through swift-metrics: which event types and stored
/// versions are still read, how many upcaster steps run, how long upcasting takes, and which reads
/// fail and why. The library picks no backend: the program bootstraps one
/// (`MetricsSystem.bootstrap(…)`, such as a Prometheus registry), or the metrics cost a call to
/// swift-metrics' no-op handler per value.
///
/// | metric | kind | dimensions |
/// |---|---|---|
/// | `strata_events_read_total` | counter | `event_type`, `stored_version`, `outcome` (`event`, `skipped`, `raw`) |
/// | `strata_upcast_steps_total` | counter | `event_type`, `stored_version` |
/// | `strata_upcast_duration_seconds` | timer | `event_type`, `stored_version` |
/// | `strata_read_failures_total` | counter | `event_type`, `stored_version`, `kind` |
///
/// Handles are made once per event type and stored version and kept, in this object and in each
/// stream's iterator, so a read looks them up in a dictionary, never in the factory. Make one
/// `ReadMetrics` after bootstrapping the backend and share it: handles made before the bootstrap
/// stay no-ops.
///
/// - Complexity: per event, two or three handle calls, and a dictionary lookup in the iterator when
///   the event's type or version is not the one before's.
public final class ReadMetrics: @unchecked Sendable {
    /// The metric names, as swift-metrics labels.
    public enum Name {
        /// Stored events read, by their stored type and version and what reading gave.
        public static let eventsRead = "strata_events_read_total"
        /// Upcaster (or downcaster) steps run: one per version crossed.
        public static let upcastSteps = "strata_upcast_steps_total"
        /// The time taken to upcast one stored event of an older version (decoding not included).
        public static let upcastDuration = "strata_upcast_duration_seconds"
        /// Stored events or records that could not be read, by ``EventStreamError/kind``.
        public static let readFailures = "strata_read_failures_total"
    }

    private let factory: (any MetricsFactory)?
    private let lock = NSLock()
    private var handles: [Key: Handles] = [:]
    private var recordFailures: [String: CoreMetrics.Counter] = [:]

    /// Creates the metrics over `factory`, or over the bootstrapped `MetricsSystem.factory` when nil.
    public init(factory: (any MetricsFactory)? = nil) {
        self.factory = factory
    }

    /// The handles of one event type and stored version, made on first use.
    func handles(eventType: String, version: Int, steps: @autoclosure () -> Int) -> Handles {
        let key = Key(eventType: eventType, version: version)
        lock.lock()
        defer { lock.unlock() }
        if let existing = handles[key] { return existing }
        let made = Handles(key: key, steps: steps(), factory: factory ?? MetricsSystem.factory)
        handles[key] = made
        return made
    }

    /// The failure counter of records that were not read as far as an event type: their
    /// `event_type` and `stored_version` are `-`.
    func unreadableRecord(kind: String) -> CoreMetrics.Counter {
        lock.lock()
        defer { lock.unlock() }
        if let counter = recordFailures[kind] { return counter }
        let counter = CoreMetrics.Counter(label: Name.readFailures,
                                          dimensions: [("event_type", "-"), ("stored_version", "-"), ("kind", kind)],
                                          factory: factory ?? MetricsSystem.factory)
        recordFailures[kind] = counter
        return counter
    }

    struct Key: Hashable {
        var eventType: String
        var version: Int
    }

    /// The handles of one event type and stored version. The read counter is made at once; the
    /// upcast counter and timer only for a version that has steps to run; the counters of skipped,
    /// raw and failed events on their first use, so that no series stays at zero for nothing.
    final class Handles: @unchecked Sendable {
        /// Events read to a typed value.
        let read: CoreMetrics.Counter
        /// The steps from the stored version to the version read, computed once.
        let steps: Int
        /// Steps run, for a version that has any (nil under the no-op factory).
        let upcastSteps: CoreMetrics.Counter?
        /// Upcast time, for a version that has steps (nil under the no-op factory).
        let upcastDuration: CoreMetrics.Timer?
        private let dimensions: [(String, String)]
        private let factory: any MetricsFactory
        private let lock = NSLock()
        private var rare: [String: CoreMetrics.Counter] = [:]

        init(key: Key, steps: Int, factory: any MetricsFactory) {
            let dimensions = [("event_type", key.eventType), ("stored_version", String(key.version))]
            read = CoreMetrics.Counter(label: Name.eventsRead, dimensions: dimensions + [("outcome", "event")], factory: factory)
            self.steps = steps
            // With no backend bootstrapped (swift-metrics' no-op factory) there is nothing to time:
            // the stream then reads no clock either.
            let timesUpcasts = steps > 0 && !(factory is NOOPMetricsHandler)
            upcastSteps = timesUpcasts ? CoreMetrics.Counter(label: Name.upcastSteps, dimensions: dimensions, factory: factory) : nil
            upcastDuration = timesUpcasts ? CoreMetrics.Timer(label: Name.upcastDuration, dimensions: dimensions, factory: factory) : nil
            self.dimensions = dimensions
            self.factory = factory
        }

        /// The counter of events read that a policy left out (`skipped`) or passed on (`raw`).
        func outcome(_ outcome: String) -> CoreMetrics.Counter { counter(Name.eventsRead, ("outcome", outcome)) }

        /// The failure counter of `kind`.
        func failures(kind: String) -> CoreMetrics.Counter { counter(Name.readFailures, ("kind", kind)) }

        private func counter(_ label: String, _ dimension: (String, String)) -> CoreMetrics.Counter {
            let key = label + "\u{0}" + dimension.1
            lock.lock()
            defer { lock.unlock() }
            if let counter = rare[key] { return counter }
            let counter = CoreMetrics.Counter(label: label, dimensions: dimensions + [dimension], factory: factory)
            rare[key] = counter
            return counter
        }
    }
}

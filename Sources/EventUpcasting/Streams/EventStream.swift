import CoreMetrics
import EventSchema
import Foundation
import Logging

/// Stored events read from an asynchronous sequence of records, as the consumer iterates: each
/// record is pulled from upstream only when the outcomes of the one before are consumed, so a slow
/// consumer slows the reading of the source and at most one stored event's outcomes are held.
///
/// ```swift
/// let reader = catalog.reader(types: types)
/// for try await outcome in reader.events(jsonLines: FileChunks(path: "orders.jsonl"), source: "orders.jsonl") {
///     if case .event(let event) = outcome, let order = event.value as? OrderPlaced { handle(order) }
/// }
/// ```
///
/// Each stored event is read as ``EventReader/read(_:)`` reads it, under the reader's policies:
/// an unknown type or a newer version is `.skipped` or `.raw` when the policy says `.skip` or
/// `.passThrough`, and otherwise ends the stream with an ``EventStreamError`` naming the record.
/// A record that cannot be read at all (not JSON, no version) ends it the same way; the events before
/// it have been handed out.
///
/// Metrics (``ReadMetrics``) and warnings (skipped events, through swift-log) are recorded here,
/// not in ``EventReader``, whose single reads stay as fast as before.
public struct EventStream<Records: AsyncSequence>: AsyncSequence {
    /// What reading gave for one event.
    public typealias Element = EventReader.Outcome
    /// A record turned into the stored event to read (nil to pass over it, such as a blank line), or
    /// the error to end the stream with.
    typealias Parse = @Sendable (Records.Element, _ ordinal: Int) -> Result<StoredEvent?, EventStreamError>

    let records: Records
    let source: String
    let reader: EventReader
    let parse: Parse
    let metrics: ReadMetrics?
    let logger: Logger?

    init(records: Records, source: String, reader: EventReader, metrics: ReadMetrics?, logger: Logger?, parse: @escaping Parse) {
        self.records = records
        self.source = source
        self.reader = reader
        self.metrics = metrics
        self.logger = logger
        self.parse = parse
    }

    /// Makes the iterator.
    public func makeAsyncIterator() -> Iterator {
        Iterator(records: records.makeAsyncIterator(), source: source, reader: reader, parse: parse, metrics: metrics, logger: logger)
    }

    /// Pulls one record at a time.
    public struct Iterator: AsyncIteratorProtocol {
        var records: Records.AsyncIterator
        let source: String
        let reader: EventReader
        let parse: Parse
        let metrics: ReadMetrics?
        let logger: Logger?
        var pending: [EventReader.Outcome] = []
        var next = 0
        var ordinal = 0
        var finished = false
        var handles: [ReadMetrics.Key: ReadMetrics.Handles] = [:]

        init(records: Records.AsyncIterator, source: String, reader: EventReader, parse: @escaping Parse, metrics: ReadMetrics?,
             logger: Logger?) {
            self.records = records
            self.source = source
            self.reader = reader
            self.parse = parse
            self.metrics = metrics
            self.logger = logger
        }

        /// The next outcome, or nil after the last record.
        ///
        /// - Throws: ``EventStreamError`` for the record that could not be read; the stream ends there.
        public mutating func next() async throws(EventStreamError) -> EventReader.Outcome? {
            while true {
                if next < pending.count {
                    defer { next += 1 }
                    return pending[next]
                }
                guard !finished, let stored = try await nextStored() else { return nil }
                pending = try read(stored)
                next = 0
            }
        }

        /// The next stored event from upstream, passing over records the parser leaves out.
        private mutating func nextStored() async throws(EventStreamError) -> StoredEvent? {
            while true {
                let record: Records.Element?
                do {
                    record = try await records.next()
                } catch {
                    let failure = error as? EventStreamError
                        ?? EventStreamError(source: source, record: ordinal, reason: .unreadableSource("\(error)"))
                    throw fail(failure, counting: metrics?.unreadableRecord(kind: failure.kind))
                }
                guard let record else {
                    finished = true
                    return nil
                }
                ordinal += 1
                switch parse(record, ordinal) {
                case .success(let stored?): return stored
                case .success(nil): continue
                case .failure(let failure): throw fail(failure, counting: metrics?.unreadableRecord(kind: failure.kind))
                }
            }
        }

        /// Ends the stream with `failure`, counted on `counter`.
        private mutating func fail(_ failure: EventStreamError, counting counter: CoreMetrics.Counter?) -> EventStreamError {
            finished = true
            pending = []
            counter?.increment()
            return failure
        }

        /// Reads one stored event as the reader does, with its metrics when there are any.
        private mutating func read(_ stored: StoredEvent) throws(EventStreamError) -> [EventReader.Outcome] {
            let outcomes: [EventReader.Outcome]
            do {
                if let metrics {
                    outcomes = try read(stored, counting: handles(for: stored, in: metrics))
                } else {
                    outcomes = try reader.read(stored)
                }
            } catch {
                let failure = EventStreamError(source: source, record: ordinal, reason: .unreadableEvent(error))
                var counter: CoreMetrics.Counter?
                if let metrics { counter = handles(for: stored, in: metrics).failures(kind: failure.kind) }
                throw fail(failure, counting: counter)
            }
            for case .skipped(let event, let reason) in outcomes {
                logger?.warning("skipped a stored event", metadata: [
                    "event_type": "\(event.eventType)", "stored_version": "\(stored.version)",
                    "source": "\(source)", "record": "\(ordinal)", "reason": "\(reason)",
                ])
            }
            return outcomes
        }

        private func read(_ stored: StoredEvent, counting handles: ReadMetrics.Handles) throws(UpcastingError) -> [EventReader.Outcome] {
            let upcast: EventReader.Upcast
            if let steps = handles.upcastSteps, let duration = handles.upcastDuration {
                let start = DispatchTime.now().uptimeNanoseconds
                upcast = try reader.upcast(stored)
                duration.recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - start))
                steps.increment(by: handles.steps)
            } else {
                upcast = try reader.upcast(stored)
            }
            let outcomes: [EventReader.Outcome] = switch upcast {
            case .decided(let outcome): [outcome]
            case .upcast(let events): try reader.decode(events, storedVersion: stored.version)
            }
            switch outcomes.first {
            case .event?, nil: handles.read.increment()
            case .skipped?: handles.outcome("skipped").increment()
            case .raw?: handles.outcome("raw").increment()
            }
            return outcomes
        }

        /// The handles of the stored event's type and version: from this iterator's cache, else from
        /// the shared one, made there on first use.
        private mutating func handles(for stored: StoredEvent, in metrics: ReadMetrics) -> ReadMetrics.Handles {
            let key = ReadMetrics.Key(eventType: stored.eventType, version: stored.version)
            if let cached = handles[key] { return cached }
            let reader = reader
            let made = metrics.handles(eventType: stored.eventType, version: stored.version, steps: reader.steps(from: stored))
            handles[key] = made
            return made
        }
    }
}

extension EventStream: Sendable where Records: Sendable {}

extension EventReader {
    /// How many upcasters (or downcasters) take `stored` to the version it is read at; 0 for a type
    /// without schemas or a version the catalog does not have.
    func steps(from stored: StoredEvent) -> Int {
        guard chain.currentVersions[stored.eventType] != nil else { return 0 }
        return (try? chain.path(for: stored.eventType, from: stored.version, to: targetVersions[stored.eventType]).count) ?? 0
    }
}

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
    typealias Parse = @Sendable (Records.Element, _ ordinal: Int) -> Result<StreamedEvent?, EventStreamError>

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
        /// The handles found last, with their key.
        var lastHandles: (key: ReadMetrics.Key, handles: ReadMetrics.Handles)?
        /// The tree each payload that arrives as bytes is read in, kept from one event to the next.
        var buffers = ReadBuffers()

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
        private mutating func nextStored() async throws(EventStreamError) -> StreamedEvent? {
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

        /// Reads one stored event as the reader does, with its metrics when there are any: on the
        /// flat tree when it arrived as bytes and its chain runs there, else as a `JSONValue`.
        private mutating func read(_ streamed: StreamedEvent) throws(EventStreamError) -> [EventReader.Outcome] {
            let outcomes: [EventReader.Outcome]
            do {
                switch streamed {
                case .stored(let event): outcomes = try readParsed(event)
                case .bytes(let event) where reader.readsOnTree(event): outcomes = [try readOnTree(event)]
                case .bytes(let event): outcomes = try readParsed(try event.storedEvent())
                }
            } catch {
                let failure = EventStreamError(source: source, record: ordinal, reason: .unreadableEvent(error))
                var counter: CoreMetrics.Counter?
                if let metrics { counter = handles(eventType: streamed.eventType, version: streamed.version, in: metrics).failures(kind: failure.kind) }
                throw fail(failure, counting: counter)
            }
            for case .skipped(let event, let reason) in outcomes {
                logger?.warning("skipped a stored event", metadata: [
                    "event_type": "\(event.eventType)", "stored_version": "\(streamed.version)",
                    "source": "\(source)", "record": "\(ordinal)", "reason": "\(reason)",
                ])
            }
            return outcomes
        }

        /// Reads a stored event given as a `JSONValue`, counting it when there are metrics.
        private mutating func readParsed(_ stored: StoredEvent) throws(UpcastingError) -> [EventReader.Outcome] {
            guard let metrics else { return try reader.read(stored) }
            let handles = handles(eventType: stored.eventType, version: stored.version, in: metrics)
            let upcast: EventReader.Upcast = try Self.timed(handles) { () throws(UpcastingError) in try reader.upcast(stored) }
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

        /// Reads a stored event given as bytes on the flat tree kept in ``buffers``: parsed, upcast
        /// by the compiled steps and decoded there, with no `JSONValue` (the outcome is the one
        /// the `JSONValue` way gives, errors included).
        private mutating func readOnTree(_ event: StoredBytes) throws(UpcastingError) -> EventReader.Outcome {
            defer { buffers.finishRead() }
            try reader.parse(event, into: &buffers.tree)
            if let metrics {
                let handles = handles(eventType: event.eventType, version: event.version, in: metrics)
                try Self.timed(handles) { () throws(UpcastingError) in try reader.upcast(&buffers.tree, of: event) }
                let outcome = try reader.decode(buffers.tree, of: event)
                handles.read.increment()
                return outcome
            }
            try reader.upcast(&buffers.tree, of: event)
            return try reader.decode(buffers.tree, of: event)
        }

        /// Runs `upcast`, timing it and counting its steps when the handles have somewhere to.
        /// Static, so that calling it with a closure that changes the iterator copies no iterator.
        private static func timed<Result>(_ handles: ReadMetrics.Handles,
                                   _ upcast: () throws(UpcastingError) -> Result) throws(UpcastingError) -> Result {
            guard let steps = handles.upcastSteps, let duration = handles.upcastDuration else { return try upcast() }
            let start = DispatchTime.now().uptimeNanoseconds
            let result = try upcast()
            duration.recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - start))
            steps.increment(by: handles.steps)
            return result
        }

        /// The handles of an event type and stored version: from this iterator's cache, else from
        /// the shared one, made there on first use.
        private mutating func handles(eventType: String, version: Int, in metrics: ReadMetrics) -> ReadMetrics.Handles {
            // A stream often holds runs of one type and version: those skip the hashing.
            if let last = lastHandles, last.key.version == version, last.key.eventType == eventType { return last.handles }
            let key = ReadMetrics.Key(eventType: eventType, version: version)
            let found: ReadMetrics.Handles
            if let cached = handles[key] {
                found = cached
            } else {
                let reader = reader
                found = metrics.handles(eventType: eventType, version: version, steps: reader.steps(eventType: eventType, from: version))
                handles[key] = found
            }
            lastHandles = (key, found)
            return found
        }
    }
}

extension EventStream: Sendable where Records: Sendable {}

extension EventReader {
    /// How many upcasters (or downcasters) take `stored` to the version it is read at; 0 for a type
    /// without schemas or a version the catalog does not have.
    func steps(eventType: String, from version: Int) -> Int {
        guard chain.currentVersions[eventType] != nil else { return 0 }
        return (try? chain.path(for: eventType, from: version, to: targetVersions[eventType]).count) ?? 0
    }
}

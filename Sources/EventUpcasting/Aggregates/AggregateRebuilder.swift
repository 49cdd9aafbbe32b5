import EventSchema
import Logging

/// Rebuilds aggregates from their streams: each stored event is read through the catalog (upcast
/// from its stored version, then decoded into the current struct, by ``EventReader``) and applied
/// in revision order, with every revision checked to follow the one before.
///
/// ```swift
/// let rebuilder = AggregateRebuilder<Order>(chain: catalog.chain)
/// let rows: [StreamRow] = …   // SELECT stream, revision, type, version, payload … ORDER BY revision
/// let order = try rebuilder.rebuild("order-ord_7Kq2XbN9wR", from: rows).aggregate
/// ```
///
/// Revisions count from 0, as in EventStoreDB. A gap, a duplicate or a revision out of order stops
/// the rebuild with a ``RebuildError`` naming the stream, the expected and the found revision.
/// It is safe to share between threads.
///
/// A snapshot that is not used and a gap in a stream that allows gaps are returned in ``Rebuilt``
/// and also logged to ``logger`` when one is given: a fallback as a warning, a gap as a notice.
public struct AggregateRebuilder<Aggregate: EventSourcedAggregate>: Sendable {
    /// The reader of the events, with the aggregate's event types.
    public let reader: EventReader
    /// The reader of snapshots: the same catalog unless the snapshots have their own.
    public let snapshotReader: EventReader
    /// What the rebuild tolerates.
    public let options: RebuildOptions
    /// Where snapshot fallbacks and allowed gaps are logged; nil (the default) logs nothing, since
    /// the library never makes a logger of its own (``EventReader/loggerLabel`` is a suggested label).
    public let logger: Logger?
    private let eventTypes: AggregateEventTypes<Aggregate.Event>

    /// Creates a rebuilder over the upcasters of `chain`; `snapshotChain` reads snapshots when they
    /// have a catalog of their own.
    public init(chain: UpcasterChain, snapshotChain: UpcasterChain? = nil, options: RebuildOptions = RebuildOptions(),
                decoder: JSONValueDecoder = JSONValueDecoder(), logger: Logger? = nil) {
        eventTypes = Aggregate.eventTypes
        reader = EventReader(chain: chain, types: eventTypes.types,
                             unknownType: options.unknownEventTypes == .ignore ? .skip : .error, decoder: decoder)
        snapshotReader = EventReader(chain: snapshotChain ?? chain, types: EventTypeMap(), decoder: decoder)
        self.options = options
        self.logger = logger
    }

    /// Creates a rebuilder over `catalog`, with `snapshots` for snapshots that have a catalog of their own.
    public init(catalog: Catalog, snapshots: Catalog? = nil, options: RebuildOptions = RebuildOptions(),
                logger: Logger? = nil) {
        self.init(chain: catalog.chain, snapshotChain: snapshots?.chain, options: options, logger: logger)
    }

    /// Rebuilds the aggregate of `stream` from its records, from revision 0.
    ///
    /// - Throws: ``RebuildError`` for a break in the revisions, a record of another stream, an event
    ///   that cannot be read, or invariants that fail after the replay.
    /// - Complexity: one read (upcast and decode) and one `apply` per record.
    public func rebuild<Records: Sequence>(_ stream: String, from records: Records) throws(RebuildError) -> Rebuilt<Aggregate>
    where Records.Element: StreamRecord {
        try replay(records, from: .empty(stream: stream))
    }

    /// Rebuilds the aggregate of every stream among `records` (a dump or a table of many streams),
    /// in the order each stream first appears; each stream's records keep their order.
    ///
    /// - Throws: as ``rebuild(_:from:)``, for the first stream that fails.
    public func rebuildAll<Records: Sequence>(from records: Records) throws(RebuildError) -> [Rebuilt<Aggregate>]
    where Records.Element: StreamRecord {
        var order: [String] = []
        var streams: [String: [Records.Element]] = [:]
        for record in records {
            if streams[record.stream] == nil { order.append(record.stream) }
            streams[record.stream, default: []].append(record)
        }
        var rebuilt: [Rebuilt<Aggregate>] = []
        for stream in order { rebuilt.append(try rebuild(stream, from: streams[stream]!)) }
        return rebuilt
    }

    /// Replays records onto `start`: an empty aggregate, or a snapshot's state (see
    /// ``start(_:from:)``). Records at or below the revision the start includes are checked for
    /// order and skipped.
    ///
    /// - Throws: as ``rebuild(_:from:)``.
    public func replay<Records: Sequence>(_ records: Records, from start: RebuildStart<Aggregate>) throws(RebuildError) -> Rebuilt<Aggregate>
    where Records.Element: StreamRecord {
        let stream = start.stream
        var aggregate = start.aggregate
        var continuity = RevisionContinuity(stream: stream, allowsGaps: options.allowsGaps(in: stream),
                                            includedRevision: start.includedRevision)
        var applied = 0, ignored = 0
        for record in records {
            guard record.stream == stream else {
                throw .foreignRecord(stream: stream, revision: record.revision, recordStream: record.stream)
            }
            try continuity.accept(record.revision)
            if let included = start.includedRevision, record.revision <= included { continue }
            let events: [Aggregate.Event]
            do {
                events = try read(record.row())
            } catch {
                throw .unreadableEvent(stream: stream, revision: record.revision, error: error)
            }
            if events.isEmpty { ignored += 1 }
            for event in events { aggregate.apply(event) }
            applied += events.count
        }
        let revision = [continuity.last, start.includedRevision].compactMap { $0 }.max()
        do {
            try aggregate.checkInvariants()
        } catch {
            throw .invariantViolated(stream: stream, revision: revision, violation: error)
        }
        let snapshotRevision = start.snapshotFallback == nil ? start.includedRevision : nil
        for gap in continuity.gaps {
            logger?.notice("a gap in a stream that allows gaps", metadata: [
                "stream": "\(stream)", "expected_revision": "\(gap.expected)", "found_revision": "\(gap.found)",
            ])
        }
        return Rebuilt(stream: stream, aggregate: aggregate, revision: revision, eventsApplied: applied, eventsIgnored: ignored,
                       snapshotRevision: snapshotRevision, snapshotFallback: start.snapshotFallback, gaps: continuity.gaps)
    }

    /// The events one stored event gives: its typed value on the bytes path; through the general
    /// path when an upcaster splits it or renames its type, or its stored type is not the
    /// aggregate's; none for an event type left out under ``RebuildOptions/UnknownEventTypes/ignore``.
    private func read(_ row: StreamRow) throws(UpcastingError) -> [Aggregate.Event] {
        if let entry = eventTypes.entry(for: row.eventType) {
            do {
                return [try entry.read(reader, row.eventType, row.version, row.payload)]
            } catch {
                guard case .needsEventList = error else { throw error }
            }
        }
        let payload: JSONValue
        do { payload = try JSONValue(parsing: row.payload) } catch {
            throw .invalidPayload(eventType: row.eventType, version: row.version, error: error)
        }
        var events: [Aggregate.Event] = []
        for outcome in try reader.read(StoredEvent(eventType: row.eventType, version: row.version, payload: payload, position: row.revision)) {
            guard case .event(let read) = outcome else { continue }
            guard let event = eventTypes.entry(for: read.eventType)?.wrap(read.value) else {
                throw .unknownEventType(read.eventType)
            }
            events.append(event)
        }
        return events
    }
}

extension AggregateRebuilder where Aggregate: SnapshottableAggregate {
    /// Where a replay of `stream` starts given its latest snapshot: the snapshot's state, or, when
    /// the snapshot cannot be read, the empty aggregate with the reason in
    /// ``RebuildStart/snapshotFallback``. Read the store from ``RebuildStart/nextRevision`` on.
    ///
    /// - Throws: ``RebuildError/foreignSnapshot(stream:snapshotStream:)`` for a snapshot of another stream.
    public func start(_ stream: String, from snapshot: StoredSnapshot?) throws(RebuildError) -> RebuildStart<Aggregate> {
        guard let snapshot else { return .empty(stream: stream) }
        guard snapshot.stream == stream else { throw .foreignSnapshot(stream: stream, snapshotStream: snapshot.stream) }
        func fallback(_ reason: SnapshotFallback.Reason) -> RebuildStart<Aggregate> {
            let fallback = SnapshotFallback(stream: stream, snapshotType: snapshot.snapshotType, version: snapshot.version,
                                            revision: snapshot.revision, reason: reason)
            logger?.warning("\(fallback)", metadata: ["stream": "\(stream)", "snapshot_type": "\(snapshot.snapshotType)",
                                                   "snapshot_version": "\(snapshot.version)"])
            return .empty(stream: stream, fallback: fallback)
        }
        guard snapshot.snapshotType == Aggregate.snapshotType else { return fallback(.otherType(expected: Aggregate.snapshotType)) }
        guard snapshotReader.chain.currentVersions[snapshot.snapshotType] != nil else { return fallback(.notInCatalog) }
        do {
            let state = try snapshotReader.read(Aggregate.Snapshot.self, eventType: snapshot.snapshotType,
                                                version: snapshot.version, payload: snapshot.payload)
            return RebuildStart(stream: stream, aggregate: Aggregate(snapshot: state), includedRevision: snapshot.revision)
        } catch {
            return fallback(.unreadable(error))
        }
    }

    /// Rebuilds the aggregate of `stream` from its snapshot and the records after it; when the
    /// snapshot cannot be read, from all the records, with the reason in ``Rebuilt/snapshotFallback``.
    /// Give the records from revision 0 for the fallback to succeed (records at or below the
    /// snapshot's revision are otherwise skipped); or call ``start(_:from:)`` first and read the
    /// store from its ``RebuildStart/nextRevision``.
    ///
    /// - Throws: as ``rebuild(_:from:)``; a fallback without the early records is a ``RebuildError/gap(stream:expected:found:)``.
    public func rebuild<Records: Sequence>(_ stream: String, from records: Records, snapshot: StoredSnapshot?) throws(RebuildError) -> Rebuilt<Aggregate>
    where Records.Element: StreamRecord {
        try replay(records, from: start(stream, from: snapshot))
    }

    /// A snapshot of a rebuilt aggregate, at the current version of the snapshot type.
    ///
    /// - Throws: ``RebuildError/snapshotNotWritable(stream:reason:)`` for a stream with no events,
    ///   a snapshot type with no schema, or a state that does not encode.
    public func snapshot(of rebuilt: Rebuilt<Aggregate>) throws(RebuildError) -> StoredSnapshot {
        guard let revision = rebuilt.revision else {
            throw .snapshotNotWritable(stream: rebuilt.stream, reason: "the stream has no events")
        }
        guard let version = snapshotReader.chain.currentVersions[Aggregate.snapshotType] else {
            throw .snapshotNotWritable(stream: rebuilt.stream, reason: "the catalog has no schema for \(Aggregate.snapshotType)")
        }
        let payload: JSONValue
        do { payload = try JSONValueEncoder().encode(rebuilt.aggregate.snapshot) } catch {
            throw .snapshotNotWritable(stream: rebuilt.stream, reason: "\(error)")
        }
        return StoredSnapshot(stream: rebuilt.stream, revision: revision, snapshotType: Aggregate.snapshotType,
                              version: version, payload: payload.serializedBytes())
    }
}

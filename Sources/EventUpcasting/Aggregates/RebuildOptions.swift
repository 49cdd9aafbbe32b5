/// What a rebuild tolerates.
public struct RebuildOptions: Sendable {
    /// What to do with a stored event whose type the aggregate does not apply.
    public enum UnknownEventTypes: Sendable {
        /// Stop the rebuild with ``RebuildError/unreadableEvent(stream:revision:error:)`` (the default).
        case fail
        /// Leave the event out and count it in ``Rebuilt/eventsIgnored``.
        case ignore
    }

    /// The streams whose revisions may have gaps, because their store deletes or truncates events
    /// (KurrentDB's `$maxCount`, `$maxAge` or `$tb`, a row deleted by hand). Every other stream's
    /// revisions must increase by exactly one.
    public var streamsWithGaps: Set<String>
    /// What to do with an event type the aggregate does not apply; ``UnknownEventTypes/fail`` by default.
    public var unknownEventTypes: UnknownEventTypes

    /// Creates options; by default every stream must be without gaps and every event type known.
    public init(streamsWithGaps: Set<String> = [], unknownEventTypes: UnknownEventTypes = .fail) {
        self.streamsWithGaps = streamsWithGaps
        self.unknownEventTypes = unknownEventTypes
    }

    /// Whether `stream` may have gaps.
    public func allowsGaps(in stream: String) -> Bool { streamsWithGaps.contains(stream) }
}

/// An aggregate rebuilt from its stream, with what the rebuild did.
public struct Rebuilt<Aggregate: EventSourcedAggregate>: Sendable {
    /// The stream.
    public var stream: String
    /// The state, whose invariants hold.
    public var aggregate: Aggregate
    /// The last revision the state includes (from a record or the snapshot); `nil` for a stream
    /// with no events. It is the revision to expect when appending the next event.
    public var revision: Int64?
    /// How many events were applied (an event an upcaster split counts once per part).
    public var eventsApplied: Int
    /// How many events were left out under ``RebuildOptions/UnknownEventTypes/ignore``.
    public var eventsIgnored: Int
    /// The revision of the snapshot the rebuild started from, if it used one.
    public var snapshotRevision: Int64?
    /// Why a snapshot that was given was not used, if it was not: log it.
    public var snapshotFallback: SnapshotFallback?
    /// The gaps met in a stream that allows them.
    public var gaps: [RevisionGap]
}

/// Where a replay starts: an empty aggregate, or the state a snapshot holds.
public struct RebuildStart<Aggregate: EventSourcedAggregate>: Sendable {
    /// The stream.
    public var stream: String
    /// The state before the first event to apply.
    public var aggregate: Aggregate
    /// The last revision the state includes; `nil` when it includes none.
    public var includedRevision: Int64?
    /// Why a snapshot that was given was not used, if it was not.
    public var snapshotFallback: SnapshotFallback?

    /// The first revision to read from the store: 0, or the snapshot's revision + 1.
    public var nextRevision: Int64 { includedRevision.map { $0 + 1 } ?? 0 }

    /// The empty aggregate, before revision 0.
    public static func empty(stream: String, fallback: SnapshotFallback? = nil) -> RebuildStart {
        RebuildStart(stream: stream, aggregate: Aggregate(), includedRevision: nil, snapshotFallback: fallback)
    }
}

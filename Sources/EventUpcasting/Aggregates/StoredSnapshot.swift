/// A stored snapshot of an aggregate: a payload of a snapshot type in the catalog (such as
/// `OrderSnapshot`), the schema version it was written with, and the last stream revision it includes.
public struct StoredSnapshot: Sendable, Equatable {
    /// The stream whose state it holds.
    public var stream: String
    /// The last stream revision the state includes; a rebuild from it skips events at or below it.
    public var revision: Int64
    /// The snapshot's type name in the catalog, such as `OrderSnapshot`.
    public var snapshotType: String
    /// The version of the snapshot's schema the payload was written with.
    public var version: Int
    /// The payload's JSON bytes.
    public var payload: [UInt8]

    /// Creates a stored snapshot.
    public init(stream: String, revision: Int64, snapshotType: String, version: Int, payload: [UInt8]) {
        self.stream = stream
        self.revision = revision
        self.snapshotType = snapshotType
        self.version = version
        self.payload = payload
    }
}

/// Why a rebuild did not start from its snapshot and replayed the whole stream instead.
public struct SnapshotFallback: Sendable, Equatable, CustomStringConvertible {
    /// What was wrong with the snapshot.
    public enum Reason: Sendable, Equatable {
        /// The snapshot is of another type than the aggregate's snapshot type.
        case otherType(expected: String)
        /// The catalog has no schema for the snapshot's type.
        case notInCatalog
        /// Reading it failed: an unknown (newer) version, a failed upcaster, a payload that no
        /// longer decodes.
        case unreadable(UpcastingError)
    }

    /// The snapshot that was not used.
    public var stream: String
    /// Its type.
    public var snapshotType: String
    /// Its version.
    public var version: Int
    /// The last revision it included.
    public var revision: Int64
    /// Why it was not used.
    public var reason: Reason

    /// One line a caller can log.
    public var description: String {
        let why = switch reason {
        case .otherType(let expected): "it is not a \(expected)"
        case .notInCatalog: "the catalog has no schema for \(snapshotType)"
        case .unreadable(let error): error.description
        }
        return "\(stream): the \(snapshotType) v\(version) snapshot at revision \(revision) is not readable (\(why)); replayed the stream from revision 0"
    }
}

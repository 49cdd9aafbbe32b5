/// A stored event of one stream, in the shape its store keeps it, that a rebuild reads.
///
/// Stream revisions count from 0, as in EventStoreDB and KurrentDB: the stream's first event is at
/// revision 0, the next at 1.
public protocol StreamRecord: Sendable {
    /// The stream the event belongs to, such as `order-ord_7Kq2XbN9wR`.
    var stream: String { get }
    /// The event's revision in its stream, from 0.
    var revision: Int64 { get }
    /// The record as a plain row: its event type, schema version and payload bytes.
    ///
    /// - Throws: ``UpcastingError/invalidEnvelope(reason:)`` when the record does not say its version.
    func row() throws(UpcastingError) -> StreamRow
}

/// A stored event as a plain table row: stream, revision, event type, schema version and payload.
///
/// ```sql
/// CREATE TABLE events (stream TEXT, revision INTEGER, type TEXT, version INTEGER, payload TEXT,
///                      PRIMARY KEY (stream, revision));
/// SELECT stream, revision, type, version, payload FROM events WHERE stream = ? ORDER BY revision;
/// ```
public struct StreamRow: StreamRecord, Equatable {
    /// The stream, such as `order-ord_7Kq2XbN9wR`.
    public var stream: String
    /// The event's revision in its stream, from 0.
    public var revision: Int64
    /// The event type as stored, such as `OrderPlaced`.
    public var eventType: String
    /// The version of the schema the payload was written with.
    public var version: Int
    /// The payload's JSON bytes, as stored.
    public var payload: [UInt8]

    /// Creates a row.
    public init(stream: String, revision: Int64, eventType: String, version: Int, payload: [UInt8]) {
        self.stream = stream
        self.revision = revision
        self.eventType = eventType
        self.version = version
        self.payload = payload
    }

    /// The row itself.
    public func row() -> StreamRow { self }
}

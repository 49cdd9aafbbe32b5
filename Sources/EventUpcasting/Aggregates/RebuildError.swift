/// Everything that stops an aggregate's rebuild. Each case names the stream and the revision.
public enum RebuildError: Error, Sendable, Equatable {
    /// A revision is missing: the stream went from `expected - 1` to `found`. Stores that delete
    /// events allow this per stream with ``RebuildOptions/streamsWithGaps``.
    case gap(stream: String, expected: Int64, found: Int64)
    /// The revision before `expected` came again.
    case duplicate(stream: String, expected: Int64, found: Int64)
    /// A revision lower than the one before it came.
    case outOfOrder(stream: String, expected: Int64, found: Int64)
    /// A record of another stream was among the stream's records.
    case foreignRecord(stream: String, revision: Int64, recordStream: String)
    /// The snapshot given is of another stream.
    case foreignSnapshot(stream: String, snapshotStream: String)
    /// A stored event could not be read: no version, not JSON, an unknown type or version, a
    /// failed upcaster, a payload that does not decode.
    case unreadableEvent(stream: String, revision: Int64, error: UpcastingError)
    /// The aggregate's invariants do not hold after the replay up to `revision`; it is not handed out.
    case invariantViolated(stream: String, revision: Int64?, violation: InvariantViolation)
    /// A snapshot cannot be written: no events yet, no schema for the snapshot type, or the state
    /// does not encode.
    case snapshotNotWritable(stream: String, reason: String)
    /// A record in a file is malformed, or (at line 0) the file cannot be read.
    case invalidRecord(file: String, line: Int, reason: String)
}

extension RebuildError: CustomStringConvertible {
    /// One line naming the stream and the revisions involved.
    public var description: String {
        switch self {
        case .gap(let stream, let expected, let found):
            "\(stream): revision \(found) follows a gap: expected revision \(expected), found \(found)"
        case .duplicate(let stream, let expected, let found):
            "\(stream): revision \(found) appears twice: expected revision \(expected), found \(found)"
        case .outOfOrder(let stream, let expected, let found):
            "\(stream): revision \(found) is out of order: expected revision \(expected), found \(found)"
        case .foreignRecord(let stream, let revision, let recordStream):
            "\(stream): the record at revision \(revision) belongs to the stream \(recordStream)"
        case .foreignSnapshot(let stream, let snapshotStream):
            "\(stream): the snapshot given belongs to the stream \(snapshotStream)"
        case .unreadableEvent(let stream, let revision, let error):
            "\(stream) revision \(revision): \(error)"
        case .invariantViolated(let stream, let revision, let violation):
            "\(stream)\(revision.map { " at revision \($0)" } ?? ""): invariant violated: \(violation)"
        case .snapshotNotWritable(let stream, let reason):
            "\(stream): cannot write a snapshot: \(reason)"
        case .invalidRecord(let file, 0, let reason): "\(file): \(reason)"
        case .invalidRecord(let file, let line, let reason):
            "\(file):\(line): invalid record: \(reason)"
        }
    }
}

/// Why an ``EventStream`` stopped: the record it was at, where it came from, and what went wrong.
///
/// A struct with a ``Reason``, so that new kinds of failure do not break an exhaustive `switch`.
public struct EventStreamError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Sendable, Equatable {
        /// The source could not be read: a file that does not open, an upstream sequence that threw,
        /// a line past the length limit.
        case unreadableSource(String)
        /// A record is not in its shape: a JSON Lines line that is not a record.
        case invalidRecord(String)
        /// The reader could not read the stored event (an envelope without a version, a payload that
        /// is not JSON, an upcaster that failed, a payload that does not decode, a policy of `.error`).
        case unreadableEvent(UpcastingError)
    }

    /// The source, as given to the stream: a file's path, or `-`.
    public var source: String
    /// The record's number in the source, from 1: the line for JSON Lines; 0 before the first record.
    public var record: Int
    /// What went wrong.
    public var reason: Reason

    /// Creates an error.
    public init(source: String, record: Int, reason: Reason) {
        self.source = source
        self.record = record
        self.reason = reason
    }

    /// The failure's kind, as the `kind` dimension of ``ReadMetrics/Name/readFailures`` names it:
    /// `unreadable_source`, `invalid_record`, `invalid_envelope`, `invalid_payload`,
    /// `unknown_event_type`, `unknown_version`, `upcast_failed`, `decoding_failed`, or `catalog`
    /// (an error of the catalog itself, which a loaded chain does not raise while reading).
    public var kind: String {
        switch reason {
        case .unreadableSource: "unreadable_source"
        case .invalidRecord: "invalid_record"
        case .unreadableEvent(let error): Self.kind(of: error)
        }
    }

    static func kind(of error: UpcastingError) -> String {
        switch error {
        case .invalidEnvelope: "invalid_envelope"
        case .invalidPayload: "invalid_payload"
        case .unknownEventType: "unknown_event_type"
        case .unknownVersion: "unknown_version"
        case .decodingFailed: "decoding_failed"
        case .stepFailed, .stepOutputInvalid, .needsEventList, .missingSwiftUpcaster, .invalidChain: "upcast_failed"
        case .schema, .invalidFolderLayout, .invalidUpcaster, .bundleMismatch: "catalog"
        }
    }

    /// One line: `orders.jsonl:3: OrderPlaced (stored as v1): #/total: missing key "currency"`.
    public var description: String {
        let place = record == 0 ? source : "\(source):\(record)"
        return switch reason {
        case .unreadableSource(let why): "\(place): \(why)"
        case .invalidRecord(let why): "\(place): invalid record: \(why)"
        case .unreadableEvent(let error): "\(place): \(error)"
        }
    }
}

import EventSchema
import Foundation

/// A stored event as EventStoreDB and KurrentDB keep it (their clients' `RecordedEvent`, inside a
/// `ResolvedEvent`): stream id, event id, event type, stream revision from 0, JSON data and JSON
/// metadata. The store has no schema version, so it is read from the metadata, under
/// ``versionKey`` (`schemaVersion` by default), as ``EventEnvelope/record(eventType:metadata:payload:versionKey:position:)`` reads it.
///
/// In JSON Lines, one record a line, with the field names of KurrentDB's clients:
///
/// ```json
/// {"streamId": "order-ord_7Kq2XbN9wR", "id": "3f0a5f6e-2f55-4c1e-9d8e-0f7f4a1c2b3d", "revision": 0, "type": "OrderPlaced", "data": {…}, "metadata": {"schemaVersion": 1}}
/// ```
public struct KurrentRecord: StreamRecord, Equatable {
    /// The stream id.
    public var streamId: String
    /// The event id, a UUID the writer chose.
    public var id: String
    /// The stream revision, from 0.
    public var revision: Int64
    /// The event type, such as `OrderPlaced`.
    public var type: String
    /// The data, as JSON bytes.
    public var data: [UInt8]
    /// The metadata, as JSON bytes; it holds the schema version.
    public var metadata: [UInt8]
    /// The metadata key that holds the schema version.
    public var versionKey: String

    /// The stream id.
    public var stream: String { streamId }

    /// Creates a record.
    public init(streamId: String, id: String, revision: Int64, type: String, data: [UInt8], metadata: [UInt8],
                versionKey: String = "schemaVersion") {
        self.streamId = streamId
        self.id = id
        self.revision = revision
        self.type = type
        self.data = data
        self.metadata = metadata
        self.versionKey = versionKey
    }

    /// The record as a plain row, with the version from its metadata.
    ///
    /// - Throws: ``UpcastingError/invalidEnvelope(reason:)`` when the metadata is not JSON or has no version.
    public func row() throws(UpcastingError) -> StreamRow {
        let meta: JSONValue
        do { meta = try JSONValue(parsing: metadata) } catch { throw .invalidEnvelope(reason: "\(type): metadata is not JSON: \(error)") }
        let version = try EventEnvelope.schemaVersion(in: meta, key: versionKey, eventType: type)
        return StreamRow(stream: streamId, revision: revision, eventType: type, version: version, payload: data)
    }
}

extension KurrentRecord {
    /// Reads one JSON line: an object with `streamId`, `id`, `revision`, `type`, `data` and
    /// `metadata` (both JSON values, not strings).
    ///
    /// - Throws: ``RebuildError/invalidRecord(file:line:reason:)`` naming what is missing, with the
    ///   given `file` and `line`.
    public init(jsonLine bytes: some Collection<UInt8>, versionKey: String = "schemaVersion",
                file: String = "-", line: Int = 1) throws(RebuildError) {
        func invalid(_ reason: String) -> RebuildError { .invalidRecord(file: file, line: line, reason: reason) }
        let value: JSONValue
        do { value = try JSONValue(parsing: bytes) } catch { throw invalid("not JSON: \(error)") }
        guard case .object = value else { throw invalid("a record is a JSON object") }
        func text(_ key: String) throws(RebuildError) -> String {
            guard case .string(let text)? = value[key] else { throw invalid("#/\(key): expected a string") }
            return text
        }
        let streamId = try text("streamId"), id = try text("id"), type = try text("type")
        guard case .number(let number)? = value["revision"], let revision = try? number.int64(), revision >= 0 else {
            throw invalid("#/revision: expected an integer from 0 to \(Int64.max)")
        }
        guard let data = value["data"] else { throw invalid("#/data: missing") }
        guard let metadata = value["metadata"] else { throw invalid("#/metadata: missing") }
        self.init(streamId: streamId, id: id, revision: revision, type: type, data: data.serializedBytes(),
                  metadata: metadata.serializedBytes(), versionKey: versionKey)
    }

    /// Reads a JSON Lines file of records, one a line; blank lines are skipped.
    ///
    /// - Throws: ``RebuildError/invalidRecord(file:line:reason:)`` naming the file and line, also
    ///   when the file cannot be read.
    public static func jsonLines(file: String, versionKey: String = "schemaVersion") throws(RebuildError) -> [KurrentRecord] {
        guard let contents = FileManager.default.contents(atPath: file) else {
            throw .invalidRecord(file: file, line: 0, reason: "cannot read the file")
        }
        var records: [KurrentRecord] = []
        for (index, line) in [UInt8](contents).split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { continue }
            records.append(try KurrentRecord(jsonLine: line, versionKey: versionKey, file: file, line: index + 1))
        }
        return records
    }
}

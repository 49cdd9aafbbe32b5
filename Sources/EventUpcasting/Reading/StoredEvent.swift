import EventSchema
import Foundation

/// An event as stored: its type, the schema version it was written with, and its payload.
public struct StoredEvent: Sendable, Equatable {
    /// The event type, such as `OrderPlaced`.
    public var eventType: String
    /// The version of the schema the payload was written with.
    public var version: Int
    /// The payload.
    public var payload: JSONValue
    /// Metadata that came with the event, if any.
    public var metadata: JSONValue?
    /// The event's position in its store (a stream revision or global sequence), if known. Every
    /// event an upcaster splits this one into keeps it.
    public var position: Int64?
    /// Which of the events split from one stored event this is, from 0; 0 for an event that was
    /// not split. Together with ``position`` it orders split events without renumbering the store.
    public var subIndex: Int

    /// Creates a stored event.
    public init(eventType: String, version: Int, payload: JSONValue, metadata: JSONValue? = nil,
                position: Int64? = nil, subIndex: Int = 0) {
        self.eventType = eventType
        self.version = version
        self.payload = payload
        self.metadata = metadata
        self.position = position
        self.subIndex = subIndex
    }
}

/// Reading stored events out of the envelopes event stores and brokers put them in.
public enum EventEnvelope {
    /// A CloudEvents JSON event in structured mode: `type`, `dataschema` naming the event type and
    /// version (`…/OrderPlaced/2.json`, `…/OrderPlaced/2` or `…/OrderPlaced/versions/2`), `data`.
    ///
    /// - Throws: ``UpcastingError/invalidEnvelope(reason:)`` naming what is missing.
    public static func cloudEvent(_ bytes: some Collection<UInt8>) throws(UpcastingError) -> StoredEvent {
        let event: JSONValue
        do { event = try JSONValue(parsing: bytes) } catch { throw .invalidEnvelope(reason: "not JSON: \(error)") }
        guard case .string(let type)? = event["type"] else { throw .invalidEnvelope(reason: "the CloudEvent has no type") }
        guard case .string(let schema)? = event["dataschema"] else {
            throw .invalidEnvelope(reason: "the CloudEvent \(type) has no dataschema naming its version")
        }
        guard let (named, version) = typeAndVersion(in: schema) else {
            throw .invalidEnvelope(reason: "dataschema \(schema) does not end in <EventType>/<version>")
        }
        guard let data = event["data"] else { throw .invalidEnvelope(reason: "the CloudEvent \(type) has no data") }
        var metadata = event.object ?? JSONObject()
        metadata.removeValue(forKey: "data")
        return StoredEvent(eventType: named, version: version, payload: data, metadata: .object(metadata))
    }

    /// An event store record: the type from the store, the version in its metadata under `versionKey`,
    /// and the record's position in the store, if the caller has it.
    public static func record(eventType: String, metadata: some Collection<UInt8>, payload: some Collection<UInt8>,
                              versionKey: String = "schemaVersion", position: Int64? = nil) throws(UpcastingError) -> StoredEvent {
        let meta: JSONValue
        do { meta = try JSONValue(parsing: metadata) } catch { throw .invalidEnvelope(reason: "\(eventType): metadata is not JSON: \(error)") }
        let version = try schemaVersion(in: meta, key: versionKey, eventType: eventType)
        let data: JSONValue
        do { data = try JSONValue(parsing: payload) } catch { throw .invalidEnvelope(reason: "\(eventType) v\(version): payload is not JSON: \(error)") }
        return StoredEvent(eventType: eventType, version: version, payload: data, metadata: meta, position: position)
    }

    /// A payload that carries its own version in the field `versionField`; the field is left in place.
    public static func versionField(eventType: String, payload: some Collection<UInt8>,
                                    versionField: String = "schemaVersion") throws(UpcastingError) -> StoredEvent {
        let data: JSONValue
        do { data = try JSONValue(parsing: payload) } catch { throw .invalidEnvelope(reason: "\(eventType): payload is not JSON: \(error)") }
        guard let version = positiveInteger(data[versionField]) else {
            throw .invalidEnvelope(reason: "\(eventType): the payload has no \(versionField)")
        }
        return StoredEvent(eventType: eventType, version: version, payload: data)
    }

    /// Confluent's wire format: magic byte 0, a 4-byte big-endian schema id, then the JSON payload.
    ///
    /// - Parameters:
    ///   - bytes: the message: the magic byte, the schema id, then the payload's JSON.
    ///   - schemas: the event type and version of each registry schema id.
    public static func wireFormat(_ bytes: [UInt8], schemas: [Int: (eventType: String, version: Int)]) throws(UpcastingError) -> StoredEvent {
        guard bytes.count >= 5 else { throw .invalidEnvelope(reason: "shorter than the 5-byte wire header") }
        guard bytes[0] == 0 else { throw .invalidEnvelope(reason: "magic byte is \(bytes[0]), not 0") }
        let id = Int(bytes[1]) << 24 | Int(bytes[2]) << 16 | Int(bytes[3]) << 8 | Int(bytes[4])
        guard let (eventType, version) = schemas[id] else { throw .invalidEnvelope(reason: "schema id \(id) is not in the catalog") }
        let data: JSONValue
        do { data = try JSONValue(parsing: bytes[5...]) } catch { throw .invalidEnvelope(reason: "\(eventType) v\(version): payload is not JSON: \(error)") }
        return StoredEvent(eventType: eventType, version: version, payload: data)
    }

    /// The wire header for a schema id, for writing.
    public static func wireHeader(schemaID: Int) -> [UInt8] {
        [0, UInt8(schemaID >> 24 & 0xFF), UInt8(schemaID >> 16 & 0xFF), UInt8(schemaID >> 8 & 0xFF), UInt8(schemaID & 0xFF)]
    }

    /// The schema version an event store record's metadata holds under `key`.
    static func schemaVersion(in metadata: JSONValue, key: String, eventType: String) throws(UpcastingError) -> Int {
        guard let version = positiveInteger(metadata[key]) else {
            throw .invalidEnvelope(reason: "\(eventType): the metadata has no \(key)")
        }
        return version
    }

    static func positiveInteger(_ value: JSONValue?) -> Int? {
        switch value {
        case .number(let number)?: (try? number.int64()).flatMap { $0 >= 1 ? Int($0) : nil }
        case .string(let text)?: Int(text).flatMap { $0 >= 1 ? $0 : nil }
        default: nil
        }
    }

    static func typeAndVersion(in schema: String) -> (String, Int)? {
        var parts = schema.split(separator: "/").map(String.init)
        if let last = parts.last, last.hasSuffix(".json") { parts[parts.count - 1] = String(last.dropLast(5)) }
        guard parts.count >= 2, let version = Int(parts[parts.count - 1]), version >= 1 else { return nil }
        var type = parts[parts.count - 2]
        if type == "versions", parts.count >= 3 { type = parts[parts.count - 3] }
        return SchemaFolder.isValidEventType(type) ? (type, version) : nil
    }
}

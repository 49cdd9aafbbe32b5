import EventSchema
import Logging

/// The shape of the records in a JSON Lines source.
public enum JSONLinesRecords: Sendable {
    /// KurrentDB-style records (``KurrentRecord/init(jsonLine:versionKey:file:line:)``), the version
    /// in their metadata under `versionKey`.
    case kurrent(versionKey: String = "schemaVersion")
    /// CloudEvents in structured mode (``EventEnvelope/cloudEvent(_:)``), one a line.
    case cloudEvents
}

extension EventReader {
    /// A suggested label for the logger a consumer gives streams and rebuilds; the library never
    /// makes a logger of its own, so with none given it logs nothing.
    public static let loggerLabel = "strata.event-upcasting"

    /// Reads records of a stream or table (``StreamRow``, ``KurrentRecord`` or any ``StreamRecord``)
    /// as the consumer iterates; each record's revision becomes its ``StoredEvent/position``.
    ///
    /// ```swift
    /// for try await outcome in reader.events(from: rows) { … }   // rows: some AsyncSequence of StreamRow
    /// ```
    ///
    /// - Parameters:
    ///   - records: the records, pulled one at a time as the stream is iterated.
    ///   - source: names the source in errors and warnings.
    ///   - metrics: where to count reads, steps, upcast time and failures; nil for none.
    ///   - logger: where skipped events are reported; nil (the default) logs nothing.
    public func events<Records: AsyncSequence>(from records: Records, source: String = "-", metrics: ReadMetrics? = nil,
                                               logger: Logger? = nil) -> EventStream<Records>
    where Records.Element: StreamRecord {
        EventStream(records: records, source: source, reader: self, metrics: metrics, logger: logger) { record, ordinal in
            Result { () throws(EventStreamError) -> StreamedEvent? in
                do throws(UpcastingError) {
                    let row = try record.row()
                    return .bytes(StoredBytes(eventType: row.eventType, version: row.version, payload: row.payload, position: row.revision))
                } catch {
                    throw EventStreamError(source: source, record: ordinal, reason: .unreadableEvent(error))
                }
            }
        }
    }

    /// Reads stored events, already parsed (from an envelope, a broker's message), as the consumer
    /// iterates.
    ///
    /// - Parameters:
    ///   - events: the stored events, pulled one at a time as the stream is iterated.
    ///   - source: names the source in errors and warnings.
    ///   - metrics: where to count reads, steps, upcast time and failures; nil for none.
    ///   - logger: where skipped events are reported; nil (the default) logs nothing.
    public func events<Events: AsyncSequence>(from events: Events, source: String = "-", metrics: ReadMetrics? = nil,
                                              logger: Logger? = nil) -> EventStream<Events>
    where Events.Element == StoredEvent {
        EventStream(records: events, source: source, reader: self, metrics: metrics, logger: logger) { event, _ in .success(.stored(event)) }
    }

    /// Reads CloudEvents, each element one event's JSON bytes in structured mode, as the consumer
    /// iterates (`messages.map { Array($0) }` for other kinds of bytes).
    ///
    /// - Parameters:
    ///   - messages: each message's bytes, pulled one at a time as the stream is iterated.
    ///   - source: names the source in errors and warnings.
    ///   - metrics: where to count reads, steps, upcast time and failures; nil for none.
    ///   - logger: where skipped events are reported; nil (the default) logs nothing.
    public func events<Messages: AsyncSequence>(cloudEvents messages: Messages, source: String = "-", metrics: ReadMetrics? = nil,
                                                logger: Logger? = nil) -> EventStream<Messages>
    where Messages.Element == [UInt8] {
        EventStream(records: messages, source: source, reader: self, metrics: metrics, logger: logger) { bytes, ordinal in
            Result { () throws(EventStreamError) -> StreamedEvent? in
                do throws(UpcastingError) { return .stored(try EventEnvelope.cloudEvent(bytes)) } catch {
                    throw EventStreamError(source: source, record: ordinal, reason: .unreadableEvent(error))
                }
            }
        }
    }

    /// Reads JSON Lines that arrive in chunks (``FileChunks`` for a file), one record a line, as the
    /// consumer iterates: a chunk is read only when the lines before it are consumed. Blank lines
    /// are passed over; errors name the line.
    ///
    /// ```swift
    /// let path = "Examples/Aggregates/orders.jsonl"
    /// for try await outcome in reader.events(jsonLines: FileChunks(path: path), source: path) { … }
    /// ```
    ///
    /// - Parameters:
    ///   - chunks: the bytes, in chunks of any size; a line may span chunks.
    ///   - records: the records' shape; KurrentDB-style records by default.
    ///   - source: names the source in errors and warnings.
    ///   - metrics: where to count reads, steps, upcast time and failures; nil for none.
    ///   - logger: where skipped events are reported; nil (the default) logs nothing.
    public func events<Chunks: AsyncSequence>(jsonLines chunks: Chunks, records: JSONLinesRecords = .kurrent(),
                                              source: String = "-", metrics: ReadMetrics? = nil,
                                              logger: Logger? = nil) -> EventStream<JSONLines<Chunks>>
    where Chunks.Element: Collection<UInt8> {
        EventStream(records: JSONLines(chunks, source: source), source: source, reader: self, metrics: metrics, logger: logger) { line, _ in
            Result { () throws(EventStreamError) -> StreamedEvent? in
                guard !line.isBlank else { return nil }
                switch records {
                case .cloudEvents:
                    do throws(UpcastingError) { return .stored(try EventEnvelope.cloudEvent(line.bytes)) } catch {
                        throw EventStreamError(source: source, record: line.number, reason: .unreadableEvent(error))
                    }
                case .kurrent(let versionKey):
                    let record: KurrentRecord
                    do throws(RebuildError) {
                        record = try KurrentRecord(jsonLine: line.bytes, versionKey: versionKey, file: source, line: line.number)
                    } catch {
                        let reason = switch error {
                        case .invalidRecord(_, _, let reason): reason
                        default: "\(error)"
                        }
                        throw EventStreamError(source: source, record: line.number, reason: .invalidRecord(reason))
                    }
                    do throws(UpcastingError) { return .bytes(try record.storedBytes()) } catch {
                        throw EventStreamError(source: source, record: line.number, reason: .unreadableEvent(error))
                    }
                }
            }
        }
    }
}

extension StreamRow {
    /// The row as a stored event, its revision as the position.
    ///
    /// - Throws: ``UpcastingError/invalidPayload(eventType:version:error:)`` when the payload is not JSON.
    public func storedEvent() throws(UpcastingError) -> StoredEvent {
        let value: JSONValue
        do { value = try JSONValue(parsing: payload) } catch {
            throw .invalidPayload(eventType: eventType, version: version, error: error)
        }
        return StoredEvent(eventType: eventType, version: version, payload: value, position: revision)
    }
}

extension KurrentRecord {
    /// The record as a stored event whose payload is still its data's bytes: the metadata parsed
    /// for its version, the revision as the position.
    ///
    /// - Throws: as ``storedEvent()`` for the metadata; the data is parsed when it is read.
    func storedBytes() throws(UpcastingError) -> StoredBytes {
        let meta: JSONValue
        do { meta = try JSONValue(parsing: metadata) } catch { throw .invalidEnvelope(reason: "\(type): metadata is not JSON: \(error)") }
        let version = try EventEnvelope.schemaVersion(in: meta, key: versionKey, eventType: type)
        return StoredBytes(eventType: type, version: version, payload: data, metadata: meta, position: revision)
    }

    /// The record as a stored event: its data, the metadata that holds its version, its revision as
    /// the position.
    ///
    /// - Throws: ``UpcastingError/invalidEnvelope(reason:)`` when the metadata has no version, or the
    ///   metadata or data is not JSON.
    public func storedEvent() throws(UpcastingError) -> StoredEvent {
        try EventEnvelope.record(eventType: type, metadata: metadata, payload: data, versionKey: versionKey, position: revision)
    }
}

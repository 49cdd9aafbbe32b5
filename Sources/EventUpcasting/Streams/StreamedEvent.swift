import EventSchema

/// A stored event as a stream hands it to its iterator: already a `JSONValue` (a CloudEvent's
/// data, a ``StoredEvent`` given as such), or still its payload's bytes (a row, a record), which
/// the iterator reads on the flat tree when the chain allows.
enum StreamedEvent: Sendable {
    case stored(StoredEvent)
    case bytes(StoredBytes)

    /// The event type as stored.
    var eventType: String {
        switch self {
        case .stored(let event): event.eventType
        case .bytes(let event): event.eventType
        }
    }

    /// The version the payload was written with.
    var version: Int {
        switch self {
        case .stored(let event): event.version
        case .bytes(let event): event.version
        }
    }
}

/// A stored event whose payload is still its JSON bytes.
struct StoredBytes: Sendable {
    var eventType: String
    var version: Int
    var payload: [UInt8]
    var metadata: JSONValue?
    var position: Int64?

    /// The event with its payload parsed into a `JSONValue`, for the reads that need one.
    ///
    /// - Throws: ``UpcastingError/invalidPayload(eventType:version:error:)`` when the payload is not JSON.
    func storedEvent() throws(UpcastingError) -> StoredEvent {
        let value: JSONValue
        do { value = try JSONValue(parsing: payload) } catch {
            throw .invalidPayload(eventType: eventType, version: version, error: error)
        }
        return StoredEvent(eventType: eventType, version: version, payload: value, metadata: metadata, position: position)
    }
}

extension EventReader {
    /// Whether `event` can be read on the flat tree with the outcome the `JSONValue` way gives: its
    /// type is registered (the unknown-type policy does not come into it), its version is not newer
    /// than the catalog's (nor the newer-version policy), and its chain keeps one event of the same
    /// type with compiled steps alone.
    func readsOnTree(_ event: StoredBytes) -> Bool {
        guard types.decoder(for: event.eventType) != nil else { return false }
        if let current = chain.currentVersions[event.eventType], event.version > current { return false }
        return chain.upcastsOnTree(eventType: event.eventType, from: event.version, to: targetVersions[event.eventType])
    }

    /// Parses `event`'s payload into `tree`, in place of what it held.
    ///
    /// - Throws: ``UpcastingError/invalidPayload(eventType:version:error:)`` when it is not JSON.
    func parse(_ event: StoredBytes, into tree: inout PayloadTree) throws(UpcastingError) {
        do {
            try tree.parse(event.payload)
        } catch {
            throw .invalidPayload(eventType: event.eventType, version: event.version, error: error)
        }
    }

    /// Upcasts `event`'s payload, parsed into `tree`, to the version it is read at.
    func upcast(_ tree: inout PayloadTree, of event: StoredBytes) throws(UpcastingError) {
        try chain.upcastIfKnown(&tree, eventType: event.eventType, from: event.version, to: targetVersions[event.eventType])
    }

    /// Decodes the upcast `tree` of `event` into its registered type (see ``readsOnTree(_:)``).
    func decode(_ tree: PayloadTree, of event: StoredBytes) throws(UpcastingError) -> Outcome {
        guard let decode = types.decoder(for: event.eventType) else { throw .unknownEventType(event.eventType) }
        switch decode(tree, decoder) {
        case .success(let value):
            return .event(ReadEvent(eventType: event.eventType, value: value, metadata: event.metadata,
                                    position: event.position, subIndex: 0))
        case .failure(let failure):
            throw .decodingFailed(eventType: event.eventType, version: event.version, failure: failure)
        }
    }
}

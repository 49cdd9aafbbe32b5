import EventSchema

/// The Swift types of event types, by name, for reading (and, by type, for writing).
///
/// ```swift
/// var types = EventTypeMap()
/// types.register(OrderPlaced.self, as: "OrderPlaced")
/// types.name(of: OrderPlaced.self)   // "OrderPlaced"
/// ```
public struct EventTypeMap: Sendable {
    /// Decodes a payload, as a tree, into the type registered for a name. A `JSONValue` payload is
    /// read through the same decoder, as `PayloadTree(value)`, so both read the same way.
    typealias Decode = @Sendable (PayloadTree, JSONValueDecoder) -> Result<any Sendable, DecodingFailure>
    private var decoders: [String: Decode] = [:]
    private var names: [ObjectIdentifier: String] = [:]

    /// Creates an empty map.
    public init() {}

    /// Maps `name` to `type`, the struct a current-version payload decodes into.
    public mutating func register<Event: Decodable & Sendable>(_ type: Event.Type, as name: String) {
        decoders[name] = { tree, decoder in
            Result { () throws(DecodingFailure) -> any Sendable in try decoder.decode(Event.self, from: tree) }
        }
        names[ObjectIdentifier(type)] = name
    }

    /// Maps `name` to `type`, read through its ``PayloadDecodable/init(payload:)``.
    public mutating func register<Event: PayloadDecodable & Sendable>(_ type: Event.Type, as name: String) {
        decoders[name] = { tree, decoder in
            Result { () throws(DecodingFailure) -> any Sendable in
                try tree.decode(Event.self, dateStrategy: decoder.dateDecodingStrategy)
            }
        }
        names[ObjectIdentifier(type)] = name
    }

    /// The event type name a Swift type is registered as.
    public func name(of type: Any.Type) -> String? { names[ObjectIdentifier(type)] }

    func decoder(for name: String) -> Decode? { decoders[name] }
}

/// One event read as its current typed value, with where it came from in the store.
public struct ReadEvent: Sendable {
    /// The event type of the value (after any type rename).
    public var eventType: String
    /// The current typed value, of the Swift type the type map registers for ``eventType``.
    public var value: any Sendable
    /// The stored event's metadata.
    public var metadata: JSONValue?
    /// The stored event's position in its store, if known; every event split from it shares it.
    public var position: Int64?
    /// Which of the events split from one stored event this is, from 0.
    public var subIndex: Int
}

/// Reads stored events of any version as current typed values: upcasts through the chain, then
/// decodes straight from the JSON value.
///
/// ```swift
/// let reader = EventReader(chain: chain, types: types)
/// for outcome in try reader.read(EventEnvelope.cloudEvent(bytes)) {
///     if case .event(let event) = outcome, let order = event.value as? OrderPlaced { handle(order) }
/// }
/// ```
public struct EventReader: Sendable {
    /// What to do with an event whose type the type map does not know.
    public enum UnknownTypePolicy: Sendable { case error, skip, passThrough }
    /// What to do with an event newer than the catalog's current version (written by a newer producer).
    public enum NewerVersionPolicy: Sendable { case error, skip, passThrough }

    /// What reading gave for one event (one stored event gives several when an upcaster splits it).
    public enum Outcome: Sendable {
        /// The current typed value.
        case event(ReadEvent)
        /// Left out under a policy, with why.
        case skipped(StoredEvent, reason: String)
        /// Passed through untouched under a policy (after upcasting, for an unknown type the
        /// catalog could upcast).
        case raw(StoredEvent)
    }

    /// The upcasters.
    public let chain: UpcasterChain
    /// The Swift types.
    public let types: EventTypeMap
    /// The policy for unknown event types; `.error` by default.
    public var unknownType: UnknownTypePolicy
    /// The policy for versions newer than the catalog's; `.error` by default.
    public var newerVersion: NewerVersionPolicy
    /// The decoder.
    public var decoder: JSONValueDecoder
    /// The version each event type is read at, when not the catalog's current one: a consumer
    /// rolled back to its v2 struct sets `["OrderPlaced": 2]` and reads v3 events through the
    /// downcasters (`3-to-2.yaml`), and v1 events through the upcasters as far as v2. Empty by default.
    public var targetVersions: [String: Int]

    /// Creates a reader.
    public init(chain: UpcasterChain, types: EventTypeMap, unknownType: UnknownTypePolicy = .error,
                newerVersion: NewerVersionPolicy = .error, decoder: JSONValueDecoder = JSONValueDecoder(),
                targetVersions: [String: Int] = [:]) {
        self.chain = chain
        self.types = types
        self.unknownType = unknownType
        self.newerVersion = newerVersion
        self.decoder = decoder
        self.targetVersions = targetVersions
    }

    /// Reads `stored` as its current typed value — or values, in order, when an upcaster splits
    /// it — or as its policy says.
    ///
    /// - Throws: ``UpcastingError`` naming type, version, step and pointer.
    /// - Complexity: one pass per upcaster on the path, then one decode per event.
    public func read(_ stored: StoredEvent) throws(UpcastingError) -> [Outcome] {
        switch try upcast(stored) {
        case .decided(let outcome): [outcome]
        case .upcast(let events): try decode(events, storedVersion: stored.version)
        }
    }

    /// What upcasting one stored event gave: the events to decode, or the outcome a policy chose.
    enum Upcast {
        case upcast([StoredEvent])
        case decided(Outcome)
    }

    /// The first half of ``read(_:)``: the newer-version policy, then the chain (to the current
    /// version or the ``targetVersions`` entry). The stream layer times this half on its own.
    func upcast(_ stored: StoredEvent) throws(UpcastingError) -> Upcast {
        guard let current = chain.currentVersions[stored.eventType] else {
            return .upcast([stored])  // no schemas for it: the payload is read as it is
        }
        if stored.version > current {
            switch newerVersion {
            case .error: throw .unknownVersion(eventType: stored.eventType, version: stored.version)
            case .skip: return .decided(.skipped(stored, reason: "v\(stored.version) is newer than the current v\(current)"))
            case .passThrough: return .decided(.raw(stored))
            }
        }
        guard let target = targetVersions[stored.eventType] else { return .upcast(try chain.upcast(stored)) }
        var event = stored
        try chain.upcast(&event.payload, eventType: stored.eventType, from: stored.version, to: target)
        event.version = target
        return .upcast([event])
    }

    /// The second half of ``read(_:)``: each upcast event decoded, or as the unknown-type policy says.
    func decode(_ upcast: [StoredEvent], storedVersion: Int) throws(UpcastingError) -> [Outcome] {
        var outcomes: [Outcome] = []
        outcomes.reserveCapacity(upcast.count)
        for event in upcast {
            guard let decode = types.decoder(for: event.eventType) else {
                switch unknownType {
                case .error: throw .unknownEventType(event.eventType)
                case .skip: outcomes.append(.skipped(event, reason: "unknown event type")); continue
                case .passThrough: outcomes.append(.raw(event)); continue
                }
            }
            switch decode(PayloadTree(event.payload), decoder) {
            case .success(let value):
                outcomes.append(.event(ReadEvent(eventType: event.eventType, value: value, metadata: event.metadata,
                                                 position: event.position, subIndex: event.subIndex)))
            case .failure(let failure):
                throw .decodingFailed(eventType: event.eventType, version: storedVersion, failure: failure)
            }
        }
        return outcomes
    }

    /// Reads `stored` as `Event`, upcasting it first; for event types whose upcasters keep one
    /// event of the same type.
    ///
    /// - Throws: ``UpcastingError/needsEventList(eventType:version:reason:)`` when an upcaster
    ///   splits the event or renames its type; read it with ``read(_:)``.
    public func read<Event: Decodable>(_ stored: StoredEvent, as type: Event.Type) throws(UpcastingError) -> Event {
        let payload = try upcastPayload(stored)
        do {
            return try decoder.decode(Event.self, from: payload)
        } catch {
            throw .decodingFailed(eventType: stored.eventType, version: stored.version, failure: error)
        }
    }

    /// Reads a stored payload, given as its bytes, as `Event`: the read path with no `JSONValue`
    /// in it. The bytes are parsed into one flat buffer, upcast in place and decoded from there;
    /// a payload already at the current version is decoded directly.
    ///
    /// ```swift
    /// let order = try reader.read(OrderPlaced.self, eventType: "OrderPlaced", version: 1, payload: row.data)
    /// ```
    ///
    /// The outcome is the same as parsing the bytes into a `JSONValue` and reading that with
    /// `read(_:as:)`, errors included.
    ///
    /// - Throws: ``UpcastingError/invalidPayload(eventType:version:error:)`` when the bytes are not
    ///   JSON, ``UpcastingError/needsEventList(eventType:version:reason:)`` when an upcaster on the
    ///   way splits the event or renames its type, and otherwise as `read(_:as:)`.
    public func read<Event: Decodable>(_ type: Event.Type, eventType: String, version: Int,
                                       payload: some Collection<UInt8>) throws(UpcastingError) -> Event {
        let tree = try upcastTree(eventType: eventType, version: version, payload: payload)
        do {
            return try decoder.decode(Event.self, from: tree)
        } catch {
            throw .decodingFailed(eventType: eventType, version: version, failure: error)
        }
    }

    /// Reads a stored payload, given as its bytes, as `Event` through its
    /// ``PayloadDecodable/init(payload:)``: the fastest read path, with the same outcome as the
    /// `Decodable` one when the two initializers agree.
    ///
    /// ```swift
    /// let order = try reader.read(OrderPlaced.self, eventType: "OrderPlaced", version: 1, payload: row.data)
    /// ```
    ///
    /// - Throws: as the `Decodable` variant of this method.
    public func read<Event: PayloadDecodable>(_ type: Event.Type, eventType: String, version: Int,
                                              payload: some Collection<UInt8>) throws(UpcastingError) -> Event {
        let tree = try upcastTree(eventType: eventType, version: version, payload: payload)
        do {
            return try tree.decode(Event.self, dateStrategy: decoder.dateDecodingStrategy)
        } catch {
            throw .decodingFailed(eventType: eventType, version: version, failure: error)
        }
    }

    /// Reads `stored` as `Event` through its ``PayloadDecodable/init(payload:)``, upcasting it
    /// first; for event types whose upcasters keep one event of the same type.
    ///
    /// - Throws: as the `Decodable` variant of this method.
    public func read<Event: PayloadDecodable>(_ stored: StoredEvent, as type: Event.Type) throws(UpcastingError) -> Event {
        let payload = try upcastPayload(stored)
        do {
            return try PayloadTree(payload).decode(Event.self, dateStrategy: decoder.dateDecodingStrategy)
        } catch {
            throw .decodingFailed(eventType: stored.eventType, version: stored.version, failure: error)
        }
    }

    /// The stored event's payload upcast to the current version (or its ``targetVersions`` entry).
    private func upcastPayload(_ stored: StoredEvent) throws(UpcastingError) -> JSONValue {
        var payload = stored.payload
        if chain.currentVersions[stored.eventType] != nil {
            try chain.upcast(&payload, eventType: stored.eventType, from: stored.version, to: targetVersions[stored.eventType])
        }
        return payload
    }

    /// The stored payload's bytes parsed into a tree and upcast to the current version (or its
    /// ``targetVersions`` entry, through the downcasters for an older one).
    private func upcastTree(eventType: String, version: Int, payload: some Collection<UInt8>) throws(UpcastingError) -> PayloadTree {
        var tree = PayloadTree()
        var lastPlan: LastReadPlan?
        try upcast(into: &tree, eventType: eventType, version: version, payload: payload, lastPlan: &lastPlan)
        return tree
    }

    /// Parses the stored payload's bytes into `tree`, in place of what it held, and upcasts it
    /// there; `lastPlan` is the plan the read before used (see ``ReadBuffers``).
    private func upcast(into tree: inout PayloadTree, eventType: String, version: Int,
                        payload: some Collection<UInt8>, lastPlan: inout LastReadPlan?) throws(UpcastingError) {
        do {
            try tree.parse(payload)
        } catch {
            throw .invalidPayload(eventType: eventType, version: version, error: error)
        }
        try chain.upcastIfKnown(&tree, eventType: eventType, from: version, to: targetVersions[eventType], lastPlan: &lastPlan)
    }

    // MARK: Reading with kept buffers

    /// Reads a stored payload, given as its bytes, as `Event`, as
    /// `read(_:eventType:version:payload:)` does, in `buffers` kept from one read to the next.
    ///
    /// ```swift
    /// var buffers = ReadBuffers()
    /// for row in rows {
    ///     let order = try reader.read(OrderPlaced.self, eventType: row.type, version: row.version,
    ///                                 payload: row.data, buffers: &buffers)
    /// }
    /// ```
    ///
    /// The outcome is the same, errors included; only the allocations differ.
    ///
    /// - Throws: as `read(_:eventType:version:payload:)`.
    public func read<Event: Decodable>(_ type: Event.Type, eventType: String, version: Int, payload: some Collection<UInt8>,
                                       buffers: inout ReadBuffers) throws(UpcastingError) -> Event {
        defer { buffers.finishRead() }
        try upcast(into: &buffers.tree, eventType: eventType, version: version, payload: payload, lastPlan: &buffers.lastPlan)
        do {
            return try decoder.decode(Event.self, from: buffers.tree)
        } catch {
            throw .decodingFailed(eventType: eventType, version: version, failure: error)
        }
    }

    /// Reads a stored payload, given as its bytes, as `Event` through its
    /// ``PayloadDecodable/init(payload:)``, in `buffers` kept from one read to the next: the
    /// fastest read path for a consumer that reads a stream on one thread.
    ///
    /// - Throws: as `read(_:eventType:version:payload:)`.
    public func read<Event: PayloadDecodable>(_ type: Event.Type, eventType: String, version: Int, payload: some Collection<UInt8>,
                                              buffers: inout ReadBuffers) throws(UpcastingError) -> Event {
        defer { buffers.finishRead() }
        try upcast(into: &buffers.tree, eventType: eventType, version: version, payload: payload, lastPlan: &buffers.lastPlan)
        do {
            return try buffers.tree.decode(Event.self, dateStrategy: decoder.dateDecodingStrategy)
        } catch {
            throw .decodingFailed(eventType: eventType, version: version, failure: error)
        }
    }
}

/// The working memory of a read, kept from one read to the next: pass the same buffers to
/// `EventReader.read(_:eventType:version:payload:buffers:)` for each event of a stream, and a
/// read allocates nothing but the values it returns once the buffers have grown to the payloads'
/// size.
///
/// A read's values never point into the buffers: what a read returns is copied out of them, and
/// the ``PayloadValue``s a ``PayloadDecodable`` type reads from cannot outlive the read (they are
/// non-escapable). Keep one per thread (or task); copies are independent, as for any value.
/// Storage that a large payload made grow beyond 1 MiB is released after its read.
public struct ReadBuffers {
    /// The tree each read parses into.
    var tree = PayloadTree()
    /// The read plan the last read found, so that a stream of one event type looks its type up once.
    var lastPlan: LastReadPlan?

    /// Empty buffers; the first read gives them their size.
    public init() {}

    /// Releases storage a large payload made grow, after a read.
    mutating func finishRead() {
        tree.releaseStorage(beyond: 1 << 20)
    }
}

import EventSchema

/// The Swift types of event types, by name, for reading (and, by type, for writing).
///
/// ```swift
/// var types = EventTypeMap()
/// types.register(OrderPlaced.self, as: "OrderPlaced")
/// types.name(of: OrderPlaced.self)   // "OrderPlaced"
/// ```
public struct EventTypeMap: Sendable {
    typealias Decode = @Sendable (JSONValue, JSONValueDecoder) -> Result<any Sendable, DecodingFailure>
    private var decoders: [String: Decode] = [:]
    private var names: [ObjectIdentifier: String] = [:]

    /// Creates an empty map.
    public init() {}

    /// Maps `name` to `type`, the struct a current-version payload decodes into.
    public mutating func register<Event: Decodable & Sendable>(_ type: Event.Type, as name: String) {
        decoders[name] = { value, decoder in
            Result { () throws(DecodingFailure) -> any Sendable in try decoder.decode(Event.self, from: value) }
        }
        names[ObjectIdentifier(type)] = name
    }

    /// The event type name a Swift type is registered as.
    public func name(of type: Any.Type) -> String? { names[ObjectIdentifier(type)] }

    func decoder(for name: String) -> Decode? { decoders[name] }
}

/// Reads stored events of any version as current typed values: upcasts through the chain, then
/// decodes straight from the JSON value.
///
/// ```swift
/// let reader = EventReader(chain: chain, types: types)
/// switch try reader.read(EventEnvelope.cloudEvent(bytes)) {
/// case .event(let order as OrderPlaced): handle(order)
/// case .event, .skipped, .raw: break
/// }
/// ```
public struct EventReader: Sendable {
    /// What to do with an event whose type the type map does not know.
    public enum UnknownTypePolicy: Sendable { case error, skip, passThrough }
    /// What to do with an event newer than the catalog's current version (written by a newer producer).
    public enum NewerVersionPolicy: Sendable { case error, skip, passThrough }

    /// What reading one stored event gave.
    public enum Outcome: Sendable {
        /// The current typed value.
        case event(any Sendable)
        /// Left out under a policy, with why.
        case skipped(StoredEvent, reason: String)
        /// Passed through untouched under a policy.
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

    /// Creates a reader.
    public init(chain: UpcasterChain, types: EventTypeMap, unknownType: UnknownTypePolicy = .error,
                newerVersion: NewerVersionPolicy = .error, decoder: JSONValueDecoder = JSONValueDecoder()) {
        self.chain = chain
        self.types = types
        self.unknownType = unknownType
        self.newerVersion = newerVersion
        self.decoder = decoder
    }

    /// Reads `stored` as its current typed value, or as its policy says.
    ///
    /// - Throws: ``UpcastingError`` naming type, version, step and pointer.
    /// - Complexity: one pass per upcaster on the path, then one decode.
    public func read(_ stored: StoredEvent) throws(UpcastingError) -> Outcome {
        guard let decode = types.decoder(for: stored.eventType) else {
            switch unknownType {
            case .error: throw .unknownEventType(stored.eventType)
            case .skip: return .skipped(stored, reason: "unknown event type")
            case .passThrough: return .raw(stored)
            }
        }
        if let current = chain.currentVersions[stored.eventType], stored.version > current {
            switch newerVersion {
            case .error: throw .unknownVersion(eventType: stored.eventType, version: stored.version)
            case .skip: return .skipped(stored, reason: "v\(stored.version) is newer than the current v\(current)")
            case .passThrough: return .raw(stored)
            }
        }
        var payload = stored.payload
        if chain.currentVersions[stored.eventType] != nil {
            try chain.upcast(&payload, eventType: stored.eventType, from: stored.version)
        }
        switch decode(payload, decoder) {
        case .success(let event): return .event(event)
        case .failure(let failure): throw .decodingFailed(eventType: stored.eventType, version: stored.version, failure: failure)
        }
    }

    /// Reads `stored` as `Event`, upcasting it first.
    public func read<Event: Decodable>(_ stored: StoredEvent, as type: Event.Type) throws(UpcastingError) -> Event {
        var payload = stored.payload
        if chain.currentVersions[stored.eventType] != nil {
            try chain.upcast(&payload, eventType: stored.eventType, from: stored.version)
        }
        do {
            return try decoder.decode(Event.self, from: payload)
        } catch {
            throw .decodingFailed(eventType: stored.eventType, version: stored.version, failure: error)
        }
    }
}

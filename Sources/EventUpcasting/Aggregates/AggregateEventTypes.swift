/// The event types an aggregate applies: for each, its name in the catalog, its current Swift type
/// and how a value of that type becomes the aggregate's event.
///
/// ```swift
/// static let eventTypes = AggregateEventTypes<OrderEvent>()
///     .on(OrderPlaced.self, as: "OrderPlaced", OrderEvent.placed)
///     .on(OrderShipped.self, as: "OrderShipped", OrderEvent.shipped)
/// ```
///
/// A type conforming to ``PayloadDecodable`` is read through its `init(payload:)`, the fastest
/// path; any other `Decodable` through ``JSONValueDecoder``, as ``EventTypeMap`` does.
public struct AggregateEventTypes<Event: Sendable>: Sendable {
    /// Reads one stored payload's bytes as the event, through ``EventReader``'s typed bytes path.
    typealias ReadBytes = @Sendable (EventReader, String, Int, [UInt8]) throws(UpcastingError) -> Event

    /// How one event type is read and wrapped.
    struct Entry: Sendable {
        /// The typed bytes path.
        let read: ReadBytes
        /// The event for a value the general path (``EventReader/read(_:)``) read.
        let wrap: @Sendable (any Sendable) -> Event?
    }

    private var entries: [String: Entry] = [:]
    /// The same types as an ``EventTypeMap``, for the general read path (an upcaster that splits an
    /// event or renames its type).
    public private(set) var types = EventTypeMap()

    /// Creates an empty list.
    public init() {}

    /// The event type names registered.
    public var names: Set<String> { Set(entries.keys) }

    /// Adds the event type `name`, read as `type` and applied as `make(value)`.
    public mutating func register<Value: Decodable & Sendable>(_ type: Value.Type, as name: String,
                                                               _ make: @escaping @Sendable (Value) -> Event) {
        types.register(type, as: name)
        add(name, make) { reader, eventType, version, payload throws(UpcastingError) in
            try reader.read(Value.self, eventType: eventType, version: version, payload: payload)
        }
    }

    /// Adds the event type `name`, read through `type`'s `init(payload:)` and applied as `make(value)`.
    public mutating func register<Value: PayloadDecodable & Sendable>(_ type: Value.Type, as name: String,
                                                                      _ make: @escaping @Sendable (Value) -> Event) {
        types.register(type, as: name)
        add(name, make) { reader, eventType, version, payload throws(UpcastingError) in
            try reader.read(Value.self, eventType: eventType, version: version, payload: payload)
        }
    }

    /// Adds `name`'s entry: `read` on the bytes path, then `make`.
    private mutating func add<Value: Sendable>(
        _ name: String, _ make: @escaping @Sendable (Value) -> Event,
        read: @escaping @Sendable (EventReader, String, Int, [UInt8]) throws(UpcastingError) -> Value
    ) {
        entries[name] = Entry(
            read: { reader, eventType, version, payload throws(UpcastingError) in make(try read(reader, eventType, version, payload)) },
            wrap: { value in (value as? Value).map(make) })
    }

    /// This list with the event type `name` added, read as `type` and applied as `make(value)`.
    public func on<Value: Decodable & Sendable>(_ type: Value.Type, as name: String,
                                                _ make: @escaping @Sendable (Value) -> Event) -> Self {
        var copy = self
        copy.register(type, as: name, make)
        return copy
    }

    /// This list with the event type `name` added, read through `type`'s `init(payload:)`.
    public func on<Value: PayloadDecodable & Sendable>(_ type: Value.Type, as name: String,
                                                       _ make: @escaping @Sendable (Value) -> Event) -> Self {
        var copy = self
        copy.register(type, as: name, make)
        return copy
    }

    func entry(for name: String) -> Entry? { entries[name] }
}

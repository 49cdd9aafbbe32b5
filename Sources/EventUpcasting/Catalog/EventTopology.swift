import EventSchema

/// Who produces and who consumes each event type of a schema folder, and the bounded contexts they
/// belong to: the `TopologyAnnotations` of each type's latest version, the current truth.
///
/// A latest version that states none of the keywords (a new version written without them) leaves
/// its type with those of the newest version that does; `"x-consumers": []` states "none". A type
/// none of whose versions states any (a shared type such as `Money`) is not part of the topology.
///
/// ```swift
/// let topology = try EventTopology(folder: try SchemaFolder(root: "Schemas"))
/// topology.consumers(of: "OrderPlaced")   // ["analytics", "billing", "notifications", "warehouse"]
/// ```
public struct EventTopology: Sendable, Equatable {
    /// One event type's place in the topology.
    public struct Event: Sendable, Equatable {
        /// The event type.
        public var eventType: String
        /// What its latest schema states.
        public var annotations: TopologyAnnotations

        /// Creates an event's entry.
        public init(eventType: String, annotations: TopologyAnnotations) {
            self.eventType = eventType
            self.annotations = annotations
        }
    }

    /// The event types that state at least one keyword, sorted by name.
    public let events: [Event]

    /// Creates a topology of `events`, which it sorts by event type.
    public init(events: [Event]) {
        self.events = events.filter { !$0.annotations.isEmpty }.sorted { $0.eventType < $1.eventType }
    }

    /// Reads each event type of `folder` from its latest version that states a keyword.
    ///
    /// - Throws: ``UpcastingError/schema(_:)`` for a file read that cannot be read or parsed, or
    ///   whose keywords have the wrong shape (naming the file and the keyword's pointer).
    /// - Complexity: reads each type's files from the newest down to the first that states a keyword.
    public init(folder: SchemaFolder, reader: DocumentReader = DocumentReader()) throws(UpcastingError) {
        var events: [Event] = []
        for files in Dictionary(grouping: folder.schemas, by: \.eventType).values {
            for file in files.sorted(by: { $0.version > $1.version }) {
                let annotations: TopologyAnnotations
                do {
                    let document = try reader.read(file: file.path)
                    guard document.hasTopologyAnnotations else { continue }
                    annotations = try TopologyAnnotations(schema: document, file: file.path)
                } catch {
                    throw .schema(error)
                }
                events.append(Event(eventType: file.eventType, annotations: annotations))
                break
            }
        }
        self.init(events: events)
    }

    /// The services that consume `eventType`, sorted; empty when it states none.
    public func consumers(of eventType: String) -> [String] {
        events.first { $0.eventType == eventType }?.annotations.consumers.sorted() ?? []
    }

    /// The consumers of each event type in the topology, sorted, by event type: the services a
    /// change to that type affects.
    public var consumersByEventType: [String: [String]] {
        Dictionary(uniqueKeysWithValues: events.map { ($0.eventType, $0.annotations.consumers.sorted()) })
    }

    /// Every service named as a producer or a consumer, sorted, each once.
    public var services: [String] {
        Array(Set(events.flatMap { $0.annotations.producers + $0.annotations.consumers })).sorted()
    }

    /// Every bounded context named, sorted, each once.
    public var contexts: [String] {
        Array(Set(events.compactMap(\.annotations.context))).sorted()
    }

    /// The context `service` belongs to: the one named by every event type it produces that names
    /// one; `nil` when it produces none of those, or events of several contexts.
    public func context(of service: String) -> String? {
        let named = Set(events.filter { $0.annotations.producers.contains(service) }.compactMap(\.annotations.context))
        return named.count == 1 ? named.first : nil
    }
}

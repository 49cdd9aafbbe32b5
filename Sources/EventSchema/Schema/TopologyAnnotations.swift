/// Strata's topology keywords on an event type's schema: the bounded context the event belongs to,
/// the services that produce it and the services that consume it.
///
/// They are top-level keywords of the schema document and, like `description`, annotations: they
/// never change which payloads are valid, what the compatibility checker reports, or whether a
/// registered version's file counts as unchanged (``JSONValue/schemaIdentity``).
///
/// ```json
/// {
///   "title": "OrderPlaced",
///   "description": "A customer placed an order.",
///   "x-context": "Ordering",
///   "x-producers": ["checkout"],
///   "x-consumers": ["billing", "warehouse"],
///   "type": "object"
/// }
/// ```
///
/// ```swift
/// let annotations = try TopologyAnnotations(schema: document, file: "Schemas/OrderPlaced/3.json")
/// annotations.consumers   // ["billing", "warehouse"]
/// ```
public struct TopologyAnnotations: Sendable, Equatable {
    /// `x-context`: the name of the bounded context the event type belongs to.
    public static let contextKeyword = "x-context"
    /// `x-producers`: the names of the services that publish the event.
    public static let producersKeyword = "x-producers"
    /// `x-consumers`: the names of the services that read the event.
    public static let consumersKeyword = "x-consumers"
    /// The three keywords.
    public static let keywords = [contextKeyword, producersKeyword, consumersKeyword]

    /// The bounded context, when stated.
    public var context: String?
    /// The producing services, in document order; empty when not stated.
    public var producers: [String]
    /// The consuming services, in document order; empty when not stated.
    public var consumers: [String]

    /// Creates annotations from their values.
    public init(context: String? = nil, producers: [String] = [], consumers: [String] = []) {
        self.context = context
        self.producers = producers
        self.consumers = consumers
    }

    /// Whether no keyword is stated.
    public var isEmpty: Bool { context == nil && producers.isEmpty && consumers.isEmpty }

    /// Reads the keywords at the top level of `schema`; a schema without them, or one that is not
    /// an object (`true`), has none.
    ///
    /// - Throws: ``SchemaError/invalidKeyword(file:pointer:reason:)`` naming `file` and the pointer
    ///   of the offending value: `x-context` that is not a non-empty string, `x-producers` or
    ///   `x-consumers` that is not an array of non-empty strings, or a service listed twice.
    public init(schema: JSONValue, file: String? = nil) throws(SchemaError) {
        guard case .object(let object) = schema else { self.init(); return }
        var context: String?
        if let value = object[Self.contextKeyword] {
            guard case .string(let name) = value, !name.isEmpty else {
                throw .invalidKeyword(file: file, pointer: JSONPointer(tokens: [Self.contextKeyword]),
                                      reason: "\(Self.contextKeyword) must be a non-empty string, the bounded context's name")
            }
            context = name
        }
        self.init(context: context,
                  producers: try Self.services(object[Self.producersKeyword], keyword: Self.producersKeyword, file: file),
                  consumers: try Self.services(object[Self.consumersKeyword], keyword: Self.consumersKeyword, file: file))
    }

    /// The service names of `keyword`'s value: an array of distinct non-empty strings.
    private static func services(_ value: JSONValue?, keyword: String, file: String?) throws(SchemaError) -> [String] {
        guard let value else { return [] }
        let pointer = JSONPointer(tokens: [keyword])
        guard case .array(let elements) = value else {
            throw .invalidKeyword(file: file, pointer: pointer, reason: "\(keyword) must be an array of service names, got \(value.kind)")
        }
        var names: [String] = []
        for (index, element) in elements.enumerated() {
            guard case .string(let name) = element, !name.isEmpty else {
                throw .invalidKeyword(file: file, pointer: pointer.appending(index),
                                      reason: "\(keyword) must list service names as non-empty strings")
            }
            guard !names.contains(name) else {
                throw .invalidKeyword(file: file, pointer: pointer.appending(index), reason: "\(keyword) lists \"\(name)\" twice")
            }
            names.append(name)
        }
        return names
    }
}

extension JSONValue {
    /// Whether this schema states any of Strata's top-level topology keywords.
    public var hasTopologyAnnotations: Bool {
        guard case .object(let object) = self else { return false }
        return TopologyAnnotations.keywords.contains { object[$0] != nil }
    }

    /// This schema without Strata's top-level topology keywords (``TopologyAnnotations/keywords``).
    public var removingTopologyAnnotations: JSONValue {
        guard hasTopologyAnnotations, case .object(var object) = self else { return self }
        for keyword in TopologyAnnotations.keywords { _ = object.removeValue(forKey: keyword) }
        return .object(object)
    }

    /// What decides whether two schema documents are the same version: the
    /// ``canonicalFingerprint`` of the document without Strata's topology keywords.
    ///
    /// A registered version's file may add a consumer, drop a producer or name its context without
    /// minting a new version; every other change, annotations such as `description` included,
    /// still makes it a different schema.
    ///
    /// - Complexity: that of ``canonicalFingerprint``.
    public var schemaIdentity: String { removingTopologyAnnotations.canonicalFingerprint }
}

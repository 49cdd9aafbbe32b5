import EventSchema

/// The versions that need no upcaster: when no upcaster leaves version *n* of an event type and
/// version *n+1* is BACKWARD compatible with it, payloads of *n* are read as *n+1* unchanged.
///
/// The check is the registry's own: Confluent's JSON Schema diff (`SchemaDiff`), each difference
/// judged under the type's `CompatibilityPolicy`, *n* as the writer and *n+1* as the reader. It
/// runs once, when a chain is loaded; each compatible version becomes an ``Upcaster`` with no steps
/// (``Upcaster/passesThrough``), so the reader, `strata upcast`, `strata verify` and `strata graph`
/// treat it as they treat any other edge.
///
/// ```swift
/// let schemas = try VersionedSchemas(folder: SchemaFolder(root: "Schemas"))
/// let found = try CompatibleVersions.find(in: schemas, upcasters: upcasters)
/// found.edges      // OrderShipped v1 → v2, with no steps
/// found.gaps       // versions with neither an upcaster nor a compatible successor
/// ```
public struct CompatibleVersions: Sendable {
    /// A version with no upcaster whose successor is not BACKWARD compatible with it.
    public struct Gap: Sendable, Equatable, CustomStringConvertible {
        /// The event type and the version no upcaster leaves.
        public var source: EventVersion
        /// The policy the versions were compared under.
        public var policy: CompatibilityPolicy
        /// The differences that break readers of the next version.
        public var breaking: [SchemaDifference]

        /// The upcaster file that would close the gap, relative to the upcaster folder.
        public var missingFile: String { "\(source.eventType)/\(source.version)-to-\(source.version + 1).yaml" }

        /// `no upcaster from v1, and v2 is not BACKWARD compatible with it (STRICT): …; add …`.
        public var description: String {
            let differences = breaking.map { "\($0.kind.rawValue) \($0.path)" }.joined(separator: ", ")
            return "no upcaster from v\(source.version), and v\(source.version + 1) is not BACKWARD compatible with it "
                + "(\(policy.rawValue)): \(differences); add an upcaster \(missingFile)"
        }
    }

    /// An edge with no steps for each compatible version, by event type and version.
    public var edges: [Upcaster]
    /// The versions with neither an upcaster nor a compatible successor, by event type and version.
    public var gaps: [Gap]

    /// Compares each version of `eventTypes` (every type of `schemas` when `nil`) that no upcaster
    /// in `upcasters` leaves with the next version, under `policies` (STRICT for a type not named).
    /// The current version of each type needs no edge, and nor does a type's only version.
    ///
    /// - Throws: ``UpcastingError/schema(_:)`` when a schema cannot be read for the diff (an
    ///   unresolvable reference, say), naming its file.
    public static func find(in schemas: VersionedSchemas, upcasters: [Upcaster], eventTypes: Set<String>? = nil,
                            policies: [String: CompatibilityPolicy] = [:]) throws(UpcastingError) -> CompatibleVersions {
        let leaving = Set(upcasters.filter { !$0.isDowncaster }.map { EventVersion($0.eventType, $0.fromVersion) })
        var found = CompatibleVersions(edges: [], gaps: [])
        for (type, current) in schemas.currentVersions.sorted(by: { $0.key < $1.key }) {
            guard eventTypes?.contains(type) ?? true else { continue }
            let policy = policies[type] ?? .strict
            for version in 1..<max(current, 1) where !leaving.contains(EventVersion(type, version)) {
                guard let writer = schemas.entries[EventVersion(type, version)],
                      let reader = schemas.entries[EventVersion(type, version + 1)] else { continue }
                let breaking = try differences(writer: writer, reader: reader, resolver: schemas.resolver)
                    .filter { !$0.kind.isCompatible(under: policy) }
                if breaking.isEmpty {
                    found.edges.append(Upcaster(eventType: type, fromVersion: version, toVersion: version + 1,
                                                summary: "v\(version + 1) is BACKWARD compatible with v\(version) (\(policy.rawValue))",
                                                steps: [], passesThrough: true))
                } else {
                    found.gaps.append(Gap(source: EventVersion(type, version), policy: policy, breaking: breaking))
                }
            }
        }
        return found
    }

    /// Every difference between the writer's schema and the reader's.
    private static func differences(writer: VersionedSchemas.Entry, reader: VersionedSchemas.Entry,
                                    resolver: any SchemaResolver) throws(UpcastingError) -> [SchemaDifference] {
        do {
            return try SchemaDiff.compare(original: writer.document, updated: reader.document, originalBaseURI: writer.baseURI,
                                          updatedBaseURI: reader.baseURI, resolver: resolver)
        } catch {
            throw .schema(error)
        }
    }
}

extension UpcasterChain {
    /// Reads the upcaster files under `folder`, and adds an edge with no steps for every version
    /// that no upcaster leaves and whose successor is BACKWARD compatible with it
    /// (``CompatibleVersions``).
    ///
    /// - Parameters:
    ///   - folder: the upcaster folder, laid out as `<EventType>/<from>-to-<to>.yaml`.
    ///   - schemas: the versions of every event type the chains lead to.
    ///   - eventTypes: load only these event types' upcasters and those of every type they
    ///     rename or split into (all when `nil`).
    ///   - policies: the compatibility policy of each event type (STRICT when not named),
    ///     as the registry's configuration says.
    ///   - swiftUpcasters: the Swift upcasters that the files' `swift` steps name, by name.
    ///   - reader: reads the files, with its size limit.
    /// - Throws: ``UpcastingError/invalidChain(eventType:reason:)`` for a version with no upcaster
    ///   whose successor is not compatible, naming the breaking differences and the missing file;
    ///   and whatever the plain loader throws.
    public init(folder: String, schemas: VersionedSchemas, eventTypes: Set<String>? = nil,
                policies: [String: CompatibilityPolicy] = [:], swiftUpcasters: [String: SwiftUpcaster] = [:],
                reader: DocumentReader = DocumentReader()) throws(UpcastingError) {
        let upcasters = try Self.load(folder: folder, eventTypes: eventTypes, reader: reader).map(\.upcaster)
        try self.init(upcasters: upcasters, schemas: schemas, eventTypes: eventTypes, policies: policies, swiftUpcasters: swiftUpcasters)
    }

    /// Builds the chains from `upcasters` plus an edge with no steps for every version of
    /// `eventTypes` (every type when `nil`, else these and the types their upcasters reach) that no
    /// upcaster leaves and whose successor is BACKWARD compatible with it.
    ///
    /// - Throws: ``UpcastingError/invalidChain(eventType:reason:)`` for a version with no upcaster
    ///   whose successor is not compatible, as well as every error of ``init(upcasters:currentVersions:swiftUpcasters:)``.
    public init(upcasters: [Upcaster], schemas: VersionedSchemas, eventTypes: Set<String>? = nil,
                policies: [String: CompatibilityPolicy] = [:], swiftUpcasters: [String: SwiftUpcaster] = [:]) throws(UpcastingError) {
        let types = eventTypes.map { types in
            types.reduce(into: Set<String>()) { $0.formUnion(Self.reachableTypes(from: $1, through: upcasters)) }
        }
        let compatible = try CompatibleVersions.find(in: schemas, upcasters: upcasters, eventTypes: types, policies: policies)
        if let gap = compatible.gaps.first {
            throw .invalidChain(eventType: gap.source.eventType, reason: gap.description)
        }
        try self.init(upcasters: upcasters + compatible.edges, currentVersions: schemas.currentVersions, swiftUpcasters: swiftUpcasters)
    }
}

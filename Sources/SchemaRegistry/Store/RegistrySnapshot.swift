import EventSchema

/// A registry's whole content at one moment — every version (deleted ones too), upcaster,
/// configuration and mode — as a value that travels as one JSON document.
///
/// `strata-server` answers `GET /strata/v1/snapshot` with it, and the `strata` command line
/// pointed at a server (`--registry http://…`) reads from it through ``SnapshotStore``, so `list`,
/// `show`, `check`, `config` and `bundle` run the very code they run over a local file.
///
/// ```swift
/// let snapshot = try registry.snapshot()
/// let copy = try RegistrySnapshot(json: snapshot.json)   // equal to snapshot
/// let reader = SchemaRegistry(store: SnapshotStore(snapshot))
/// ```
public struct RegistrySnapshot: Sendable, Equatable {
    /// Every version of every event type, deleted ones too, by event type then version.
    public var versions: [StoredVersion]
    /// Every registered upcaster, by event type then starting version.
    public var upcasters: [StoredUpcaster]
    /// The configurations set: the registry default under `nil`, else each event type's own.
    public var configurations: [String?: CompatibilityConfiguration]
    /// The modes set: the registry's under `nil`, else each event type's own.
    public var modes: [String?: RegistryMode]

    /// Creates a snapshot from its parts.
    public init(versions: [StoredVersion], upcasters: [StoredUpcaster],
                configurations: [String?: CompatibilityConfiguration], modes: [String?: RegistryMode]) {
        self.versions = versions
        self.upcasters = upcasters
        self.configurations = configurations
        self.modes = modes
    }
}

extension SchemaRegistry {
    /// The registry's whole content, read in one transaction.
    ///
    /// - Complexity: O(*n*) in the number of versions and upcasters; it reads every document.
    public func snapshot() throws(RegistryError) -> RegistrySnapshot {
        try store.read { reader throws(RegistryError) in
            var versions: [StoredVersion] = []
            var configurations: [String?: CompatibilityConfiguration] = [:]
            var modes: [String?: RegistryMode] = [:]
            configurations[nil] = try reader.configuration(for: nil)
            modes[nil] = try reader.mode(for: nil)
            for type in try reader.eventTypes() {
                versions += try reader.versions(of: type, includingDeleted: true)
                if let own = try reader.configuration(for: type) { configurations[type] = own }
                if let own = try reader.mode(for: type) { modes[type] = own }
            }
            return RegistrySnapshot(versions: versions, upcasters: try reader.upcasters(of: nil),
                                    configurations: configurations, modes: modes)
        }
    }
}

/// A read-only ``SchemaStore`` over a ``RegistrySnapshot``: a registry downloaded from a server,
/// read as a local file is read. Every write throws ``RegistryError/readOnly(path:)``.
public struct SnapshotStore: SchemaStore {
    /// The content it serves.
    public let snapshot: RegistrySnapshot
    /// Where the snapshot came from (a server's URL), for errors.
    public let origin: String

    /// Creates a store over `snapshot`, which came from `origin`.
    public init(_ snapshot: RegistrySnapshot, origin: String = "snapshot") {
        self.snapshot = snapshot
        self.origin = origin
    }

    /// Runs `body` over the snapshot.
    public func read<Result>(_ body: (any SchemaStoreReading) throws(RegistryError) -> Result) throws(RegistryError) -> Result {
        try body(SnapshotReader(snapshot: snapshot))
    }

    /// Throws ``RegistryError/readOnly(path:)``: a snapshot is never written.
    public func write<Result>(_ body: (any SchemaStoreWriting) throws(RegistryError) -> Result) throws(RegistryError) -> Result {
        throw .readOnly(path: origin)
    }
}

/// The reads of a ``SnapshotStore``.
struct SnapshotReader: SchemaStoreReading {
    let snapshot: RegistrySnapshot

    func eventTypes() -> [String] { Array(Set(snapshot.versions.map(\.eventType))).sorted() }

    func versions(of eventType: String, includingDeleted: Bool) -> [StoredVersion] {
        snapshot.versions.filter { $0.eventType == eventType && (includingDeleted || !$0.isDeleted) }.sorted { $0.version < $1.version }
    }

    func version(_ version: Int, of eventType: String) -> StoredVersion? {
        snapshot.versions.first { $0.eventType == eventType && $0.version == version }
    }

    func configuration(for eventType: String?) -> CompatibilityConfiguration? { snapshot.configurations[eventType] ?? nil }

    func referrers(of version: Int, of eventType: String) -> [String] {
        snapshot.versions.filter { $0.references.contains("\(eventType)/\(version)") }
            .sorted { ($0.eventType, $0.version) < ($1.eventType, $1.version) }
            .map { "\($0.eventType)/\($0.version)" }
    }

    func upcasters(of eventType: String?) -> [StoredUpcaster] {
        snapshot.upcasters.filter { eventType == nil || $0.eventType == eventType }
    }

    func mode(for eventType: String?) -> RegistryMode? { snapshot.modes[eventType] ?? nil }

    func versions(withSchemaID schemaID: Int) -> [StoredVersion] {
        snapshot.versions.filter { $0.schemaID == schemaID }.sorted { ($0.eventType, $0.version) < ($1.eventType, $1.version) }
    }
}

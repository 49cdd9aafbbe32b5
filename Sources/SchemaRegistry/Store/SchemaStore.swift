import EventSchema

/// Read access to a registry's content, inside one transaction.
public protocol SchemaStoreReading {
    /// Every event type with at least one version, sorted.
    func eventTypes() throws(RegistryError) -> [String]
    /// The versions of `eventType`, oldest first.
    func versions(of eventType: String, includingDeleted: Bool) throws(RegistryError) -> [StoredVersion]
    /// One version of `eventType`, deleted or not.
    func version(_ version: Int, of eventType: String) throws(RegistryError) -> StoredVersion?
    /// The configuration of `eventType`, or the registry default when `eventType` is `nil`;
    /// `nil` when none is set.
    func configuration(for eventType: String?) throws(RegistryError) -> CompatibilityConfiguration?
    /// The versions (`Type/version`) whose schemas reference `version` of `eventType`.
    func referrers(of version: Int, of eventType: String) throws(RegistryError) -> [String]
    /// The registered upcasters of `eventType` (every type when `nil`), by type then starting version.
    func upcasters(of eventType: String?) throws(RegistryError) -> [StoredUpcaster]
    /// The mode of `eventType`, or the registry's when `eventType` is `nil`; `nil` when none is set.
    func mode(for eventType: String?) throws(RegistryError) -> RegistryMode?
    /// Every version, deleted or not, whose schema has the registry-wide id `schemaID`, by event
    /// type then version; empty when no version has it.
    func versions(withSchemaID schemaID: Int) throws(RegistryError) -> [StoredVersion]
    /// Every version of `eventType`, deleted ones too, oldest first, as its number, fingerprint
    /// and whether it is deleted (``VersionStamp``): what a registration's decision rests on.
    /// Stores answer it without reading documents.
    func versionStamps(of eventType: String) throws(RegistryError) -> [VersionStamp]
}

extension SchemaStoreReading {
    /// ``versionStamps(of:)`` read off ``versions(of:includingDeleted:)``, for stores with no lighter way.
    public func versionStamps(of eventType: String) throws(RegistryError) -> [VersionStamp] {
        try versions(of: eventType, includingDeleted: true).map(VersionStamp.init)
    }
}

/// A version's number, fingerprint and deleted flag: enough to tell that an event type's
/// versions are still those a decision was made on (registered versions never change otherwise).
public struct VersionStamp: Hashable, Sendable {
    /// The version number.
    public var version: Int
    /// The fingerprint of its schema (``StoredVersion/fingerprint``).
    public var fingerprint: String
    /// Whether it is soft-deleted.
    public var isDeleted: Bool

    /// Creates a stamp.
    public init(version: Int, fingerprint: String, isDeleted: Bool) {
        self.version = version
        self.fingerprint = fingerprint
        self.isDeleted = isDeleted
    }

    /// The stamp of `stored`.
    public init(_ stored: StoredVersion) {
        self.init(version: stored.version, fingerprint: stored.fingerprint, isDeleted: stored.isDeleted)
    }
}

/// Write access to a registry's content, inside one transaction.
public protocol SchemaStoreWriting: SchemaStoreReading {
    /// Stores `document` as the next version of `eventType`, with the versions it references
    /// (`Type/version`) and its references by name, and returns it. A schema's references by name
    /// are part of it: they are kept with the schema (its `fingerprint` covers them).
    func appendVersion(of eventType: String, document: JSONValue, fingerprint: String, references: [String],
                       namedReferences: [SchemaReference]) throws(RegistryError) -> StoredVersion
    /// Sets the configuration of `eventType`, or the registry default when `nil`.
    func setConfiguration(_ configuration: CompatibilityConfiguration, for eventType: String?) throws(RegistryError)
    /// Stores an upcaster file's document.
    func insertUpcaster(_ upcaster: StoredUpcaster) throws(RegistryError)
    /// Marks a version deleted or not.
    func setDeleted(_ deleted: Bool, version: Int, of eventType: String) throws(RegistryError)
    /// Removes a version for good, with the references it makes. When it was the event type's
    /// last version, the type's own configuration goes too. The schema it used keeps its id, so
    /// registering the same schema again gets the same id.
    func removeVersion(_ version: Int, of eventType: String) throws(RegistryError)
    /// Sets the mode of `eventType`, or the registry's when `nil`; `nil` removes it.
    func setMode(_ mode: RegistryMode?, for eventType: String?) throws(RegistryError)
    /// Stores `version` exactly as another registry holds it — its number, schema id, fingerprint,
    /// deleted flag, time, references and references by name — when copying a registry into an empty one. Schema ids
    /// given later follow the largest one imported.
    func importVersion(_ version: StoredVersion) throws(RegistryError)
    /// Removes the configuration of `eventType` (the registry default when `nil`), so the default
    /// (or Confluent's BACKWARD) applies again.
    func removeConfiguration(for eventType: String?) throws(RegistryError)
}

/// Where a registry keeps its schemas. Every `write` is one transaction: all of it or nothing.
public protocol SchemaStore: Sendable {
    /// Runs `body` with a consistent view of the registry.
    func read<Result>(_ body: (any SchemaStoreReading) throws(RegistryError) -> Result) throws(RegistryError) -> Result
    /// Runs `body` in one write transaction, serialized with every other writer, even in other
    /// processes; if `body` throws, nothing it wrote is kept.
    func write<Result>(_ body: (any SchemaStoreWriting) throws(RegistryError) -> Result) throws(RegistryError) -> Result
}

import EventSchema
import EventUpcasting
import Foundation

/// The registration workflow over a ``SchemaStore``: register with a compatibility check,
/// configure modes, soft-delete, and read back.
///
/// Every registration is one transaction: the schema is checked against its meta-schema, its
/// references are resolved against registered schemas, it is compared with earlier versions
/// under the event type's mode and policy, and only then stored. A refusal writes nothing.
///
/// ```swift
/// let registry = SchemaRegistry(store: try SQLiteSchemaStore(path: ".strata/registry.sqlite"))
/// let registration = try registry.register(schema, as: "OrderPlaced")
/// print(registration.version.version)   // 1, 2, 3 …
/// ```
public struct SchemaRegistry: Sendable {
    /// Where schemas are kept.
    public let store: any SchemaStore
    /// The compatibility diff's models of registered versions, kept between this registry's
    /// registrations and checks (see ``DiffModelCache``).
    public let diffModels: DiffModelCache

    /// Creates a registry over `store`.
    public init(store: any SchemaStore) {
        self.store = store
        self.diffModels = DiffModelCache()
    }

    /// What a registration did.
    public struct Registration: Sendable {
        /// The version stored, or the existing identical one.
        public var version: StoredVersion
        /// Whether a new version was created (false: an identical schema was already registered).
        public var isNew: Bool
        /// The compatibility check that admitted it.
        public var report: CompatibilityReport
    }

    /// Registers `document` as the next version of `eventType`, or returns the version already
    /// registered with the same canonical fingerprint and the same `references` (Strata's topology
    /// keywords set aside, see ``StoredVersion/hasSameSchema(as:references:)``).
    ///
    /// `references` are references by name, as Confluent's clients declare them
    /// (``SchemaReference``); a reference's version `-1` stands for the newest live version and is
    /// stored as that number.
    ///
    /// - Throws: ``RegistryError/incompatible(_:)`` with every breaking difference when the
    ///   mode refuses it; ``RegistryError/schema(_:)`` for an invalid schema or reference;
    ///   ``RegistryError/unknownReference(eventType:reference:)`` for a reference by name to a
    ///   version that is not registered or is soft-deleted;
    ///   ``RegistryError/invalidEventType(_:)``. The registry is unchanged after any of them.
    ///
    /// A candidate that breaks readers under the mode is still accepted when upcasters — the
    /// registry's, or `bridging`'s — bridge every earlier version it breaks to it
    /// (`BridgeVerifier`): a bridge counts as compatible, and the report says what it bridged.
    ///
    /// The thinking — compiling, comparing, verifying a bridge, which can take seconds — runs on a
    /// read snapshot, so other registrations never wait for it. Then a short write checks that the
    /// event type's versions and configuration are still those the decision was made on, and
    /// appends; when another registration of the same type got there first, the check runs again
    /// (up to three times, then inside the write, so a steady stream of registrations cannot starve it).
    @discardableResult
    public func register(_ document: JSONValue, as eventType: String, references: [SchemaReference] = [], file: String? = nil,
                         bridging: BridgeContext = BridgeContext()) throws(RegistryError) -> Registration {
        try Self.checkName(eventType)
        for _ in 0..<3 {
            let decision = try store.read { reader throws(RegistryError) in
                try Self.refuseUnlessReadWrite(eventType, in: reader)
                var prepared = try Self.prepare(document, as: eventType, references: references, file: file, reader: reader,
                                                models: diffModels)
                if prepared.existing == nil, !prepared.report.isCompatible {
                    try Self.bridge(&prepared.report, candidate: prepared.compiled, file: file, in: reader, context: bridging)
                }
                return (prepared: prepared, basis: prepared.basis)
            }
            if let existing = decision.prepared.existing {
                return Registration(version: existing, isNew: false, report: decision.prepared.report)
            }
            guard decision.prepared.report.isAccepted else { throw .incompatible(decision.prepared.report) }
            let stored: Registration? = try store.write { store throws(RegistryError) in
                guard try Self.basis(of: eventType, in: store) == decision.basis else { return nil }
                return try Self.append(document, as: eventType, prepared: decision.prepared, in: store, bridging: bridging)
            }
            if let stored { return stored }
        }
        // The type kept changing under a steady stream of registrations: decide inside the write.
        return try store.write { store throws(RegistryError) in
            try Self.register(document, as: eventType, references: references, file: file, in: store, bridging: bridging,
                              models: diffModels)
        }
    }

    /// What a registration's decision rests on: the event type's versions (deleted ones too) and
    /// its configuration. Registered versions never change, so equal bases mean the same decision.
    struct DecisionBasis: Equatable {
        var versions: [VersionStamp]
        var configuration: CompatibilityConfiguration
    }

    /// The basis in `reader` now, read without the documents.
    static func basis(of eventType: String, in reader: any SchemaStoreReading) throws(RegistryError) -> DecisionBasis {
        DecisionBasis(versions: try reader.versionStamps(of: eventType), configuration: try effectiveConfiguration(eventType, reader))
    }

    /// Registers several schemas in one transaction: all are stored, or none.
    ///
    /// Like ``register(_:as:references:file:bridging:)`` it decides on a read snapshot and stores the result
    /// in a short write when the registry has not changed meanwhile.
    public func registerAll(_ candidates: [(eventType: String, document: JSONValue, file: String?)],
                            bridging: BridgeContext = BridgeContext()) throws(RegistryError) -> [Registration] {
        for candidate in candidates { try Self.checkName(candidate.eventType) }
        return try decideOnSnapshot { store throws(RegistryError) in
            var registrations: [Registration] = []
            for candidate in candidates {
                registrations.append(try Self.register(candidate.document, as: candidate.eventType, file: candidate.file,
                                                       in: store, bridging: bridging, models: diffModels))
            }
            return registrations
        } replay: { plan, registrations, store throws(RegistryError) in
            try plan.replay(registrations, into: store)
        }
    }

    /// Checks `document` as the next version of `eventType` without storing anything.
    ///
    /// Returns `nil` in `existing` terms when an identical schema is already registered.
    /// A breaking candidate is checked for a bridge as ``register(_:as:references:file:bridging:)`` would:
    /// the report is then ``CompatibilityReport/isAccepted`` when upcasters bridge it.
    public func check(_ document: JSONValue, as eventType: String, references: [SchemaReference] = [], file: String? = nil,
                      bridging: BridgeContext = BridgeContext()) throws(RegistryError) -> (report: CompatibilityReport, existing: StoredVersion?) {
        try Self.checkName(eventType)
        return try store.read { reader throws(RegistryError) in
            var prepared = try Self.prepare(document, as: eventType, references: references, file: file, reader: reader,
                                            models: diffModels)
            if prepared.existing == nil, !prepared.report.isCompatible {
                try Self.bridge(&prepared.report, candidate: prepared.compiled, file: file, in: reader, context: bridging)
            }
            return (prepared.report, prepared.existing)
        }
    }

    /// Checks `document` against one registered version only, as Confluent's
    /// `POST /compatibility/subjects/{subject}/versions/{version}` does: in the direction of the
    /// event type's mode, without its transitivity. A break bridged by upcasters counts as
    /// compatible, as in ``check(_:as:references:file:bridging:)``.
    ///
    /// - Throws: ``RegistryError/unknownVersion(eventType:version:)`` when `version` is not
    ///   registered or is soft-deleted; the errors of ``check(_:as:references:file:bridging:)``.
    public func check(_ document: JSONValue, as eventType: String, references: [SchemaReference] = [], againstVersion version: Int,
                      bridging: BridgeContext = BridgeContext()) throws(RegistryError) -> CompatibilityReport {
        try Self.checkName(eventType)
        return try store.read { reader throws(RegistryError) in
            guard let target = try reader.version(version, of: eventType), !target.isDeleted else {
                throw .unknownVersion(eventType: eventType, version: version)
            }
            var prepared = try Self.prepare(document, as: eventType, references: references, file: nil, reader: reader,
                                            onlyAgainst: target, models: diffModels)
            if prepared.existing == nil, !prepared.report.isCompatible {
                try Self.bridge(&prepared.report, candidate: prepared.compiled, file: nil, in: reader, context: bridging)
            }
            return prepared.report
        }
    }

    /// The compatibility configuration in force for `eventType` (its own, else the default).
    public func configuration(for eventType: String?) throws(RegistryError) -> CompatibilityConfiguration {
        try store.read { reader throws(RegistryError) in try Self.effectiveConfiguration(eventType, reader) }
    }

    /// Sets the mode and policy of `eventType`, or the registry default when `nil`.
    public func setConfiguration(_ configuration: CompatibilityConfiguration, for eventType: String?) throws(RegistryError) {
        if let eventType { try Self.checkName(eventType) }
        try store.write { store throws(RegistryError) in try store.setConfiguration(configuration, for: eventType) }
    }

    /// Soft-deletes a version: it stays readable for old events but is left out of new checks.
    ///
    /// - Throws: ``RegistryError/referenced(eventType:version:by:)`` while a live schema references it.
    public func delete(version: Int, of eventType: String) throws(RegistryError) {
        try store.write { store throws(RegistryError) in
            guard try store.version(version, of: eventType) != nil else { throw .unknownVersion(eventType: eventType, version: version) }
            try Self.refuseReadOnly(eventType, "deleting a version", in: store)
            let referrers = try store.referrers(of: version, of: eventType)
            guard referrers.isEmpty else { throw .referenced(eventType: eventType, version: version, by: referrers) }
            try store.setDeleted(true, version: version, of: eventType)
        }
    }

    /// Removes a soft-deleted version for good: its number may be given again, and a schema that no
    /// other version uses keeps its id (registering it again gets the same id).
    ///
    /// - Throws: ``RegistryError/notDeletedFirst(eventType:version:)`` for a live version;
    ///   ``RegistryError/referenced(eventType:version:by:)`` while another schema references it.
    public func deletePermanently(version: Int, of eventType: String) throws(RegistryError) {
        try store.write { store throws(RegistryError) in
            guard let stored = try store.version(version, of: eventType) else { throw .unknownVersion(eventType: eventType, version: version) }
            guard stored.isDeleted else { throw .notDeletedFirst(eventType: eventType, version: version) }
            try Self.refuseReadOnly(eventType, "deleting a version", in: store)
            let referrers = try store.referrers(of: version, of: eventType)
            guard referrers.isEmpty else { throw .referenced(eventType: eventType, version: version, by: referrers) }
            try store.removeVersion(version, of: eventType)
        }
    }

    /// Deletes every live version of `eventType` (soft), or, `permanently`, removes every version
    /// once all are soft-deleted, in one transaction; returns the version numbers it deleted.
    ///
    /// - Throws: ``RegistryError/unknownEventType(_:)`` when nothing is left to delete;
    ///   ``RegistryError/notDeletedFirst(eventType:version:)`` for a permanent delete while a
    ///   version is live; ``RegistryError/referenced(eventType:version:by:)`` while another type's
    ///   schema references one of them.
    @discardableResult
    public func deleteAll(of eventType: String, permanently: Bool) throws(RegistryError) -> [Int] {
        try store.write { store throws(RegistryError) in
            try Self.refuseReadOnly(eventType, "deleting versions", in: store)
            let all = try store.versions(of: eventType, includingDeleted: true)
            if permanently, let live = all.first(where: { !$0.isDeleted }) {
                throw .notDeletedFirst(eventType: eventType, version: live.version)
            }
            let targets = permanently ? all : all.filter { !$0.isDeleted }
            guard !targets.isEmpty else { throw .unknownEventType(eventType) }
            for target in targets {
                let referrers = try store.referrers(of: target.version, of: eventType).filter { !$0.hasPrefix(eventType + "/") }
                guard referrers.isEmpty else { throw .referenced(eventType: eventType, version: target.version, by: referrers) }
            }
            for target in targets.reversed() {
                if permanently {
                    try store.removeVersion(target.version, of: eventType)
                } else {
                    try store.setDeleted(true, version: target.version, of: eventType)
                }
            }
            return targets.map(\.version)
        }
    }

    /// Removes the configuration of `eventType` (the registry default when `nil`) and returns the
    /// one it had, if any.
    @discardableResult
    public func removeConfiguration(for eventType: String?) throws(RegistryError) -> CompatibilityConfiguration? {
        try store.write { store throws(RegistryError) in
            let previous = try store.configuration(for: eventType)
            try store.removeConfiguration(for: eventType)
            return previous
        }
    }

    /// The versions, deleted or not, whose schema has the registry-wide id `schemaID`.
    public func versions(withSchemaID schemaID: Int) throws(RegistryError) -> [StoredVersion] {
        try store.read { reader throws(RegistryError) in try reader.versions(withSchemaID: schemaID) }
    }

    /// The registered upcasters of `eventType` (all when `nil`).
    public func upcasters(of eventType: String? = nil) throws(RegistryError) -> [StoredUpcaster] {
        try store.read { reader throws(RegistryError) in try reader.upcasters(of: eventType) }
    }

    /// Every event type.
    public func eventTypes() throws(RegistryError) -> [String] {
        try store.read { reader throws(RegistryError) in try reader.eventTypes() }
    }

    /// The versions of `eventType`, oldest first.
    public func versions(of eventType: String, includingDeleted: Bool = false) throws(RegistryError) -> [StoredVersion] {
        try store.read { reader throws(RegistryError) in try reader.versions(of: eventType, includingDeleted: includingDeleted) }
    }

    /// One version of `eventType`, deleted or not.
    public func version(_ version: Int, of eventType: String) throws(RegistryError) -> StoredVersion {
        try store.read { reader throws(RegistryError) in
            guard let stored = try reader.version(version, of: eventType) else { throw .unknownVersion(eventType: eventType, version: version) }
            return stored
        }
    }

    // MARK: Workflow

    static func checkName(_ eventType: String) throws(RegistryError) {
        guard SchemaFolder.isValidEventType(eventType) else { throw .invalidEventType(eventType) }
    }

    /// The mode in force for `eventType` (its own, else the registry's, else READWRITE).
    static func effectiveMode(_ eventType: String?, _ reader: any SchemaStoreReading) throws(RegistryError) -> RegistryMode {
        if let eventType, let own = try reader.mode(for: eventType) { return own }
        return try reader.mode(for: nil) ?? .readWrite
    }

    /// Registrations need READWRITE: checked before the decision (as Confluent checks it first)
    /// and again in the write, where it cannot change underneath.
    static func refuseUnlessReadWrite(_ eventType: String, in reader: any SchemaStoreReading) throws(RegistryError) {
        let mode = try effectiveMode(eventType, reader)
        guard mode == .readWrite else { throw .modeForbids(eventType: eventType, mode: mode, operation: "registering a new version") }
    }

    static func refuseReadOnly(_ eventType: String, _ operation: String, in reader: any SchemaStoreReading) throws(RegistryError) {
        let mode = try effectiveMode(eventType, reader)
        if mode == .readOnly { throw .modeForbids(eventType: eventType, mode: mode, operation: operation) }
    }

    static func effectiveConfiguration(_ eventType: String?, _ reader: any SchemaStoreReading) throws(RegistryError) -> CompatibilityConfiguration {
        if let eventType, let own = try reader.configuration(for: eventType) { return own }
        return try reader.configuration(for: nil) ?? .default
    }

    struct Prepared {
        /// The versions and configuration the decision was made on.
        var basis: DecisionBasis
        var report: CompatibilityReport
        var existing: StoredVersion?
        var fingerprint: String
        /// The registered versions it references, as `Type/version`.
        var references: [String]
        /// Its references by name, each with the version it resolved to.
        var namedReferences: [SchemaReference]
        /// The document as compiled: references by name replaced by Strata's own.
        var compiled: JSONValue
    }

    /// Decides on `document` as the next version of `eventType`: valid, its references registered,
    /// already registered or not, and compatible with the earlier live versions under the type's
    /// configuration; or, with `target`, with that one version in the mode's direction only.
    /// The earlier versions' diff models come from `models` when given.
    static func prepare(_ document: JSONValue, as eventType: String, references named: [SchemaReference] = [], file: String?,
                        reader: any SchemaStoreReading, onlyAgainst target: StoredVersion? = nil,
                        models: DiffModelCache? = nil) throws(RegistryError) -> Prepared {
        let all = try reader.versions(of: eventType, includingDeleted: true)
        let nextVersion = (all.last?.version ?? 0) + 1
        let baseURI = RegistryURI.uri(eventType: eventType, version: nextVersion)
        let named = try resolve(named, of: eventType, in: reader)
        let compiled = document.resolvingNamedReferences(named)
        let resolver = RegistryResolver(reader: reader)
        do {
            _ = try JSONSchema(compiled, baseURI: baseURI, file: file, resolver: resolver)
        } catch {
            if case .unresolvedReference(_, let pointer, let reference) = error, !resolver.missing.isEmpty {
                throw .unregisteredReference(eventType: eventType, reference: reference, pointer: pointer)
            }
            throw .schema(error)
        }
        // What the candidate references, read before the comparisons resolve the earlier versions' references.
        let referencedByCandidate = resolver.used
        do { _ = try TopologyAnnotations(schema: document, file: file) } catch { throw .schema(error) }
        let fingerprint = SchemaReference.fingerprint(of: document, references: named)
        let live = target.map { [$0] } ?? all.filter { !$0.isDeleted }
        var configuration = try effectiveConfiguration(eventType, reader)
        let basis = DecisionBasis(versions: all.map(VersionStamp.init), configuration: configuration)
        if target != nil { configuration.mode = configuration.mode.againstLatestOnly }
        let identity = StoredVersion.schemaIdentity(of: document, references: named)
        if let existing = live.first(where: { $0.schemaIdentity == identity }) {
            let report = CompatibilityReport(eventType: eventType, candidateVersion: existing.version,
                                             configuration: configuration, comparisons: [])
            return Prepared(basis: basis, report: report, existing: existing, fingerprint: fingerprint, references: [], namedReferences: named,
                            compiled: compiled)
        }
        let report: CompatibilityReport
        do {
            report = try CompatibilityReport.check(eventType: eventType, candidate: compiled, candidateBaseURI: baseURI,
                                                   candidateVersion: nextVersion, earlier: live,
                                                   configuration: configuration, resolver: resolver, models: models)
        } catch {
            throw .schema(error)
        }
        let used = referencedByCandidate.union(named.map { "\($0.eventType)/\($0.version)" })
        return Prepared(basis: basis, report: report, existing: nil, fingerprint: fingerprint, references: used.sorted(), namedReferences: named,
                        compiled: compiled)
    }

    /// `references` with each version checked: registered and live (a new schema may not
    /// reference a soft-deleted version, as in Confluent), and `-1` replaced by the newest live version.
    static func resolve(_ references: [SchemaReference], of eventType: String,
                        in reader: any SchemaStoreReading) throws(RegistryError) -> [SchemaReference] {
        var resolved: [SchemaReference] = []
        for var reference in references {
            if reference.version == -1, let latest = try reader.versions(of: reference.eventType, includingDeleted: false).last {
                reference.version = latest.version
            }
            guard SchemaFolder.isValidEventType(reference.eventType), reference.version >= 1,
                  let target = try reader.version(reference.version, of: reference.eventType), !target.isDeleted else {
                throw .unknownReference(eventType: eventType, reference: reference)
            }
            resolved.append(reference)
        }
        return resolved
    }

    static func register(_ document: JSONValue, as eventType: String, references: [SchemaReference] = [], file: String?,
                         in store: any SchemaStoreWriting, bridging: BridgeContext = BridgeContext(),
                         models: DiffModelCache? = nil) throws(RegistryError) -> Registration {
        try refuseUnlessReadWrite(eventType, in: store)
        var prepared = try prepare(document, as: eventType, references: references, file: file, reader: store, models: models)
        if let existing = prepared.existing {
            return Registration(version: existing, isNew: false, report: prepared.report)
        }
        if !prepared.report.isCompatible {
            try bridge(&prepared.report, candidate: prepared.compiled, file: file, in: store, context: bridging)
        }
        guard prepared.report.isAccepted else { throw .incompatible(prepared.report) }
        return try append(document, as: eventType, prepared: prepared, in: store, bridging: bridging)
    }

    /// Stores an accepted candidate, and the upcasters that bridged it.
    static func append(_ document: JSONValue, as eventType: String, prepared: Prepared, in store: any SchemaStoreWriting,
                       bridging: BridgeContext) throws(RegistryError) -> Registration {
        try refuseUnlessReadWrite(eventType, in: store)
        let stored = try store.appendVersion(of: eventType, document: document, fingerprint: prepared.fingerprint,
                                             references: prepared.references, namedReferences: prepared.namedReferences)
        if prepared.report.isBridged { try registerBridgingUpcasters(of: prepared.report, from: bridging, in: store) }
        return Registration(version: stored, isNew: true, report: prepared.report)
    }
}

import EventSchema
import EventUpcasting
import Foundation

/// What a registration may use to bridge a breaking change with upcasters, besides the upcasters
/// the registry already holds.
///
/// ```swift
/// let context = BridgeContext(upcasters: [try Upcaster(file: "Upcasters/OrderPlaced/2-to-3.yaml")],
///                             golden: try BridgeVerifier.goldenExamples(in: folder))
/// try registry.register(schema, as: "OrderPlaced", bridging: context)
/// ```
public struct BridgeContext: Sendable {
    /// Upcasters registered with the schema (by the same sync), not yet in the registry.
    public var upcasters: [Upcaster]
    /// Golden examples, by version; the generated payloads draw pattern-constrained strings from them.
    public var golden: [EventVersion: [(file: String, payload: JSONValue)]]
    /// Swift upcasters the chains name, when the registering program has them.
    public var swiftUpcasters: [String: SwiftUpcaster]
    /// How many payloads to generate per earlier version.
    public var generatedCount: Int
    /// The version of each event type that the golden examples' pinned `.expected.json` forms
    /// are at (the latest version of their folder); pinned forms are compared only there.
    public var pinnedFormVersions: [String: Int]
    /// The documents of ``upcasters``, by file; when set, the upcasters a bridge used are
    /// registered with the version they admitted, so the registry keeps the chain that justified it.
    public var documents: [String: JSONValue] = [:]

    /// Creates a context.
    public init(upcasters: [Upcaster] = [], golden: [EventVersion: [(file: String, payload: JSONValue)]] = [:],
                swiftUpcasters: [String: SwiftUpcaster] = [:], generatedCount: Int = 200, pinnedFormVersions: [String: Int] = [:]) {
        self.upcasters = upcasters
        self.golden = golden
        self.swiftUpcasters = swiftUpcasters
        self.generatedCount = generatedCount
        self.pinnedFormVersions = pinnedFormVersions
    }
}

extension SchemaRegistry {
    /// Checks the chains that would bridge each breaking comparison — upcasters from an older
    /// version to the candidate (backward), downcasters from the candidate to an older version
    /// (forward) — over the registry's schemas and upcasters plus `context`'s, and records them in
    /// the report (a bridge makes the report ``CompatibilityReport/isAccepted``).
    static func bridge(_ report: inout CompatibilityReport, candidate: JSONValue, file: String?,
                       in reader: any SchemaStoreReading, context: BridgeContext) throws(RegistryError) {
        guard let candidateVersion = report.candidateVersion else { return }
        guard report.comparisons.contains(where: { !$0.breaking.isEmpty }) else { return }
        var entries = try registeredSchemas(in: reader)
        entries[EventVersion(report.eventType, candidateVersion)] = .init(
            document: candidate, baseURI: RegistryURI.uri(eventType: report.eventType, version: candidateVersion), file: file)
        let schemas = VersionedSchemas(entries: entries)
        // By the version each reads and which way it goes: an upcaster and a downcaster may share a start.
        var upcasters: [UpcasterKey: Upcaster] = [:]
        for stored in try reader.upcasters(of: nil) {
            do {
                let upcaster = try Upcaster(stored.document, eventType: stored.eventType, from: stored.fromVersion, to: stored.toVersion,
                                            file: "\(stored.eventType)/\(stored.fileName)")
                upcasters[UpcasterKey(upcaster)] = upcaster
            } catch {
                throw .folder(error)
            }
        }
        for upcaster in context.upcasters { upcasters[UpcasterKey(upcaster)] = upcaster }
        // Only upcasters between versions that exist by now (a sync registers versions in order),
        // of this event type and the types its upcasters rename or split it into.
        let types = UpcasterChain.reachableTypes(from: report.eventType, through: Array(upcasters.values))
        let usable = upcasters.values.filter { upcaster in
            types.contains(upcaster.eventType)
                && ([EventVersion(upcaster.eventType, upcaster.fromVersion)] + upcaster.targets).allSatisfy { entries[$0] != nil }
        }
        guard usable.contains(where: { $0.eventType == report.eventType }) else { return }
        let chain: UpcasterChain
        let policies = try policies(in: reader)
        do {
            // Versions that no upcaster leaves are read as their successor when it is compatible.
            let compatible = try CompatibleVersions.find(in: schemas, upcasters: usable, eventTypes: types, policies: policies)
            chain = try UpcasterChain(upcasters: usable + compatible.edges, currentVersions: schemas.currentVersions,
                                      swiftUpcasters: context.swiftUpcasters)
        } catch {
            report.bridgeProblem = error.description
            return
        }
        var verifier = BridgeVerifier(schemas: schemas, chain: chain, golden: context.golden)
        verifier.generatedCount = context.generatedCount
        verifier.policy = report.configuration.policy
        verifier.pinnedFormVersions = context.pinnedFormVersions
        report.verifyBridges(with: verifier)
    }

    /// Every registered version's schema (deleted ones too), by event type and version.
    static func registeredSchemas(in reader: any SchemaStoreReading) throws(RegistryError) -> [EventVersion: VersionedSchemas.Entry] {
        var entries: [EventVersion: VersionedSchemas.Entry] = [:]
        for type in try reader.eventTypes() {
            for version in try reader.versions(of: type, includingDeleted: true) {
                entries[EventVersion(type, version.version)] = .init(document: version.resolvedDocument, baseURI: version.baseURI)
            }
        }
        return entries
    }

    /// The compatibility policy in force for each registered event type.
    static func policies(in reader: any SchemaStoreReading) throws(RegistryError) -> [String: CompatibilityPolicy] {
        var policies: [String: CompatibilityPolicy] = [:]
        for type in try reader.eventTypes() { policies[type] = try effectiveConfiguration(type, reader).policy }
        return policies
    }

    /// Registers the upcasters of `context` that the report's bridges used and the registry does
    /// not have yet (only those whose documents `context` carries).
    static func registerBridgingUpcasters(of report: CompatibilityReport, from context: BridgeContext,
                                          in store: any SchemaStoreWriting) throws(RegistryError) {
        let used = Set(report.bridges.flatMap(\.upcasters))
        let registered = try store.upcasters(of: nil)
        var new: [(upcaster: Upcaster, document: JSONValue)] = []
        for upcaster in context.upcasters {
            guard let file = upcaster.file, used.contains(file), let document = context.documents[file],
                  !registered.contains(where: { UpcasterKey($0) == UpcasterKey(upcaster) }) else { continue }
            new.append((upcaster, document))
        }
        _ = try insertUpcasters(new, in: store)
    }

    /// Stores `new` upcasters after checking that, together with those already registered, they form
    /// the chains a catalog accepts (`UpcasterChain.check(_:currentVersions:)`) over the registered
    /// versions: nothing a consumer would refuse is ever stored.
    ///
    /// - Returns: what was stored.
    /// - Throws: ``RegistryError/folder(_:)`` with the chain's error, naming the files involved.
    static func insertUpcasters(_ new: [(upcaster: Upcaster, document: JSONValue)],
                                in store: any SchemaStoreWriting) throws(RegistryError) -> [StoredUpcaster] {
        guard !new.isEmpty else { return [] }
        var currentVersions: [String: Int] = [:]
        for type in try store.eventTypes() {
            currentVersions[type] = try store.versions(of: type, includingDeleted: true).map(\.version).max()
        }
        var all = new.map(\.upcaster)
        for stored in try store.upcasters(of: nil) {
            do {
                all.append(try Upcaster(stored.document, eventType: stored.eventType, from: stored.fromVersion,
                                        to: stored.toVersion, file: "registered \(stored.eventType)/\(stored.fileName)"))
            } catch {
                throw .folder(error)
            }
        }
        // A version that no upcaster leaves is read as its successor when that one is compatible,
        // as a catalog reads it; the registry's chains are checked with those edges.
        let schemas = VersionedSchemas(entries: try registeredSchemas(in: store))
        let policies = try policies(in: store)
        do {
            let compatible = try CompatibleVersions.find(in: schemas, upcasters: all, policies: policies)
            try UpcasterChain.check(all + compatible.edges, currentVersions: currentVersions)
        } catch {
            throw .folder(error)
        }
        let registeredAt = StoredVersion.registrationTime()
        var stored: [StoredUpcaster] = []
        for (upcaster, document) in new {
            let entry = StoredUpcaster(eventType: upcaster.eventType, fromVersion: upcaster.fromVersion, toVersion: upcaster.toVersion,
                                       fingerprint: document.canonicalFingerprint, document: document, registeredAt: registeredAt)
            try store.insertUpcaster(entry)
            stored.append(entry)
        }
        return stored
    }
}

/// An upcaster file's place in the registry: its event type, the version it reads and whether it
/// is a downcaster; no two registered files share one.
struct UpcasterKey: Hashable {
    var eventType: String
    var fromVersion: Int
    var isDowncaster: Bool

    init(_ upcaster: Upcaster) {
        eventType = upcaster.eventType
        fromVersion = upcaster.fromVersion
        isDowncaster = upcaster.isDowncaster
    }

    /// A stored file's key: a downcaster is stored with a lower target than its start and reads
    /// as one (a type rename, also going to a lower version, names another type in its steps).
    init(_ stored: StoredUpcaster) {
        let upcaster = try? Upcaster(stored.document, eventType: stored.eventType, from: stored.fromVersion, to: stored.toVersion,
                                     file: stored.fileName)
        eventType = stored.eventType
        fromVersion = stored.fromVersion
        isDowncaster = upcaster?.isDowncaster ?? false
    }
}

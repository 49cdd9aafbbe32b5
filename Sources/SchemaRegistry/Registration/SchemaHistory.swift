import EventSchema
import EventUpcasting
import Foundation

/// The registered history of every event type, held in memory: from a registry, or from a
/// `Schemas/` folder (for instance the same folder at another git revision).
///
/// `strata check` compares a folder's new versions with a history without writing anything.
public struct SchemaHistory: Sendable {
    /// Versions by event type, oldest first.
    public var versions: [String: [StoredVersion]]

    /// Creates a history from versions by event type.
    public init(versions: [String: [StoredVersion]]) {
        self.versions = versions
    }

    /// Everything in `registry`, deleted versions included (they still resolve references).
    public init(registry: SchemaRegistry) throws(RegistryError) {
        var versions: [String: [StoredVersion]] = [:]
        for eventType in try registry.eventTypes() {
            versions[eventType] = try registry.versions(of: eventType, includingDeleted: true)
        }
        self.versions = versions
    }

    /// Every schema in a folder, read through `read` (a file system or a git revision).
    public init(folder: SchemaFolder, reader: DocumentReader = DocumentReader()) throws(RegistryError) {
        var versions: [String: [StoredVersion]] = [:]
        for file in folder.schemas {
            let document: JSONValue
            do { document = try reader.read(file: file.path) } catch { throw .schema(error) }
            versions[file.eventType, default: []].append(Self.unregistered(file, document: document))
        }
        self.versions = versions
    }

    /// A schema file's version as if registered: no schema id, not deleted, no recorded references.
    static func unregistered(_ file: SchemaFolder.SchemaFile, document: JSONValue) -> StoredVersion {
        StoredVersion(eventType: file.eventType, version: file.version, schemaID: 0, fingerprint: document.canonicalFingerprint,
                      document: document, isDeleted: false, registeredAt: "", references: [])
    }

    /// A resolver over every version in this history, by registry URI.
    public var resolver: InMemorySchemaResolver {
        var documents: [String: JSONValue] = [:]
        for (_, list) in versions { for version in list { documents[version.baseURI] = version.resolvedDocument } }
        return InMemorySchemaResolver(documents: documents)
    }
}

/// What checking one schema file against a history found.
public struct FileCheck: Sendable {
    /// The file.
    public var file: SchemaFolder.SchemaFile
    /// What was found.
    ///
    /// Indirect: with its large payloads inline, this toolchain's debug builds matched
    /// `.incompatible` values against the wrong case.
    public indirect enum Outcome: Sendable {
        /// Already in the history, unchanged (Strata's topology keywords aside).
        case unchanged
        /// New, and compatible under the mode.
        case compatible(CompatibilityReport)
        /// New, and breaking; the report lists why.
        case incompatible(CompatibilityReport)
        /// New and breaking under the mode, but upcasters bridge every earlier version the mode
        /// compares with (each checked by `BridgeVerifier`): a bridge counts as compatible.
        case bridged(CompatibilityReport, chains: [String])
        /// A version in the history whose file now differs: registered versions never change.
        case modified(previousFingerprint: String)
        /// The schema itself is invalid.
        case invalid(RegistryError)
    }
    /// The outcome.
    public var outcome: Outcome

    /// Whether this file passes the gate.
    public var passes: Bool {
        switch outcome {
        case .unchanged, .compatible, .bridged: true
        case .incompatible, .modified, .invalid: false
        }
    }
}

extension SchemaHistory {
    /// Checks every schema of `folder` against this history, as registering them in version
    /// order would, under `configuration(eventType)`. Nothing is written.
    public func check(folder: SchemaFolder, configuration: (String) -> CompatibilityConfiguration,
                      reader: DocumentReader = DocumentReader()) throws(RegistryError) -> [FileCheck] {
        var history = self
        var checks: [FileCheck] = []
        // Every folder document is resolvable, so new versions may reference each other.
        var documents = resolver.documents
        var folderDocuments: [SchemaFolder.SchemaFile: JSONValue] = [:]
        for file in folder.schemas {
            do {
                let document = try reader.read(file: file.path)
                folderDocuments[file] = document
                let uri = RegistryURI.uri(eventType: file.eventType, version: file.version)
                if documents[uri] == nil { documents[uri] = document }
            } catch {
                checks.append(FileCheck(file: file, outcome: .invalid(.schema(error))))
            }
        }
        let resolver = InMemorySchemaResolver(documents: documents)
        for file in folder.schemas {
            guard let document = folderDocuments[file] else { continue }
            let known = history.versions[file.eventType] ?? []
            if let existing = known.first(where: { $0.version == file.version }) {
                checks.append(FileCheck(file: file, outcome: Self.outcome(of: file, document: document, registered: existing)))
                continue
            }
            let baseURI = RegistryURI.uri(eventType: file.eventType, version: file.version)
            do {
                _ = try JSONSchema(document, baseURI: baseURI, file: file.path, resolver: resolver)
                _ = try TopologyAnnotations(schema: document, file: file.path)
                let report = try CompatibilityReport.check(
                    eventType: file.eventType, candidate: document, candidateBaseURI: baseURI, candidateVersion: file.version,
                    earlier: known.filter { !$0.isDeleted }, configuration: configuration(file.eventType), resolver: resolver)
                checks.append(FileCheck(file: file, outcome: report.isCompatible ? .compatible(report) : .incompatible(report)))
            } catch {
                checks.append(FileCheck(file: file, outcome: .invalid(.schema(error))))
            }
            history.versions[file.eventType, default: []].append(Self.unregistered(file, document: document))
        }
        return checks
    }

    /// The outcome for the file of a version the history has: unchanged (Strata's topology
    /// keywords aside) or modified; invalid when those keywords have the wrong shape.
    static func outcome(of file: SchemaFolder.SchemaFile, document: JSONValue, registered existing: StoredVersion) -> FileCheck.Outcome {
        do { _ = try TopologyAnnotations(schema: document, file: file.path) } catch { return .invalid(.schema(error)) }
        return existing.hasSameSchema(as: document) ? .unchanged : .modified(previousFingerprint: existing.fingerprint)
    }
}

extension FileCheck {
    /// `checks` with each breaking new version marked ``Outcome/bridged(_:chains:)`` when the
    /// chains of `verification` bridge every comparison it breaks: the CI gate's rule, decided by
    /// ``CompatibilityReport/verifyBridges(with:)`` as registration decides it.
    ///
    /// A break for readers of the new version reading older events (backward) is bridged by the
    /// upcasters from the older version; a break for readers of an older version reading the new
    /// version's events (forward) by the downcasters from the new version to the older one.
    public static func bridged(_ checks: [FileCheck], by verification: ChainVerification) -> [FileCheck] {
        var checks = checks
        for index in checks.indices {
            guard case .incompatible(var report) = checks[index].outcome,
                  let verifier = verification.verifiers[report.eventType] else { continue }
            report.verifyBridges(with: verifier)
            guard report.isBridged else { continue }
            checks[index].outcome = .bridged(report, chains: report.bridges.compactMap(\.upcasters.last))
        }
        return checks
    }
}

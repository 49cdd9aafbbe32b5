import EventSchema
import EventUpcasting
import Foundation

extension SchemaRegistry {
    /// Writes the registry's content as a catalog bundle: `Schemas/<Type>/<version>.json` (every
    /// version, deleted ones too, since old events still need them; references by name written as
    /// Strata's own `../<Type>/<version>.json`), `Upcasters/<Type>/<from>-to-<to>.json`,
    /// and `manifest.json` with each file's canonical fingerprint and schema id.
    ///
    /// A consumer adds the folder as a SwiftPM resource and loads it with
    /// `Catalog.init(bundle:subdirectory:swiftUpcasters:)`, which checks every fingerprint.
    ///
    /// The bundle is written whole into a temporary folder beside `directory` and then put in its
    /// place, so a failure leaves `directory` as it was (an earlier bundle, or nothing).
    ///
    /// - Returns: the number of schemas and upcasters written.
    /// - Throws: ``RegistryError/cannotWrite(path:reason:)`` when a file or the folder cannot be written.
    @discardableResult
    public func writeBundle(to directory: String) throws(RegistryError) -> (schemas: Int, upcasters: Int) {
        let staging = StagingFolder(target: directory)
        defer { staging.discard() }
        let written = try writeBundleFiles(to: staging.path)
        try staging.commit()
        return written
    }

    private func writeBundleFiles(to directory: String) throws(RegistryError) -> (schemas: Int, upcasters: Int) {
        let (document, counts) = try bundleContents()
        do { try document.write(into: directory) } catch { throw .cannotWrite(path: error.path, reason: error.reason) }
        return counts
    }

    /// The bundle ``SchemaRegistry/writeBundle(to:)`` writes, as one document: what `GET /strata/v1/bundle` of
    /// `strata-server` serves and `Catalog.init(bundleDocument:swiftUpcasters:validatesSteps:)` loads.
    public func bundleDocument() throws(RegistryError) -> CatalogBundleDocument {
        try bundleContents().document
    }

    /// Writes `document` (a bundle downloaded from a server) as the folder ``SchemaRegistry/writeBundle(to:)``
    /// would write, replacing `directory` only when every file is written.
    ///
    /// - Returns: the number of schemas and upcasters its manifest lists.
    /// - Throws: ``RegistryError/cannotWrite(path:reason:)``.
    @discardableResult
    public static func writeBundle(_ document: CatalogBundleDocument, to directory: String) throws(RegistryError) -> (schemas: Int, upcasters: Int) {
        let staging = StagingFolder(target: directory)
        defer { staging.discard() }
        do { try document.write(into: staging.path) } catch { throw .cannotWrite(path: error.path, reason: error.reason) }
        try staging.commit()
        let manifest = document.files[Catalog.manifestName]
        return (manifest?["schemas"]?.array?.count ?? 0, manifest?["upcasters"]?.array?.count ?? 0)
    }

    private func bundleContents() throws(RegistryError) -> (document: CatalogBundleDocument, counts: (schemas: Int, upcasters: Int)) {
        let (versions, upcasters, policies) = try store.read { reader throws(RegistryError) in
            var versions: [StoredVersion] = []
            var policies: [JSONValue] = []
            for type in try reader.eventTypes() {
                versions += try reader.versions(of: type, includingDeleted: true)
                let policy = try Self.effectiveConfiguration(type, reader).policy
                policies.append(["eventType": .string(type), "policy": .string(policy.rawValue)])
            }
            return (versions, try reader.upcasters(of: nil), policies)
        }
        var files: [String: JSONValue] = [:]
        var schemaEntries: [JSONValue] = []
        for version in versions {
            let relative = "Schemas/\(version.eventType)/\(version.version).json"
            // References by name become Strata's own, which a folder of schemas resolves.
            let document = version.resolvedDocument
            files[relative] = document
            let fingerprint = version.namedReferences.isEmpty ? version.fingerprint : document.canonicalFingerprint
            schemaEntries.append([
                "eventType": .string(version.eventType), "version": .number(JSONNumber(version.version)),
                "schemaId": .number(JSONNumber(version.schemaID)), "fingerprint": .string(fingerprint),
                "deleted": .bool(version.isDeleted), "path": .string(relative),
            ])
        }
        var upcasterEntries: [JSONValue] = []
        for upcaster in upcasters {
            let relative = "Upcasters/\(upcaster.eventType)/\(upcaster.fileName)"
            files[relative] = upcaster.document
            upcasterEntries.append([
                "eventType": .string(upcaster.eventType), "from": .number(JSONNumber(upcaster.fromVersion)),
                "to": .number(JSONNumber(upcaster.toVersion)), "fingerprint": .string(upcaster.fingerprint), "path": .string(relative),
            ])
        }
        // Each type's compatibility policy, for the catalog's check of versions that no upcaster leaves.
        files[Catalog.manifestName] = ["format": 1, "schemas": .array(schemaEntries), "upcasters": .array(upcasterEntries),
                                       "policies": .array(policies)]
        return (CatalogBundleDocument(files: files), (versions.count, upcasters.count))
    }
}

/// A folder written in full beside its target and then put in the target's place.
struct StagingFolder {
    /// The folder to replace.
    let target: String
    /// Where the new content is written first.
    let path: String

    init(target: String) {
        let trimmed = target.hasSuffix("/") && target.count > 1 ? String(target.dropLast()) : target
        self.target = trimmed
        self.path = trimmed + ".writing-" + UUID().uuidString
    }

    /// Puts the written folder in the target's place, replacing what was there.
    func commit() throws(RegistryError) {
        let files = FileManager.default
        let previous = target + ".previous-" + UUID().uuidString
        do {
            if files.fileExists(atPath: target) { try files.moveItem(atPath: target, toPath: previous) }
            try files.moveItem(atPath: path, toPath: target)
        } catch {
            if files.fileExists(atPath: previous) && !files.fileExists(atPath: target) { try? files.moveItem(atPath: previous, toPath: target) }
            throw .cannotWrite(path: target, reason: error.localizedDescription)
        }
        try? files.removeItem(atPath: previous)
    }

    /// Removes the temporary folder if it is still there.
    func discard() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

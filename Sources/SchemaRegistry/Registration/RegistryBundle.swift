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
        let files = FileManager.default
        func write(_ value: JSONValue, _ relative: String) throws(RegistryError) {
            let path = (directory as NSString).appendingPathComponent(relative)
            do {
                try files.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data((value.serialized(pretty: true) + "\n").utf8).write(to: URL(fileURLWithPath: path))
            } catch {
                throw .cannotWrite(path: path, reason: error.localizedDescription)
            }
        }
        var schemaEntries: [JSONValue] = []
        for version in versions {
            let relative = "Schemas/\(version.eventType)/\(version.version).json"
            // References by name become Strata's own, which a folder of schemas resolves.
            let document = version.resolvedDocument
            try write(document, relative)
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
            try write(upcaster.document, relative)
            upcasterEntries.append([
                "eventType": .string(upcaster.eventType), "from": .number(JSONNumber(upcaster.fromVersion)),
                "to": .number(JSONNumber(upcaster.toVersion)), "fingerprint": .string(upcaster.fingerprint), "path": .string(relative),
            ])
        }
        // Each type's compatibility policy, for the catalog's check of versions that no upcaster leaves.
        try write(["format": 1, "schemas": .array(schemaEntries), "upcasters": .array(upcasterEntries), "policies": .array(policies)],
                  Catalog.manifestName)
        return (versions.count, upcasters.count)
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

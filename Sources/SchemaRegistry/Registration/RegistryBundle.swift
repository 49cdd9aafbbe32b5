import EventSchema
import EventUpcasting
import Foundation

extension SchemaRegistry {
    /// Writes the registry's content as a catalog bundle: `Schemas/<Type>/<version>.json` (every
    /// version, deleted ones too, since old events still need them), `Upcasters/<Type>/<from>-to-<to>.json`,
    /// and `manifest.json` with each file's canonical fingerprint and schema id.
    ///
    /// A consumer adds the folder as a SwiftPM resource and loads it with
    /// ``Catalog/init(bundle:subdirectory:swiftUpcasters:)``, which checks every fingerprint.
    ///
    /// - Returns: the number of schemas and upcasters written.
    @discardableResult
    public func writeBundle(to directory: String) throws(RegistryError) -> (schemas: Int, upcasters: Int) {
        let (versions, upcasters) = try store.read { reader throws(RegistryError) in
            var versions: [StoredVersion] = []
            for type in try reader.eventTypes() { versions += try reader.versions(of: type, includingDeleted: true) }
            return (versions, try reader.upcasters(of: nil))
        }
        let files = FileManager.default
        func write(_ value: JSONValue, _ relative: String) throws(RegistryError) {
            let path = (directory as NSString).appendingPathComponent(relative)
            do {
                try files.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data((value.serialized(pretty: true) + "\n").utf8).write(to: URL(fileURLWithPath: path))
            } catch {
                throw .cannotOpen(path: path, reason: "cannot write: \(error.localizedDescription)")
            }
        }
        var schemaEntries: [JSONValue] = []
        for version in versions {
            let relative = "Schemas/\(version.eventType)/\(version.version).json"
            try write(version.document, relative)
            schemaEntries.append([
                "eventType": .string(version.eventType), "version": .number(JSONNumber(version.version)),
                "schemaId": .number(JSONNumber(version.schemaID)), "fingerprint": .string(version.fingerprint),
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
        try write(["format": 1, "schemas": .array(schemaEntries), "upcasters": .array(upcasterEntries)], Catalog.manifestName)
        return (versions.count, upcasters.count)
    }
}

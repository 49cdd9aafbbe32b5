import EventSchema
import Foundation

/// The read-only set of schemas and upcasters a consumer needs: from a folder (`Schemas/` and
/// `Upcasters/`), or from a bundle that `strata bundle` wrote from a registry, shipped as SwiftPM
/// resources and loaded with `Bundle.module` — no database, no network.
///
/// ```swift
/// let catalog = try Catalog(bundle: Bundle.module, subdirectory: "Catalog", swiftUpcasters: ["splitName": splitName])
/// let reader = catalog.reader(types: types)
/// ```
public struct Catalog: Sendable {
    /// The schema folder.
    public let schemas: SchemaFolder
    /// The upcaster chains, checked.
    public let chain: UpcasterChain
    /// The registry schema id of each event type's version, when the catalog came from a bundle
    /// (for the wire format).
    public let schemaIDs: [Int: (eventType: String, version: Int)]

    /// The name of a bundle's manifest.
    public static let manifestName = "manifest.json"

    #if DEBUG
    /// Whether catalogs validate each upcaster's output unless told otherwise: in debug builds.
    public static let validatesStepsByDefault = true
    #else
    /// Whether catalogs validate each upcaster's output unless told otherwise: in debug builds.
    public static let validatesStepsByDefault = false
    #endif

    /// A catalog over a `Schemas/` folder and an `Upcasters/` folder.
    ///
    /// A version that no upcaster leaves is read as the next one when that one is BACKWARD
    /// compatible with it under the type's policy in `policies` (STRICT when not named); otherwise
    /// loading fails naming the breaking differences and the missing upcaster file.
    ///
    /// - Parameters:
    ///   - schemas: the schema folder, laid out as `<EventType>/<version>.json`.
    ///   - upcasters: the upcaster folder, laid out as `<EventType>/<from>-to-<to>.yaml`.
    ///   - swiftUpcasters: the Swift upcasters that the files' `swift` steps name, by name.
    ///   - policies: the compatibility policy of each event type (STRICT when not named).
    ///   - validatesSteps: check each upcaster's output against its target schema
    ///     (default: on in debug builds).
    public init(schemas: String, upcasters: String, swiftUpcasters: [String: SwiftUpcaster] = [:],
                policies: [String: CompatibilityPolicy] = [:],
                validatesSteps: Bool = Catalog.validatesStepsByDefault) throws(UpcastingError) {
        let folder = try SchemaFolder(root: schemas)
        var chain = try UpcasterChain(folder: upcasters, schemas: folder, policies: policies, swiftUpcasters: swiftUpcasters)
        if validatesSteps { chain = try chain.validatingSteps(against: folder) }
        // Stored properties are set only after everything that can throw (see SQLiteSchemaStore).
        self.schemas = folder
        self.chain = chain
        schemaIDs = [:]
    }

    /// A catalog from a bundle folder written by `strata bundle`: every file is checked against
    /// the fingerprint its manifest records. Versions that no upcaster leaves are checked against
    /// the next one under the policies the manifest records (STRICT for a bundle without them).
    ///
    /// - Throws: ``UpcastingError/bundleMismatch(file:reason:)`` for a missing, extra-changed or altered file.
    public init(bundleAt root: String, swiftUpcasters: [String: SwiftUpcaster] = [:],
                validatesSteps: Bool = Catalog.validatesStepsByDefault, reader: DocumentReader = DocumentReader()) throws(UpcastingError) {
        let manifestPath = (root as NSString).appendingPathComponent(Self.manifestName)
        let manifest: JSONValue
        do { manifest = try reader.read(file: manifestPath) } catch { throw .schema(error) }
        var ids: [Int: (eventType: String, version: Int)] = [:]
        for section in ["schemas", "upcasters"] {
            guard case .array(let entries)? = manifest[section] else {
                throw .bundleMismatch(file: manifestPath, reason: "the manifest has no \(section) list")
            }
            for entry in entries {
                guard case .string(let relative)? = entry["path"], case .string(let fingerprint)? = entry["fingerprint"] else {
                    throw .bundleMismatch(file: manifestPath, reason: "an entry lacks path or fingerprint")
                }
                let path = (root as NSString).appendingPathComponent(relative)
                let document: JSONValue
                do { document = try reader.read(file: path) } catch { throw .bundleMismatch(file: path, reason: "listed in the manifest but unreadable: \(error)") }
                guard document.canonicalFingerprint == fingerprint else {
                    throw .bundleMismatch(file: path, reason: "its fingerprint differs from the manifest's; the bundle was altered")
                }
                if section == "schemas", case .string(let type)? = entry["eventType"],
                   let version = entry["version"]?.number?.int64Value, let id = entry["schemaId"]?.number?.int64Value {
                    ids[Int(id)] = (type, Int(version))
                }
            }
        }
        var policies: [String: CompatibilityPolicy] = [:]
        if case .array(let configurations)? = manifest["policies"] {
            for entry in configurations {
                guard case .string(let type)? = entry["eventType"], case .string(let name)? = entry["policy"],
                      let policy = CompatibilityPolicy(rawValue: name) else {
                    throw .bundleMismatch(file: manifestPath, reason: "a policies entry lacks eventType or a known policy")
                }
                policies[type] = policy
            }
        }
        let folder = try SchemaFolder(root: (root as NSString).appendingPathComponent("Schemas"))
        var chain = try UpcasterChain(folder: (root as NSString).appendingPathComponent("Upcasters"), schemas: folder,
                                      policies: policies, swiftUpcasters: swiftUpcasters, reader: reader)
        if validatesSteps { chain = try chain.validatingSteps(against: folder) }
        schemas = folder
        self.chain = chain
        schemaIDs = ids
    }

    /// A catalog from a bundle shipped as resources of `bundle` (for example `Bundle.module`) in `subdirectory`.
    public init(bundle: Bundle, subdirectory: String, swiftUpcasters: [String: SwiftUpcaster] = [:],
                validatesSteps: Bool = Catalog.validatesStepsByDefault) throws(UpcastingError) {
        guard let resources = bundle.resourceURL?.appendingPathComponent(subdirectory).path,
              FileManager.default.fileExists(atPath: resources) else {
            throw .bundleMismatch(file: subdirectory, reason: "no such resource folder in \(bundle.bundlePath)")
        }
        try self.init(bundleAt: resources, swiftUpcasters: swiftUpcasters, validatesSteps: validatesSteps)
    }

    /// A reader of stored events into the Swift types of `types`.
    ///
    /// - Parameters:
    ///   - types: the Swift type of each event type the reader decodes.
    ///   - unknownType: what to do with an event whose type is not in `types`.
    ///   - newerVersion: what to do with an event newer than the latest schema the catalog has.
    ///   - targetVersions: the version each event type is read at when the Swift type is
    ///     not the current version's: `["OrderPlaced": 2]` for a consumer rolled back to v2, which
    ///     then reads v3 events through the downcasters (see ``EventReader/targetVersions``).
    public func reader(types: EventTypeMap, unknownType: EventReader.UnknownTypePolicy = .error,
                       newerVersion: EventReader.NewerVersionPolicy = .error, targetVersions: [String: Int] = [:]) -> EventReader {
        EventReader(chain: chain, types: types, unknownType: unknownType, newerVersion: newerVersion, targetVersions: targetVersions)
    }
}

import EventSchema
import EventUpcasting
import Foundation

/// What `strata sync` registers, read from its folders: the schema files with their documents,
/// the upcaster files, and the golden examples and pinned forms that bridge checks use.
///
/// Reading it is separate from registering it so that the same input can be registered here
/// (``SchemaRegistry/sync(_:swiftUpcasters:)``) or sent to a server, which registers it with the
/// same call.
public struct SyncInput: Sendable {
    /// The schema files and their documents.
    public var schemas: [(file: SchemaFolder.SchemaFile, document: JSONValue)]
    /// The upcaster files, read and checked, with their documents.
    public var upcasters: [(upcaster: Upcaster, document: JSONValue)]
    /// The golden examples of the schema folder, by version.
    public var golden: [EventVersion: [(file: String, payload: JSONValue)]]
    /// The version each event type's pinned `.expected.json` forms are at.
    public var pinnedFormVersions: [String: Int]

    /// Creates an input from its parts.
    public init(schemas: [(file: SchemaFolder.SchemaFile, document: JSONValue)], upcasters: [(upcaster: Upcaster, document: JSONValue)],
                golden: [EventVersion: [(file: String, payload: JSONValue)]], pinnedFormVersions: [String: Int]) {
        self.schemas = schemas
        self.upcasters = upcasters
        self.golden = golden
        self.pinnedFormVersions = pinnedFormVersions
    }

    /// Reads `folder`'s schemas and golden examples, and every upcaster file under `upcasters`
    /// (none when `nil`).
    ///
    /// - Throws: ``RegistryError/schema(_:)`` for an unreadable schema file;
    ///   ``RegistryError/folder(_:)`` for a missing upcaster folder or an invalid file.
    public init(_ folder: SchemaFolder, upcasters upcasterFolder: String?, reader: DocumentReader = DocumentReader()) throws(RegistryError) {
        let upcasters = try SchemaRegistry.readUpcasters(upcasterFolder, reader: reader)
        var schemas: [(file: SchemaFolder.SchemaFile, document: JSONValue)] = []
        for file in folder.schemas {
            do { schemas.append((file, try reader.read(file: file.path))) } catch { throw .schema(error) }
        }
        let golden: [EventVersion: [(file: String, payload: JSONValue)]]
        do { golden = try BridgeVerifier.goldenExamples(in: folder, reader: reader) } catch { throw .folder(error) }
        self.init(schemas: schemas, upcasters: upcasters, golden: golden, pinnedFormVersions: folder.currentVersions)
    }
}

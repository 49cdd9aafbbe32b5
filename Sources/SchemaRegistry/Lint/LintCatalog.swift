import EventSchema
import EventUpcasting
import Foundation

/// What `strata lint` looks at: a schema folder read once, with its examples and upcasters.
public struct LintCatalog: Sendable {
    /// The folder, opened allowing gaps between versions (`SchemaFolder.versionGaps` lists them).
    public let folder: SchemaFolder
    /// Each schema file's document.
    public let documents: [SchemaFolder.SchemaFile: JSONValue]
    /// The types that are shared schemas, not events: named in the configuration, or referenced
    /// by `$ref` from another type's schema.
    public let sharedTypes: Set<String>
    /// The upcasters of the folder's upcaster folder.
    public let upcasters: [Upcaster]
    /// Every example checked against its version's schema.
    public let examples: [SchemaFolder.ExampleOutcome]

    /// Reads the schemas under `schemas` and the upcasters under `upcasters` (a missing upcaster folder has none).
    ///
    /// - Throws: ``RegistryError`` for a folder that does not follow the layout, a schema or example
    ///   that cannot be read or compiled, or an invalid upcaster file.
    public init(schemas: String, upcasters: String, sharedTypes configured: [String]) throws(RegistryError) {
        do {
            folder = try SchemaFolder(root: schemas, allowingVersionGaps: true)
            var documents: [SchemaFolder.SchemaFile: JSONValue] = [:]
            let reader = DocumentReader()
            for file in folder.schemas {
                do { documents[file] = try reader.read(file: file.path) } catch { throw RegistryError.schema(error) }
            }
            self.documents = documents
            self.upcasters = try Upcaster.files(in: upcasters).map { path throws(UpcastingError) in try Upcaster(file: path) }
            examples = try folder.checkExamples()
        } catch let error as RegistryError {
            throw error
        } catch let error as UpcastingError {
            throw .folder(error)
        } catch {
            throw .folder(.invalidFolderLayout(path: schemas, reason: "\(error)"))
        }
        sharedTypes = Set(configured).union(Self.referencedByOthers(folder.schemas, documents: documents))
    }

    /// The latest version of each type, by type name.
    public var latest: [SchemaFolder.SchemaFile] {
        let current = folder.currentVersions
        return folder.schemas.filter { current[$0.eventType] == $0.version }
    }

    /// The latest version of each event type that is not a shared schema.
    public var latestEvents: [SchemaFolder.SchemaFile] {
        latest.filter { !sharedTypes.contains($0.eventType) }
    }

    /// The event types whose schemas another type's schema references.
    static func referencedByOthers(_ files: [SchemaFolder.SchemaFile], documents: [SchemaFolder.SchemaFile: JSONValue]) -> Set<String> {
        var referenced: Set<String> = []
        for file in files {
            for target in SchemaRegistry.referencedFiles(from: file, document: documents[file] ?? .null, among: files)
            where target.eventType != file.eventType {
                referenced.insert(target.eventType)
            }
        }
        return referenced
    }
}

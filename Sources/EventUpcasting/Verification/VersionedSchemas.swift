import EventSchema
import Foundation

/// The schemas a verification reads: each event type's versions as documents with the base URI
/// their references resolve against, and a resolver for the documents they reference.
///
/// ```swift
/// let schemas = try VersionedSchemas(folder: SchemaFolder(root: "Schemas"))
/// let v1 = try schemas.compile(EventVersion("OrderPlaced", 1))
/// ```
public struct VersionedSchemas: Sendable {
    /// One version's schema.
    public struct Entry: Sendable {
        /// The schema document.
        public var document: JSONValue
        /// What its relative references resolve against (a `file:` or `strata:` URI).
        public var baseURI: String
        /// The file it came from, if any, for messages.
        public var file: String?

        /// Creates an entry.
        public init(document: JSONValue, baseURI: String, file: String? = nil) {
            self.document = document
            self.baseURI = baseURI
            self.file = file
        }
    }

    /// The schemas, by event type and version.
    public var entries: [EventVersion: Entry]
    /// Resolves references between the schemas (and to documents such as shared types).
    public var resolver: any SchemaResolver

    /// Creates the set from entries; the resolver serves every entry by its base URI, and
    /// `extra` (for example a registry) anything else.
    public init(entries: [EventVersion: Entry], extra: (any SchemaResolver)? = nil) {
        self.entries = entries
        var documents: [String: JSONValue] = [:]
        for entry in entries.values { documents[entry.baseURI] = entry.document }
        resolver = ChainedResolver(first: InMemorySchemaResolver(documents: documents), then: extra)
    }

    /// Every schema of a `Schemas/` folder.
    public init(folder: SchemaFolder, reader: DocumentReader = DocumentReader()) throws(UpcastingError) {
        var entries: [EventVersion: Entry] = [:]
        for file in folder.schemas {
            let document: JSONValue
            do { document = try reader.read(file: file.path) } catch { throw .schema(error) }
            entries[EventVersion(file.eventType, file.version)] = Entry(document: document, baseURI: FileSchemaResolver.uri(forFile: file.path), file: file.path)
        }
        self.init(entries: entries, extra: FileSchemaResolver(root: folder.root, reader: reader))
    }

    /// The latest version of each event type.
    public var currentVersions: [String: Int] {
        var current: [String: Int] = [:]
        for key in entries.keys { current[key.eventType] = max(current[key.eventType] ?? 0, key.version) }
        return current
    }

    /// Compiles one version's schema, with `format` asserted.
    public func compile(_ node: EventVersion) throws(UpcastingError) -> JSONSchema {
        guard let entry = entries[node] else { throw .unknownVersion(eventType: node.eventType, version: node.version) }
        do {
            return try JSONSchema(entry.document, baseURI: entry.baseURI, file: entry.file,
                                  options: JSONSchema.Options(assertsFormat: true), resolver: resolver)
        } catch {
            throw .schema(error)
        }
    }
}

/// Asks one resolver, then another.
struct ChainedResolver: SchemaResolver {
    let first: any SchemaResolver
    let then: (any SchemaResolver)?

    func document(at uri: String) throws(SchemaError) -> JSONValue? {
        if let found = try first.document(at: uri) { return found }
        return try then?.document(at: uri)
    }
}

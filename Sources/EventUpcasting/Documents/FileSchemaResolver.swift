import EventSchema
import Foundation

/// Resolves `file:` URIs to schema files under one root folder, and nothing else.
///
/// Schemas in a folder reference each other by relative path — `"$ref": "../Money/1.json"` —
/// which resolves against the referencing file's own `file:` URI. This resolver reads such
/// files when they lie under `root`, symbolic links resolved; a reference outside it stays
/// unresolved, and a link from inside to outside is refused.
///
/// ```swift
/// let root = "Schemas"
/// let resolver = FileSchemaResolver(root: root)
/// let schema = try JSONSchema(document, baseURI: FileSchemaResolver.uri(forFile: "Schemas/OrderPlaced/3.json"),
///                             resolver: resolver)
/// ```
public struct FileSchemaResolver: SchemaResolver {
    /// The absolute path of the folder files may be read from.
    public let root: String
    /// How files are read.
    public var reader: DocumentReader

    /// Creates a resolver for files under `root`.
    public init(root: String, reader: DocumentReader = DocumentReader()) {
        self.root = URL(fileURLWithPath: root).standardizedFileURL.path
        self.reader = reader
    }

    /// The `file:` URI of a file path, the base URI for a schema read from it.
    public static func uri(forFile path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.absoluteString
    }

    /// The file a `file:` URI under ``root`` names, read and parsed; `nil` for any other URI.
    public func document(at uri: String) throws(SchemaError) -> JSONValue? {
        guard let url = URL(string: uri), url.isFileURL else { return nil }
        let path = url.standardizedFileURL.path
        guard FolderTree.isInside(path, root: root), let real = FolderTree.realPath(path) else { return nil }
        // The file must still lie under the root once symbolic links in either are resolved.
        guard let realRoot = FolderTree.realPath(root), FolderTree.isInside(real, root: realRoot) else {
            throw .unreadableDocument(file: path, reason: "a symbolic link to \(real), outside \(root)")
        }
        return try reader.read(file: path)
    }
}

/// Supplies documents that schemas reference by URI: other registered schemas, shared types.
///
/// Strata never reads files or the network on its own; a schema that references another document
/// resolves it only through the resolver it was compiled with. The built-in meta-schemas resolve
/// without one.
///
/// ```swift
/// struct InMemoryResolver: SchemaResolver {
///     let documents: [String: JSONValue]
///     func document(at uri: String) throws(SchemaError) -> JSONValue? { documents[uri] }
/// }
/// ```
public protocol SchemaResolver: Sendable {
    /// The document at `uri` (absolute, without fragment), or `nil` when this resolver has none.
    ///
    /// - Throws: ``SchemaError`` when the document exists but cannot be read.
    func document(at uri: String) throws(SchemaError) -> JSONValue?
}

/// A resolver over documents held in memory, keyed by absolute URI.
public struct InMemorySchemaResolver: SchemaResolver {
    /// The documents, keyed by absolute URI without fragment.
    public var documents: [String: JSONValue]

    /// Creates a resolver over `documents`.
    public init(documents: [String: JSONValue] = [:]) {
        self.documents = documents
    }

    /// The document registered under `uri`, if any.
    public func document(at uri: String) throws(SchemaError) -> JSONValue? {
        documents[uri]
    }
}

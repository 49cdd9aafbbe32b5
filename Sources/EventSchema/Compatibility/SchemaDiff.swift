/// Confluent Schema Registry's JSON Schema diff, reproduced: the differences between a
/// registered schema and a candidate, each classified by kind and place.
///
/// ```swift
/// let old = try JSONValue(parsing: #"{"type": "string", "maxLength": 10}"#)
/// let new = try JSONValue(parsing: #"{"type": "string", "maxLength": 5}"#)
/// let differences = try SchemaDiff.compare(original: old, updated: new)
/// differences.map(\.description)                                        // ["MAX_LENGTH_DECREASED #/maxLength"]
/// differences.allSatisfy { $0.kind.isCompatible(under: .strict) }       // false
/// ```
public enum SchemaDiff {
    /// Every difference between `original` (the registered, writer schema) and `updated` (the
    /// candidate reader), in Confluent's order.
    ///
    /// `$ref`s are resolved before comparing: inside each document (`#`, `#/$defs/...`,
    /// `#/definitions/...`, any JSON pointer, `$id`/`$anchor`), and to other documents through
    /// `resolver`, with relative references resolved against the given base URIs. A pair of
    /// schemas met again while it is still being compared counts as unchanged, so recursive
    /// schemas terminate.
    ///
    /// - Parameters:
    ///   - original: the registered schema, which wrote the existing data.
    ///   - updated: the candidate schema, which is to read it.
    ///   - originalBaseURI: what relative references in `original` resolve against.
    ///   - updatedBaseURI: what relative references in `updated` resolve against.
    ///   - resolver: supplies documents that either schema references; none by default.
    /// - Throws: ``SchemaError/unresolvedReference(file:pointer:reference:)`` for a reference
    ///   that names nothing, or what `resolver` throws.
    public static func compare(
        original: JSONValue,
        updated: JSONValue,
        originalBaseURI: String = JSONSchema.defaultBaseURI,
        updatedBaseURI: String = JSONSchema.defaultBaseURI,
        resolver: (any SchemaResolver)? = nil
    ) throws(SchemaError) -> [SchemaDifference] {
        try compare(Prepared(original, baseURI: originalBaseURI, resolver: resolver),
                    Prepared(updated, baseURI: updatedBaseURI, resolver: resolver))
    }

    /// A schema read once into the diff's model, to compare with many others.
    ///
    /// Checking a candidate against 50 earlier versions prepares it once instead of 50 times, and
    /// a registry keeps the models of its registered versions between registrations. Every
    /// reference is resolved while preparing (a reference that cannot be resolved fails the
    /// comparisons that reach it, as before), and comparing only reads the model, so one
    /// `Prepared` may be compared on several threads at once.
    public struct Prepared: @unchecked Sendable {
        // Unchecked: the loader and its nodes are classes, written only by this initializer;
        // `compare` reads them and never writes.
        let loader: DiffSchemaLoader
        let root: DiffNode

        /// Reads `document`, whose relative references resolve against `baseURI` and through `resolver`.
        public init(_ document: JSONValue, baseURI: String = JSONSchema.defaultBaseURI, resolver: (any SchemaResolver)? = nil) {
            loader = DiffSchemaLoader(resolver: resolver)
            root = loader.load(document, baseURI: baseURI)
            loader.resolveAll()
        }

        /// The documents `resolver` supplied while reading, by URI: what the model depends on
        /// besides its own document. A model kept for reuse is still right while `resolver`
        /// supplies these same documents.
        public var suppliedDocuments: [String: JSONValue] { loader.suppliedDocuments }
    }

    /// Every difference between two prepared schemas; see ``compare(original:updated:originalBaseURI:updatedBaseURI:resolver:)``.
    public static func compare(_ original: Prepared, _ updated: Prepared) throws(SchemaError) -> [SchemaDifference] {
        defer {
            withExtendedLifetime(original.loader) {}
            withExtendedLifetime(updated.loader) {}
        }
        var context = DiffContext()
        if let failure = original.loader.failure ?? updated.loader.failure { throw failure }
        try SchemaComparer().compare(&context, original.root, updated.root)
        if let failure = original.loader.failure ?? updated.loader.failure { throw failure }
        return context.entries.map { SchemaDifference(kind: $0.kind, path: "#/" + $0.path.joined(separator: "/")) }
    }
}

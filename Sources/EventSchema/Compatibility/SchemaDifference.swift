/// One difference between two versions of a JSON Schema, as Confluent Schema Registry's
/// JSON Schema diff reports it: a kind and the place in the schema where it occurs.
///
/// ```swift
/// let differences = try SchemaDiff.compare(original: old, updated: new)
/// differences.first?.description   // "MAX_LENGTH_DECREASED #/properties/name/maxLength"
/// ```
public struct SchemaDifference: Sendable, Hashable, CustomStringConvertible {
    /// What changed.
    public var kind: Kind
    /// Where it changed, in Confluent's notation: `#/` followed by the path segments joined with
    /// `/`, unescaped (`#/properties/foo/maxLength`); `#/` alone is the root.
    public var path: String

    /// Creates a difference of `kind` at `path`.
    public init(kind: Kind, path: String) {
        self.kind = kind
        self.path = path
    }

    /// `KIND #/path`, as Confluent's test data writes a change.
    public var description: String { "\(kind.rawValue) \(path)" }
}

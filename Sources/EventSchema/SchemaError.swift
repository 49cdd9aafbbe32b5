/// Everything that can be wrong with a schema or a JSON document, with where it is wrong.
///
/// Each case names the file (when the document came from one) and a JSON pointer into it, so a
/// message reads `Schemas/OrderPlaced/3.json: #/properties/total: …`.
public enum SchemaError: Error, Sendable, Equatable {
    /// The text is not JSON (or YAML) at all.
    case malformedDocument(file: String?, JSONSyntaxError)
    /// The document could not be read (missing file, permissions, a directory).
    case unreadableDocument(file: String, reason: String)
    /// The document is larger than the configured limit.
    case documentTooLarge(file: String?, limit: Int)
    /// A value in the schema is of the wrong shape for its keyword.
    case invalidKeyword(file: String?, pointer: JSONPointer, reason: String)
    /// The schema does not validate against its meta-schema; each violation points into the schema.
    case metaSchemaViolation(file: String?, violations: [ValidationError])
    /// `$schema` names a dialect Strata does not support.
    case unsupportedDialect(file: String?, uri: String)
    /// A `$ref` or `$dynamicRef` names something that is not there.
    case unresolvedReference(file: String?, pointer: JSONPointer, reference: String)
    /// References loop back to where they started without validating any deeper value.
    case cyclicReference(file: String?, pointer: JSONPointer, cycle: [String])
    /// A `pattern` or `patternProperties` key is not a valid ECMA-262 regular expression.
    case invalidPattern(file: String?, pointer: JSONPointer, pattern: String, reason: String)
    /// A resolver failed to supply a referenced document.
    case resolverFailed(file: String?, reference: String, reason: String)
    /// Subschemas nest, or chain through `$ref`, `allOf` and the other in-place applicators,
    /// deeper than `limit` (``JSONSchema/maximumDepth``) levels; `pointer` names where.
    case schemaTooDeep(file: String?, pointer: JSONPointer, limit: Int)
}

extension SchemaError: CustomStringConvertible {
    /// One line: the file, the pointer, and what is wrong.
    public var description: String {
        func place(_ file: String?, _ pointer: JSONPointer?) -> String {
            [file, pointer.map { $0.fragment }].compactMap { $0 }.joined(separator: ": ")
        }
        func prefixed(_ file: String?, _ pointer: JSONPointer?, _ message: String) -> String {
            let where_ = place(file, pointer)
            return where_.isEmpty ? message : "\(where_): \(message)"
        }
        switch self {
        case .malformedDocument(let file, let syntax):
            return prefixed(file, nil, "malformed document at \(syntax)")
        case .unreadableDocument(let file, let reason):
            return "\(file): cannot read: \(reason)"
        case .documentTooLarge(let file, let limit):
            return prefixed(file, nil, "document is larger than the limit of \(limit) bytes")
        case .invalidKeyword(let file, let pointer, let reason):
            return prefixed(file, pointer, reason)
        case .metaSchemaViolation(let file, let violations):
            let first = violations.first.map { "\($0.instanceLocation.fragment): \($0.message)" } ?? "invalid"
            let more = violations.count > 1 ? " (and \(violations.count - 1) more)" : ""
            return prefixed(file, nil, "not a valid schema: \(first)\(more)")
        case .unsupportedDialect(let file, let uri):
            return prefixed(file, JSONPointer(tokens: ["$schema"]), "unsupported dialect \(uri); use draft 2020-12 or draft-07")
        case .unresolvedReference(let file, let pointer, let reference):
            return prefixed(file, pointer, "cannot resolve reference \(reference)")
        case .cyclicReference(let file, let pointer, let cycle):
            return prefixed(file, pointer, "references loop without validating anything: \(cycle.joined(separator: " -> "))")
        case .invalidPattern(let file, let pointer, let pattern, let reason):
            return prefixed(file, pointer, "invalid regular expression \(pattern): \(reason)")
        case .resolverFailed(let file, let reference, let reason):
            return prefixed(file, nil, "cannot load \(reference): \(reason)")
        case .schemaTooDeep(let file, let pointer, let limit):
            return prefixed(file, pointer, "subschemas nest or chain through references deeper than \(limit) levels")
        }
    }
}

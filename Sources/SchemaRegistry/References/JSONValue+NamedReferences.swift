import EventSchema

extension JSONValue {
    /// This schema document with every `$ref` that names one of `references` (its value before any
    /// `#` fragment equals the reference's name) replaced by Strata's own reference to the same
    /// version, `../<EventType>/<version>.json`, fragment kept; the document itself when there are
    /// no references.
    ///
    /// Only schema positions are rewritten: the subschemas of the applicator keywords, not values
    /// under `const`, `enum`, `default`, `examples` or unknown keywords, which are data.
    ///
    /// - Complexity: O(*n*) in the document's size. It recurses once per level of subschema
    ///   nesting; documents with references by name come through Confluent's API, whose parser
    ///   limits nesting to 128 levels.
    public func resolvingNamedReferences(_ references: [SchemaReference]) -> JSONValue {
        guard !references.isEmpty else { return self }
        var targets: [String: String] = [:]
        for reference in references where targets[reference.name] == nil { targets[reference.name] = reference.registryReference }
        return rewritingReferences(targets)
    }

    private func rewritingReferences(_ targets: [String: String]) -> JSONValue {
        guard case .object(let object) = self else { return self }
        var members: [JSONObject.Member] = []
        members.reserveCapacity(object.count)
        for (key, value) in object {
            members.append((key, Self.rewriting(value, under: key, targets)))
        }
        return .object(JSONObject(uniqueMembers: members))
    }

    private static func rewriting(_ value: JSONValue, under keyword: String, _ targets: [String: String]) -> JSONValue {
        switch keyword {
        case "$ref":
            guard case .string(let reference) = value else { return value }
            let hash = reference.firstIndex(of: "#") ?? reference.endIndex
            guard let target = targets[String(reference[..<hash])] else { return value }
            return .string(target + reference[hash...])
        case _ where schemaKeywords.contains(keyword):
            return value.rewritingReferences(targets)
        case _ where schemaListKeywords.contains(keyword):
            guard case .array(let elements) = value else { return value.rewritingReferences(targets) }
            return .array(elements.map { $0.rewritingReferences(targets) })
        case _ where schemaMapKeywords.contains(keyword):
            guard case .object(let map) = value else { return value }
            return .object(JSONObject(uniqueMembers: map.map { ($0.key, $0.value.rewritingReferences(targets)) }))
        default:
            return value
        }
    }

    /// Keywords whose value is one subschema.
    private static let schemaKeywords: Set<String> = [
        "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames", "unevaluatedItems",
        "unevaluatedProperties", "additionalItems", "contentSchema",
    ]
    /// Keywords whose value is a list of subschemas (or, for draft-07 `items`, one).
    private static let schemaListKeywords: Set<String> = ["allOf", "anyOf", "oneOf", "prefixItems", "items"]
    /// Keywords whose value maps names to subschemas (`dependencies` entries may be lists of names, left as they are).
    private static let schemaMapKeywords: Set<String> = [
        "properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies",
    ]
}

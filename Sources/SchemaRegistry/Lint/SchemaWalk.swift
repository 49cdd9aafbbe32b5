import EventSchema

/// One subschema of a schema document, with where it is and, for a member of `properties`, its name.
struct SchemaNode {
    /// The subschema's keywords.
    var object: JSONObject
    /// Where it is in the document.
    var pointer: JSONPointer
    /// The property's name when the subschema is a member of a `properties` object.
    var propertyName: String?

    /// The types `type` allows (empty when it says nothing).
    var types: Set<String> {
        switch object["type"] {
        case .string(let type)?: [type]
        case .array(let types)?: Set(types.compactMap(\.string))
        default: []
        }
    }

    /// Whether the subschema describes an object: `type: object`, or `properties` without a type.
    var isObjectSchema: Bool {
        types.contains("object") || (types.isEmpty && object["properties"] != nil)
    }

    /// Whether the subschema constrains a value's form itself rather than through a reference or a fixed set.
    var isPlainValue: Bool {
        object["$ref"] == nil && object["enum"] == nil && object["const"] == nil
    }
}

/// Visits every subschema of a document, in document order, without following `$ref`s (another
/// file is linted on its own; a local `$defs` entry is visited where it is).
enum SchemaWalk {
    /// Keywords whose value is one subschema.
    static let single = ["additionalProperties", "items", "not", "if", "then", "else", "contains", "propertyNames",
                         "unevaluatedItems", "unevaluatedProperties", "additionalItems"]
    /// Keywords whose value maps names to subschemas.
    static let named = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]
    /// Keywords whose value is a list of subschemas.
    static let listed = ["allOf", "anyOf", "oneOf", "prefixItems", "items"]

    /// Every subschema of `document` that is an object, the root first.
    ///
    /// - Complexity: O(n) in the document's size; an explicit stack, so deep documents cannot exhaust the call stack.
    static func nodes(of document: JSONValue) -> [SchemaNode] {
        guard case .object(let root) = document else { return [] }
        var found: [SchemaNode] = []
        var pending = [SchemaNode(object: root, pointer: .root, propertyName: nil)]
        while let node = pending.popLast() {
            found.append(node)
            var children: [SchemaNode] = []
            for keyword in single {
                if case .object(let child)? = node.object[keyword] {
                    children.append(SchemaNode(object: child, pointer: node.pointer.appending(keyword)))
                }
            }
            for keyword in named {
                guard case .object(let members)? = node.object[keyword] else { continue }
                for (name, member) in members {
                    guard case .object(let child) = member else { continue }
                    children.append(SchemaNode(object: child, pointer: node.pointer.appending(keyword).appending(name),
                                               propertyName: keyword == "properties" ? name : nil))
                }
            }
            for keyword in listed {
                guard case .array(let elements)? = node.object[keyword] else { continue }
                for (index, element) in elements.enumerated() {
                    guard case .object(let child) = element else { continue }
                    children.append(SchemaNode(object: child, pointer: node.pointer.appending(keyword).appending(index)))
                }
            }
            pending += children.reversed()
        }
        return found
    }
}

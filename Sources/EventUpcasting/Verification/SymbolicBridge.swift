import EventSchema

/// Applies an upcaster's declarative steps to the schema of the version it reads, giving a schema
/// of what the upcaster writes — to compare with the target version's schema.
///
/// A rename moves the property's subschema, a move or copy carries it (and whether it was
/// required) to its new place, a default makes a property required, a converter maps the
/// subschema to its output type, a removal drops it. The result describes at least every payload
/// the steps can write (an over-approximation: a default is described by its type, not its
/// value), so a comparison that finds nothing breaking proves the bridge. A step it cannot
/// follow — a Swift upcaster, a split, a pointer that crosses a `$ref` or a combinator — makes it
/// answer ``Outcome/undecidable(_:)``, and the generated examples decide alone.
public enum SymbolicBridge {
    /// What the transformation gave.
    public enum Outcome: Sendable, Equatable {
        /// The schema of the upcaster's output.
        case transformed(JSONValue)
        /// The steps cannot be followed on the schema, and why.
        case undecidable(String)
        /// A step fails on some payloads the old schema allows (a converter outside its domain,
        /// a rename onto a member that may be present), and which.
        case refuted(String)
    }

    /// The schema of what `upcasters`, applied in order, write from payloads valid under `schema`.
    public static func transform(_ schema: JSONValue, through upcasters: [Upcaster]) -> Outcome {
        var schema = schema
        for upcaster in upcasters {
            for (index, step) in upcaster.steps.enumerated() {
                do {
                    try apply(step, to: &schema)
                } catch {
                    let reason = "\(upcaster.eventType) v\(upcaster.fromVersion) step \(index + 1): \(error.reason)"
                    return error.refutes ? .refuted(reason) : .undecidable(reason)
                }
            }
        }
        return .transformed(schema)
    }

    /// Why the steps cannot be followed on the schema; `refutes` when a step fails on some payload
    /// the schema allows, so the bridge does not hold.
    struct Undecidable: Error {
        var reason: String
        var refutes = false
    }

    /// The document path (`properties`/`items` keys) of the subschema a pointer reaches.
    static func location(of tokens: [String], in schema: JSONValue, creating: Bool = false) throws(Undecidable) -> [String] {
        var path: [String] = []
        var node = schema
        for token in tokens {
            try checkFollowable(node, tokens)
            if token == "*" {
                guard let items = node["items"] else { throw Undecidable(reason: "\(pointerText(tokens)): * needs an array schema with items") }
                path.append("items")
                node = items
                continue
            }
            guard let properties = node["properties"]?.object else {
                throw Undecidable(reason: "\(pointerText(tokens)): \(token) is not a declared property")
            }
            guard let next = properties[token] else {
                throw Undecidable(reason: "\(pointerText(tokens)): \(token) is not a declared property")
            }
            path += ["properties", token]
            node = next
        }
        return path
    }

    /// Keywords that constrain an object's members beyond `properties` and `required`, or
    /// combine schemas: past them, what a step does to the schema cannot be told here.
    static let unfollowable = ["$ref", "$dynamicRef", "anyOf", "oneOf", "allOf", "not", "if", "patternProperties",
                               "unevaluatedProperties", "dependentSchemas", "dependentRequired", "minProperties",
                               "maxProperties", "propertyNames"]

    static func checkFollowable(_ node: JSONValue, _ tokens: [String]) throws(Undecidable) {
        for keyword in unfollowable where node[keyword] != nil {
            throw Undecidable(reason: "\(pointerText(tokens)) crosses \(keyword)")
        }
    }

    /// A token such as `0` names an element where the value is an array, which `properties`
    /// does not describe: followed only where the value is declared an object.
    static func checkNotIndex(_ token: String, of node: JSONValue, _ tokens: [String]) throws(Undecidable) {
        guard Int(token) == nil || node["type"]?.string == "object" else {
            throw Undecidable(reason: "\(pointerText(tokens)): \(token) may name an array element")
        }
    }

    /// Whether an object schema allows members it does not declare.
    static func isOpen(_ node: JSONValue) -> Bool { node["additionalProperties"] != .bool(false) }

    static func pointerText(_ tokens: [String]) -> String { JSONPointer(tokens: tokens).description }

    private static func apply(_ step: UpcastStep, to schema: inout JSONValue) throws(Undecidable) {
        switch step {
        case .rename(let pointer, let newName):
            let name = pointer.tokens.last!
            guard name != "*" else { throw Undecidable(reason: "renaming every member of \(pointerText(Array(pointer.tokens.dropLast())))") }
            let parent = try location(of: Array(pointer.tokens.dropLast()), in: schema)
            try modify(&schema, at: parent) { (node: inout JSONValue) throws(Undecidable) in
                try checkFollowable(node, pointer.tokens)
                guard var properties = node["properties"]?.object, let subschema = properties[name] else {
                    guard node["additionalProperties"] == .bool(false) else {
                        throw Undecidable(reason: "\(pointer) is not declared and other members are allowed")
                    }
                    return  // it can never be present: nothing to rename
                }
                if newName != name, properties[newName] != nil || isOpen(node) {
                    throw Undecidable(reason: "renaming \(pointer) to \(newName) fails when a payload has both, which the schema allows",
                                      refutes: true)
                }
                properties.removeValue(forKey: name)
                properties[newName] = subschema
                node["properties"] = .object(properties)
                node["required"] = node["required"].map(renamed(name, to: newName))
            }
        case .remove(let pointer):
            let parent = try location(of: Array(pointer.tokens.dropLast()), in: schema)
            let name = pointer.tokens.last!
            try modify(&schema, at: parent) { (node: inout JSONValue) throws(Undecidable) in
                try checkFollowable(node, pointer.tokens)
                if name == "*" { return try emptied(&node, pointer) }
                try checkNotIndex(name, of: node, pointer.tokens)
                guard var properties = node["properties"]?.object else { return }
                properties.removeValue(forKey: name)
                node["properties"] = .object(properties)
                node["required"] = node["required"].map(without(name))
            }
        case .set(let pointer, let value, let onlyIfAbsent):
            let existing = try? location(of: pointer.tokens, in: schema)
            if existing == nil, onlyIfAbsent, let parent = try? location(of: Array(pointer.tokens.dropLast()), in: schema),
               let parentNode = schema[pointer: JSONPointer(tokens: parent)], isOpen(parentNode) {
                // Not declared, but the parent allows other members: a value may be there already, and it stays.
                throw Undecidable(reason: "\(pointer) is not declared, and a payload may already hold any value there")
            }
            let kind: JSONValue = .string(value.kind == .number && value.number?.isInteger == true ? "integer" : value.kind.rawValue)
            var subschema: JSONValue = ["type": kind]
            if onlyIfAbsent, let existing, let current = schema[pointer: JSONPointer(tokens: existing)] {
                // A present value stays as it was; an absent one becomes the default. The existing
                // subschema describes both only when the default is valid under it.
                guard current["$ref"] == nil,
                      let compiled = try? JSONSchema(current, options: JSONSchema.Options(assertsFormat: true, checksMetaSchema: false)),
                      compiled.isValid(value) else {
                    throw Undecidable(reason: "the default for \(pointer) is not valid under its subschema, or that cannot be told here")
                }
                subschema = current
            }
            try place(subschema, at: pointer.tokens, required: true, in: &schema)
        case .move(let from, let to), .copy(let from, let to):
            // A value may fan out into every element (`/currency` to `/lines/*/currency`). Wildcards
            // on both sides pair up only within the same arrays (`/lines/*/a` to `/lines/*/b`).
            let fromWildcards = from.tokens.indices.filter { from.tokens[$0] == "*" }
            let toWildcards = to.tokens.indices.filter { to.tokens[$0] == "*" }
            guard fromWildcards.isEmpty || (fromWildcards.count == toWildcards.count && zip(fromWildcards, toWildcards).allSatisfy {
                $0 == $1 && from.tokens[..<$0] == to.tokens[..<$1]
            }) else {
                throw Undecidable(reason: "\(from) and \(to) do not walk the same arrays")
            }
            let source = try location(of: from.tokens, in: schema)
            guard let subschema = schema[pointer: JSONPointer(tokens: source)] else { throw Undecidable(reason: "\(from) is not declared") }
            let wasRequired = try isRequired(from.tokens, in: schema)
            if !wasRequired {
                // When the source is absent, whatever is at the target stays.
                let targetDeclared = (try? location(of: to.tokens, in: schema)) != nil
                let targetParent = (try? location(of: Array(to.tokens.dropLast()), in: schema)).flatMap { schema[pointer: JSONPointer(tokens: $0)] }
                if targetDeclared || targetParent.map(isOpen) != false {
                    throw Undecidable(reason: "\(from) is optional, and when it is absent \(to) keeps what it had")
                }
            }
            if case .move = step { try apply(.remove(pointer: from), to: &schema) }
            try place(subschema, at: to.tokens, required: wasRequired, in: &schema)
        case .convert(let pointer, let converter):
            let source = try location(of: pointer.tokens, in: schema)
            guard let subschema = schema[pointer: JSONPointer(tokens: source)] else { throw Undecidable(reason: "\(pointer) is not declared") }
            try checkDomain(of: converter, on: subschema, at: pointer)
            let converted = try convert(subschema, with: converter)
            try modify(&schema, at: source) { (node: inout JSONValue) throws(Undecidable) in node = converted }
        case .renameType:
            return  // the payload is unchanged; the target is the new type's schema
        case .swift(let name):
            throw Undecidable(reason: "the Swift upcaster \(name) cannot be read as a schema change")
        case .split:
            throw Undecidable(reason: "a split makes several events")
        }
    }

    /// Describes what removing every member or element (`remove: /o/*`) leaves of a value `node`
    /// describes: an empty object, or an empty array. Only for a node that allows one kind,
    /// object or array; a value of another kind would be left as it is.
    private static func emptied(_ node: inout JSONValue, _ pointer: UpcastPointer) throws(Undecidable) {
        // A value it held (`const`, `enum`) is no longer the value there.
        let kind = node["type"]?.string
        for keyword in ["const", "enum"] { node[keyword] = nil }
        switch kind {
        case "object":
            node["required"] = nil
            node["properties"] = .object(JSONObject())
            node["additionalProperties"] = false
        case "array":
            // An empty array meets no `minItems` or `contains`; what `items` says holds of no element.
            for keyword in ["minItems", "contains", "minContains", "maxContains"] { node[keyword] = nil }
            node["maxItems"] = 0
        default:
            throw Undecidable(reason: "removing every member or element of \(pointerText(Array(pointer.tokens.dropLast()))), which is not declared one object or one array")
        }
    }

    /// Refutes the bridge when `converter` fails on some value `subschema` allows: a decimal with
    /// more places than the scale, unix seconds beyond years 1–9999, a string that is not a
    /// date-time, a value missing from a table without `otherwise`.
    private static func checkDomain(of converter: ValueConverter, on subschema: JSONValue, at pointer: UpcastPointer) throws(Undecidable) {
        guard subschema["$ref"] == nil else { throw Undecidable(reason: "\(pointer) is a $ref, so what the converter meets cannot be told here") }
        let type = subschema["type"]?.string
        func bound(_ key: String) -> JSONNumber? { subschema[key]?.number }
        func refute(_ reason: String) -> Undecidable { Undecidable(reason: "\(converter.name) at \(pointer) \(reason)", refutes: true) }
        switch converter {
        case .decimalToMinorUnits(let scale):
            guard type == "integer" || (type == "number" && bound("multipleOf").map({ $0.scaled(byPowerOfTen: scale).isInteger }) == true) else {
                let step = JSONNumber(1).scaled(byPowerOfTen: -scale)
                throw refute("fails on numbers with more than \(scale) decimals, which the old schema allows (it has no multipleOf \(step))")
            }
        case .minorUnitsToDecimal, .widenInteger:
            guard type == "integer" else { throw refute("fails on values that are not integers, which the old schema allows") }
        case .unixSecondsToRFC3339:
            guard type == "integer" else { throw refute("fails on values that are not integers, which the old schema allows") }
            guard let minimum = bound("minimum"), minimum >= JSONNumber(Int64(-62_135_596_800)),
                  let maximum = bound("maximum"), maximum <= JSONNumber(Int64(253_402_300_799)) else {
                throw refute("fails on unix seconds outside years 0001–9999, which the old schema allows (give it minimum and maximum)")
            }
        case .rfc3339ToUnixSeconds:
            guard type == "string", subschema["format"]?.string == "date-time" else {
                throw refute("fails on strings that are not RFC 3339 date-times, which the old schema allows")
            }
        case .rfc3339ToWholeUnixSeconds:
            guard type == "string", subschema["format"]?.string == "date-time" else {
                throw refute("fails on strings that are not RFC 3339 date-times, which the old schema allows")
            }
            // `format: date-time` allows years 0000-9999, which give seconds a target with bounds
            // (minimum 0) may refuse; whether the writers keep to the bounds the schema cannot say.
            throw Undecidable(reason: "\(converter.name) at \(pointer): whether the date-times written fall within the older version's bounds cannot be told from format: date-time")
        case .numberToString:
            guard type == "number" || type == "integer" else { throw refute("fails on values that are not numbers, which the old schema allows") }
        case .stringToNumber:
            throw Undecidable(reason: "\(converter.name) at \(pointer): whether every allowed string is a number cannot be told here")
        case .mapValues(let mapping, let otherwise):
            guard otherwise == nil else { return }
            guard case .array(let values)? = subschema["enum"] ?? subschema["const"].map({ .array([$0]) }),
                  values.allSatisfy({ value in mapping.contains { $0.from == value } }) else {
                throw refute("fails on values missing from its table, which the old schema allows (add otherwise)")
            }
        case .wrapInObject, .wrapInArray:
            return
        }
    }

    private static func convert(_ subschema: JSONValue, with converter: ValueConverter) throws(Undecidable) -> JSONValue {
        switch converter {
        case .unixSecondsToRFC3339: return ["type": "string", "format": "date-time"]
        case .rfc3339ToUnixSeconds: return ["type": "number"]  // fractional seconds give a decimal
        case .rfc3339ToWholeUnixSeconds: return ["type": "integer"]
        case .numberToString: return ["type": "string"]
        case .stringToNumber: return ["type": "number"]
        case .decimalToMinorUnits: return ["type": "integer"]
        case .minorUnitsToDecimal: return ["type": "number"]
        case .widenInteger: return subschema
        case .wrapInObject(let key):
            return ["type": "object", "properties": .object([key: subschema]), "required": [.string(key)], "additionalProperties": false]
        case .wrapInArray: return ["type": "array", "items": subschema, "minItems": 1, "maxItems": 1]
        case .mapValues(let mapping, let otherwise):
            var values: [JSONValue] = []
            for value in mapping.map(\.to) + (otherwise.map { [$0] } ?? []) where !values.contains(value) { values.append(value) }
            return ["enum": .array(values)]
        }
    }

    /// Whether the member a pointer names is required all the way down.
    private static func isRequired(_ tokens: [String], in schema: JSONValue) throws(Undecidable) -> Bool {
        var prefix: [String] = []
        for token in tokens {
            defer { prefix.append(token) }
            if token == "*" { continue }
            let parent = try location(of: prefix, in: schema)
            let required = schema[pointer: JSONPointer(tokens: parent)]?["required"]?.array ?? []
            if !required.contains(.string(token)) { return false }
        }
        return true
    }

    /// Puts `subschema` at `tokens`, creating object schemas on the way; marks it required.
    private static func place(_ subschema: JSONValue, at tokens: [String], required: Bool, in schema: inout JSONValue) throws(Undecidable) {
        var prefix: [String] = []
        for (position, token) in tokens.enumerated() {
            let parent = try location(of: prefix, in: schema)
            let isLast = position == tokens.count - 1
            if token == "*" {
                guard schema[pointer: JSONPointer(tokens: parent)]?["items"] != nil else {
                    throw Undecidable(reason: "\(pointerText(tokens)): * needs an array schema with items")
                }
                guard !isLast else { throw Undecidable(reason: "setting every element of \(pointerText(tokens))") }
                prefix.append(token)
                continue
            }
            try modify(&schema, at: parent) { (node: inout JSONValue) throws(Undecidable) in
                var properties = node["properties"]?.object ?? JSONObject()
                try checkFollowable(node, tokens)
                try checkNotIndex(token, of: node, tokens)
                let isRequiredHere = node["required"]?.array?.contains(.string(token)) == true
                if !isLast, properties[token] != nil, !isRequiredHere {
                    // The step would create it where it is absent, with only the new member in it.
                    throw Undecidable(reason: "\(pointerText(tokens)) would create \(token) where the optional \(token) is absent")
                }
                if !isLast, properties[token] == nil, isOpen(node) {
                    // Undeclared in an open object: a payload may hold anything there already.
                    throw Undecidable(reason: "\(pointerText(tokens)): \(token) is not declared, and a payload may already hold any value there")
                }
                if isLast {
                    properties[token] = subschema
                } else if properties[token] == nil {
                    properties[token] = ["type": "object", "properties": .object(JSONObject()), "additionalProperties": false]
                }
                node["properties"] = .object(properties)
                if required || !isLast {
                    var list = node["required"]?.array ?? []
                    if !list.contains(.string(token)) && (required || isLast == false && required) { list.append(.string(token)) }
                    node["required"] = .array(list)
                }
            }
            prefix.append(token)
        }
    }

    private static func modify(_ schema: inout JSONValue, at path: [String], _ body: (inout JSONValue) throws(Undecidable) -> Void) throws(Undecidable) {
        guard let key = path.first else { return try body(&schema) }
        guard case .object(var object) = schema, var child = object[key] else { throw Undecidable(reason: "no schema at \(pointerText(path))") }
        try modify(&child, at: Array(path.dropFirst()), body)
        object[key] = child
        schema = .object(object)
    }

    private static func renamed(_ name: String, to newName: String) -> (JSONValue) -> JSONValue {
        { list in .array((list.array ?? []).map { $0 == .string(name) ? .string(newName) : $0 }) }
    }

    private static func without(_ name: String) -> (JSONValue) -> JSONValue {
        { list in .array((list.array ?? []).filter { $0 != .string(name) }) }
    }
}

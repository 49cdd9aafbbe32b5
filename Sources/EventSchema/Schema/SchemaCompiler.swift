/// The JSON Schema dialects Strata reads.
public enum SchemaDialect: String, Sendable, Hashable, CaseIterable {
    /// Draft 2020-12, the default when `$schema` is absent.
    case draft2020_12 = "https://json-schema.org/draft/2020-12/schema"
    /// Draft-07: `definitions`, array-form `items`, `additionalItems`, `dependencies`; `$ref`
    /// siblings are ignored.
    case draft7 = "http://json-schema.org/draft-07/schema"

    /// The dialect a `$schema` value names, if Strata supports it.
    init?(metaSchemaURI: String) {
        var uri = metaSchemaURI
        if uri.hasSuffix("#") { uri.removeLast() }
        switch uri {
        case "https://json-schema.org/draft/2020-12/schema", "http://json-schema.org/draft/2020-12/schema": self = .draft2020_12
        case "http://json-schema.org/draft-07/schema", "https://json-schema.org/draft-07/schema": self = .draft7
        default: return nil
        }
    }
}

/// Turns schema documents into a ``SchemaProgram``: finds every `$id`, `$anchor` and
/// `$dynamicAnchor`, compiles each reachable subschema once, and resolves references.
struct SchemaCompiler {
    struct Location: Hashable {
        var document: Int
        var pointer: JSONPointer
    }

    struct Document {
        var uri: String
        var value: JSONValue
        var dialect: SchemaDialect
    }

    struct Scope {
        var base: String
        var resource: Int
    }

    let file: String?
    let resolver: (any SchemaResolver)?
    let assertsFormat: Bool

    var documents: [Document] = []
    var resources: [String: Location] = [:]
    var resourceIDs: [String: Int] = [:]
    var anchors: [String: Location] = [:]
    var dynamicAnchorLocations: [Int: [String: Location]] = [:]
    var scopes: [Location: Scope] = [:]
    var nodeIDs: [Location: SchemaNodeID] = [:]
    var nodes: [CompiledNode] = []
    var usesDynamicScope = false
    /// Subschemas given an identifier whose keywords are still to be compiled.
    var pending: [(id: SchemaNodeID, location: Location)] = []

    init(file: String?, resolver: (any SchemaResolver)?, assertsFormat: Bool) {
        self.file = file
        self.resolver = resolver
        self.assertsFormat = assertsFormat
    }

    /// Compiles `document`, named `uri`, into a program.
    mutating func compile(_ document: JSONValue, uri: String, dialect: SchemaDialect) throws(SchemaError) -> SchemaProgram {
        let rootLocation = try addDocument(document, uri: uri, dialect: dialect)
        let root = try compileNode(at: rootLocation)
        try compilePending()
        var dynamicAnchors = [[String: SchemaNodeID]](repeating: [:], count: resourceIDs.count)
        if usesDynamicScope {
            for (resource, table) in dynamicAnchorLocations {
                for (name, location) in table {
                    dynamicAnchors[resource][name] = try compileNode(at: location)
                }
            }
            try compilePending()
        }
        if dynamicAnchors.count < resourceIDs.count {
            dynamicAnchors += [[String: SchemaNodeID]](repeating: [:], count: resourceIDs.count - dynamicAnchors.count)
        }
        try checkReferenceChains()
        return SchemaProgram(linking: nodes, root: root, dynamicAnchors: dynamicAnchors, usesDynamicScope: usesDynamicScope)
    }

    // MARK: Documents and resources

    mutating func addDocument(_ value: JSONValue, uri: String, dialect: SchemaDialect) throws(SchemaError) -> Location {
        documents.append(Document(uri: uri, value: value, dialect: dialect))
        let location = Location(document: documents.count - 1, pointer: .root)
        let resource = resourceID(for: uri)
        resources[uri] = location
        try scan(value, at: location, scope: Scope(base: uri, resource: resource), dialect: dialect)
        return location
    }

    mutating func resourceID(for uri: String) -> Int {
        if let id = resourceIDs[uri] { return id }
        let id = resourceIDs.count
        resourceIDs[uri] = id
        return id
    }

    /// Records the base URI of every subschema and every identifier in `value`, walking with an
    /// explicit stack (no recursion), and refuses nesting deeper than ``JSONSchema/maximumDepth``.
    mutating func scan(_ value: JSONValue, at location: Location, scope: Scope, dialect: SchemaDialect) throws(SchemaError) {
        var stack: [(value: JSONValue, location: Location, scope: Scope, depth: Int)] = [(value, location, scope, 1)]
        while let item = stack.popLast() {
            guard item.depth <= JSONSchema.maximumDepth else {
                throw .schemaTooDeep(file: file, pointer: item.location.pointer, limit: JSONSchema.maximumDepth)
            }
            let inner = record(item.value, at: item.location, scope: item.scope, dialect: dialect)
            // Pushed in reverse, so that subschemas are visited in document order.
            for (child, pointer) in Self.subschemas(of: item.value, at: item.location.pointer).reversed() {
                stack.append((child, Location(document: item.location.document, pointer: pointer), inner, item.depth + 1))
            }
        }
    }

    /// Records the scope of the subschema at `location` and its identifiers; returns the scope
    /// its own subschemas are in.
    mutating func record(_ value: JSONValue, at location: Location, scope: Scope, dialect: SchemaDialect) -> Scope {
        guard case .object(let object) = value else {
            scopes[location] = scope
            return scope
        }
        var scope = scope
        if case .string(let id)? = object["$id"] {
            if dialect == .draft7 && id.hasPrefix("#") {
                anchors[scope.base + id] = location
            } else {
                let (base, _) = SchemaURI.splitFragment(SchemaURI.resolve(id, against: scope.base))
                scope = Scope(base: base, resource: resourceID(for: base))
                if resources[base] == nil { resources[base] = location }
            }
        }
        scopes[location] = scope
        if case .string(let anchor)? = object["$anchor"] {
            anchors[scope.base + "#" + anchor] = location
        }
        if case .string(let anchor)? = object["$dynamicAnchor"] {
            anchors[scope.base + "#" + anchor] = location
            dynamicAnchorLocations[scope.resource, default: [:]][anchor] = location
        }
        return scope
    }

    /// The subschemas directly inside `value` (at `pointer`), with their pointers, in document order.
    static func subschemas(of value: JSONValue, at pointer: JSONPointer) -> [(JSONValue, JSONPointer)] {
        guard case .object(let object) = value else { return [] }
        var found: [(JSONValue, JSONPointer)] = []
        for (keyword, member) in object {
            let childBase = pointer.appending(keyword)
            switch keyword {
            case "additionalProperties", "propertyNames", "contains", "not", "if", "then", "else",
                 "unevaluatedItems", "unevaluatedProperties", "additionalItems", "contentSchema":
                found.append((member, childBase))
            case "items":
                if case .array(let elements) = member {
                    for position in elements.indices { found.append((elements[position], childBase.appending(position))) }
                } else {
                    found.append((member, childBase))
                }
            case "allOf", "anyOf", "oneOf", "prefixItems":
                guard case .array(let elements) = member else { continue }
                for position in elements.indices { found.append((elements[position], childBase.appending(position))) }
            case "properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies":
                guard case .object(let members) = member else { continue }
                for (name, subschema) in members {
                    if keyword == "dependencies", case .array = subschema { continue }
                    found.append((subschema, childBase.appending(name)))
                }
            default:
                continue
            }
        }
        return found
    }

    // MARK: References

    /// The location a reference names, loading the referenced document when needed.
    mutating func resolveReference(_ reference: String, from location: Location) throws(SchemaError) -> Location {
        let base = scopes[location]?.base ?? documents[location.document].uri
        let absolute = SchemaURI.resolve(reference, against: base)
        let (uri, rawFragment) = SchemaURI.splitFragment(absolute)
        let fragment = SchemaURI.percentDecode(rawFragment)
        if resources[uri] == nil { try loadExternalDocument(uri, referencedFrom: location, reference: reference) }
        guard let resource = resources[uri] else {
            throw .unresolvedReference(file: file, pointer: location.pointer, reference: reference)
        }
        if fragment.isEmpty { return resource }
        if fragment.hasPrefix("/") {
            guard let pointer = JSONPointer(fragment) else {
                throw .unresolvedReference(file: file, pointer: location.pointer, reference: reference)
            }
            let target = Location(document: resource.document, pointer: JSONPointer(tokens: resource.pointer.tokens + pointer.tokens))
            guard documents[target.document].value[pointer: target.pointer] != nil else {
                throw .unresolvedReference(file: file, pointer: location.pointer, reference: reference)
            }
            return target
        }
        guard let anchored = anchors[uri + "#" + fragment] else {
            throw .unresolvedReference(file: file, pointer: location.pointer, reference: reference)
        }
        return anchored
    }

    mutating func loadExternalDocument(_ uri: String, referencedFrom location: Location, reference: String) throws(SchemaError) {
        if let builtIn = MetaSchemas.document(at: uri) {
            _ = try addDocument(builtIn.value, uri: uri, dialect: builtIn.dialect)
            return
        }
        guard let resolver, let document = try resolver.document(at: uri) else { return }
        var dialect = documents[location.document].dialect
        if case .string(let metaSchema)? = document["$schema"], let declared = SchemaDialect(metaSchemaURI: metaSchema) {
            dialect = declared
        }
        _ = try addDocument(document, uri: uri, dialect: dialect)
    }

    // MARK: Subschemas

    /// Compiles every subschema reserved by ``compileNode(at:)`` and those they reach, one after
    /// another rather than by recursion, so that a reference chain of any length costs no stack.
    mutating func compilePending() throws(SchemaError) {
        while let next = pending.popLast() {
            let document = documents[next.location.document]
            guard case .object(let object)? = document.value[pointer: next.location.pointer] else { continue }
            let id = next.id
            let keywords = try compileKeywords(object, at: next.location, dialect: document.dialect)
            nodes[id].keywords = keywords
            nodes[id].usesUnevaluated = keywords.contains { $0.name == "unevaluatedProperties" || $0.name == "unevaluatedItems" }
        }
    }

    /// The identifier of the subschema at `location`, reserved now; its keywords are compiled
    /// later by ``compilePending()``.
    mutating func compileNode(at location: Location) throws(SchemaError) -> SchemaNodeID {
        if let id = nodeIDs[location] { return id }
        let document = documents[location.document]
        guard let value = document.value[pointer: location.pointer] else {
            throw .unresolvedReference(file: file, pointer: location.pointer, reference: location.pointer.fragment)
        }
        if scopes[location] == nil {
            // A reference into a place the scan did not visit (say, an unknown keyword).
            var ancestor = location.pointer
            while scopes[Location(document: location.document, pointer: ancestor)] == nil && !ancestor.tokens.isEmpty {
                ancestor.tokens.removeLast()
            }
            let scope = scopes[Location(document: location.document, pointer: ancestor)]
                ?? Scope(base: document.uri, resource: resourceID(for: document.uri))
            try scan(value, at: location, scope: scope, dialect: document.dialect)
        }
        let scope = scopes[location]!
        let id = nodes.count
        nodeIDs[location] = id
        nodes.append(CompiledNode(boolean: nil, keywords: [], documentURI: document.uri, pointer: location.pointer,
                                resource: scope.resource, usesUnevaluated: false))
        switch value {
        case .bool(let accepts):
            nodes[id].boolean = accepts
        case .object:
            pending.append((id, location))
        default:
            throw .invalidKeyword(file: file, pointer: location.pointer, reason: "a schema must be an object or a boolean, not \(value.kind)")
        }
        return id
    }

    private func invalid(_ location: Location, _ keyword: String, _ reason: String) -> SchemaError {
        .invalidKeyword(file: file, pointer: location.pointer.appending(keyword), reason: "\(keyword) \(reason)")
    }

    private func nonNegativeInteger(_ value: JSONValue, _ keyword: String, _ location: Location) throws(SchemaError) -> Int {
        guard case .number(let number) = value, number.isInteger, !(number < JSONNumber(0)) else {
            throw invalid(location, keyword, "must be a non-negative integer")
        }
        // A bound beyond Int.max (2^63, 1e20) is beyond any count an instance can have.
        guard let integer = try? number.int64() else { return Int.max }
        return Int(integer)
    }

    private func number(_ value: JSONValue, _ keyword: String, _ location: Location) throws(SchemaError) -> JSONNumber {
        guard case .number(let number) = value else { throw invalid(location, keyword, "must be a number") }
        return number
    }

    private func regex(_ pattern: String, at pointer: JSONPointer) throws(SchemaError) -> ECMARegex {
        do {
            return try ECMARegex(pattern)
        } catch {
            throw .invalidPattern(file: file, pointer: pointer, pattern: pattern, reason: error.description)
        }
    }

    private func stringArray(_ value: JSONValue, _ keyword: String, _ location: Location) throws(SchemaError) -> [String] {
        guard case .array(let elements) = value else { throw invalid(location, keyword, "must be an array of strings") }
        var strings: [String] = []
        for element in elements {
            guard case .string(let string) = element else { throw invalid(location, keyword, "must be an array of strings") }
            strings.append(string)
        }
        return strings
    }

    mutating func child(_ location: Location, _ tokens: String...) throws(SchemaError) -> SchemaNodeID {
        try compileNode(at: Location(document: location.document, pointer: JSONPointer(tokens: location.pointer.tokens + tokens)))
    }

    mutating func children(_ value: JSONValue, _ keyword: String, _ location: Location) throws(SchemaError) -> [SchemaNodeID] {
        guard case .array(let elements) = value, !elements.isEmpty || keyword == "prefixItems" || keyword == "items" else {
            throw invalid(location, keyword, "must be a non-empty array of schemas")
        }
        var ids: [SchemaNodeID] = []
        for position in elements.indices { ids.append(try child(location, keyword, String(position))) }
        return ids
    }

    mutating func namedChildren(_ value: JSONValue, _ keyword: String, _ location: Location) throws(SchemaError) -> [(name: String, node: SchemaNodeID)] {
        guard case .object(let members) = value else { throw invalid(location, keyword, "must be an object of schemas") }
        var entries: [(name: String, node: SchemaNodeID)] = []
        for (name, _) in members { entries.append((name, try child(location, keyword, name))) }
        return entries
    }

    // swiftlint:disable:next function_body_length cyclomatic_complexity
    mutating func compileKeywords(_ object: JSONObject, at location: Location, dialect: SchemaDialect) throws(SchemaError) -> [KeywordEntry] {
        var keywords: [KeywordEntry] = []
        var trailing: [KeywordEntry] = []
        func add(_ name: String, _ keyword: CompiledKeyword) { keywords.append(KeywordEntry(name: name, keyword: keyword)) }

        if dialect == .draft7, case .string(let reference)? = object["$ref"] {
            let target = try resolveReference(reference, from: location)
            return [KeywordEntry(name: "$ref", keyword: .ref(try compileNode(at: target)))]
        }

        var declaredProperties: PropertyTable?
        var propertyPatterns: [ECMARegex] = []
        var prefixCount = 0

        for (name, value) in object {
            switch name {
            case "$ref":
                guard case .string(let reference) = value else { throw invalid(location, name, "must be a string") }
                let target = try resolveReference(reference, from: location)
                add(name, .ref(try compileNode(at: target)))
            case "$dynamicRef":
                guard case .string(let reference) = value else { throw invalid(location, name, "must be a string") }
                let target = try resolveReference(reference, from: location)
                let fragment = SchemaURI.splitFragment(reference).fragment
                var anchor: String?
                if !fragment.isEmpty, !fragment.hasPrefix("/"),
                   case .string(let declared)? = documents[target.document].value[pointer: target.pointer]?["$dynamicAnchor"],
                   declared == fragment {
                    anchor = fragment
                    usesDynamicScope = true
                }
                add(name, .dynamicRef(try compileNode(at: target), anchor: anchor))
            case "type":
                var types = TypeSet()
                switch value {
                case .string(let typeName):
                    guard let type = TypeSet(name: typeName) else { throw invalid(location, name, "names an unknown type \(typeName)") }
                    types = type
                case .array(let elements):
                    for element in elements {
                        guard case .string(let typeName) = element, let type = TypeSet(name: typeName) else {
                            throw invalid(location, name, "must be a type name or an array of type names")
                        }
                        types.insert(type)
                    }
                default:
                    throw invalid(location, name, "must be a type name or an array of type names")
                }
                add(name, .type(types))
            case "enum":
                guard case .array(let elements) = value else { throw invalid(location, name, "must be an array") }
                add(name, .enumeration(elements))
            case "const":
                add(name, .constant(value))
            case "multipleOf":
                let divisor = try number(value, name, location)
                guard divisor > JSONNumber(0) else { throw invalid(location, name, "must be greater than 0") }
                add(name, .multipleOf(divisor))
            case "maximum": add(name, .maximum(try number(value, name, location), exclusive: false))
            case "exclusiveMaximum": add(name, .maximum(try number(value, name, location), exclusive: true))
            case "minimum": add(name, .minimum(try number(value, name, location), exclusive: false))
            case "exclusiveMinimum": add(name, .minimum(try number(value, name, location), exclusive: true))
            case "maxLength": add(name, .maxLength(try nonNegativeInteger(value, name, location)))
            case "minLength": add(name, .minLength(try nonNegativeInteger(value, name, location)))
            case "pattern":
                guard case .string(let pattern) = value else { throw invalid(location, name, "must be a string") }
                add(name, .pattern(try regex(pattern, at: location.pointer.appending(name))))
            case "format":
                guard case .string(let formatName) = value else { throw invalid(location, name, "must be a string") }
                if assertsFormat, let format = StringFormat(rawValue: formatName) { add(name, .format(format)) }
            case "maxItems": add(name, .maxItems(try nonNegativeInteger(value, name, location)))
            case "minItems": add(name, .minItems(try nonNegativeInteger(value, name, location)))
            case "uniqueItems":
                guard case .bool(let unique) = value else { throw invalid(location, name, "must be a boolean") }
                if unique { add(name, .uniqueItems) }
            case "contains":
                let minimum = try object["minContains"].map { v throws(SchemaError) in try nonNegativeInteger(v, "minContains", location) } ?? 1
                let maximum = try object["maxContains"].map { v throws(SchemaError) in try nonNegativeInteger(v, "maxContains", location) }
                add(name, .contains(try child(location, name), minimum: minimum, maximum: maximum))
            case "maxProperties": add(name, .maxProperties(try nonNegativeInteger(value, name, location)))
            case "minProperties": add(name, .minProperties(try nonNegativeInteger(value, name, location)))
            case "required":
                let required = try stringArray(value, name, location)
                if !required.isEmpty { add(name, .required(required)) }
            case "dependentRequired":
                guard case .object(let members) = value else { throw invalid(location, name, "must be an object") }
                var entries: [(property: String, required: [String])] = []
                for (property, list) in members { entries.append((property, try stringArray(list, name, location))) }
                add(name, .dependentRequired(entries))
            case "dependencies":
                guard dialect == .draft7 else { continue }
                guard case .object(let members) = value else { throw invalid(location, name, "must be an object") }
                var required: [(property: String, required: [String])] = []
                var schemas: [(property: String, node: SchemaNodeID)] = []
                for (property, dependency) in members {
                    if case .array = dependency {
                        required.append((property, try stringArray(dependency, name, location)))
                    } else {
                        schemas.append((property, try child(location, name, property)))
                    }
                }
                if !required.isEmpty { add(name, .dependentRequired(required)) }
                if !schemas.isEmpty { add(name, .dependentSchemas(schemas)) }
            case "properties":
                let table = PropertyTable(try namedChildren(value, name, location))
                declaredProperties = table
                add(name, .properties(table))
            case "patternProperties":
                guard case .object(let members) = value else { throw invalid(location, name, "must be an object of schemas") }
                var entries: [(regex: ECMARegex, node: SchemaNodeID)] = []
                for (pattern, _) in members {
                    let compiled = try regex(pattern, at: location.pointer.appending(name).appending(pattern))
                    entries.append((compiled, try child(location, name, pattern)))
                    propertyPatterns.append(compiled)
                }
                add(name, .patternProperties(entries))
            case "propertyNames": add(name, .propertyNames(try child(location, name)))
            case "dependentSchemas":
                add(name, .dependentSchemas(try namedChildren(value, name, location).map { ($0.name, $0.node) }))
            case "prefixItems":
                let items = try children(value, name, location)
                prefixCount = items.count
                add(name, .prefixItems(items))
            case "items":
                if case .array = value {
                    // Draft-07 array form: positional schemas.
                    let items = try children(value, name, location)
                    prefixCount = items.count
                    add(name, .prefixItems(items))
                }
            case "allOf": add(name, .allOf(try children(value, name, location)))
            case "anyOf": add(name, .anyOf(try children(value, name, location)))
            case "oneOf": add(name, .oneOf(try children(value, name, location)))
            case "not": add(name, .not(try child(location, name)))
            case "if":
                let then = try object["then"].map { _ throws(SchemaError) in try child(location, "then") }
                let otherwise = try object["else"].map { _ throws(SchemaError) in try child(location, "else") }
                add(name, .conditional(if: try child(location, name), then: then, else: otherwise))
            case "unevaluatedProperties":
                trailing.append(KeywordEntry(name: name, keyword: .unevaluatedProperties(try child(location, name))))
            case "unevaluatedItems":
                trailing.append(KeywordEntry(name: name, keyword: .unevaluatedItems(try child(location, name))))
            case "$defs", "definitions":
                // Compiled when referenced; a malformed definition is still an error.
                guard case .object = value else { throw invalid(location, name, "must be an object of schemas") }
            default:
                continue
            }
        }
        // Keywords that depend on their siblings.
        if object["additionalProperties"] != nil {
            let node = try child(location, "additionalProperties")
            keywords.append(KeywordEntry(name: "additionalProperties",
                                         keyword: .additionalProperties(node, declared: declaredProperties, patterns: propertyPatterns)))
        }
        if case .array? = object["items"] {
            if dialect == .draft7, object["additionalItems"] != nil {
                keywords.append(KeywordEntry(name: "additionalItems", keyword: .items(try child(location, "additionalItems"), from: prefixCount)))
            }
        } else if object["items"] != nil {
            keywords.append(KeywordEntry(name: "items", keyword: .items(try child(location, "items"), from: prefixCount)))
        }
        return keywords + trailing
    }

    // MARK: Cycles and chains

    /// Rejects references that lead back to a subschema without moving to a child value, and
    /// chains of subschemas applied to one value (through `$ref`, `allOf`, `not`, …) longer than
    /// ``JSONSchema/maximumDepth``, which evaluation would follow by recursion.
    ///
    /// A depth-first walk with an explicit stack: no recursion, whatever the chain's length.
    func checkReferenceChains() throws(SchemaError) {
        enum Mark { case unvisited, inProgress, done }
        var marks = [Mark](repeating: .unvisited, count: nodes.count)
        var chainLength = [Int](repeating: 0, count: nodes.count)
        for start in nodes.indices where marks[start] == .unvisited {
            var path: [(id: SchemaNodeID, targets: [SchemaNodeID], next: Int)] = [(start, inPlaceTargets(start), 0)]
            marks[start] = .inProgress
            while let top = path.last {
                guard top.next < top.targets.count else {
                    path.removeLast()
                    marks[top.id] = .done
                    chainLength[top.id] = 1 + (top.targets.map { chainLength[$0] }.max() ?? 0)
                    if chainLength[top.id] > JSONSchema.maximumDepth {
                        throw .schemaTooDeep(file: file, pointer: nodes[top.id].pointer, limit: JSONSchema.maximumDepth)
                    }
                    continue
                }
                let target = top.targets[top.next]
                path[path.count - 1].next += 1
                switch marks[target] {
                case .done: continue
                case .inProgress: throw cycleError(path.map(\.id), closingAt: target)
                case .unvisited:
                    marks[target] = .inProgress
                    path.append((target, inPlaceTargets(target), 0))
                }
            }
        }
    }

    /// The subschemas node `id` applies to the value it is applied to.
    func inPlaceTargets(_ id: SchemaNodeID) -> [SchemaNodeID] {
        nodes[id].keywords.flatMap(\.keyword.inPlaceTargets)
    }

    /// The error for a loop: the part of `path` from `target` on, and back to `target`.
    func cycleError(_ path: [SchemaNodeID], closingAt target: SchemaNodeID) -> SchemaError {
        let cycle = path[(path.lastIndex(of: target) ?? 0)...] + [target]
        let names = cycle.map { SchemaComparer.displayName(nodes[$0].documentURI) + nodes[$0].pointer.fragment }
        return .cyclicReference(file: file, pointer: nodes[target].pointer, cycle: names)
    }
}

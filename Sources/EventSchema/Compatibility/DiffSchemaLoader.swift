/// Reads schema documents into ``DiffNode``s the way Confluent's schema loader normalises them,
/// and resolves `$ref`s: inside a document by JSON pointer, `$id` or `$anchor`, and to other
/// documents through a ``SchemaResolver``.
///
/// ``resolveAll()`` resolves every reference once loading is done, keeping a reference's failure
/// in its node; comparing then only reads the nodes, so a loaded model can be shared between
/// threads (``SchemaDiff/Prepared``).
final class DiffSchemaLoader {
    private struct Location: Hashable {
        var document: String
        var tokens: [String]
    }

    private let resolver: (any SchemaResolver)?
    private var documents: [String: JSONValue] = [:]
    private var modern: [String: Bool] = [:]
    private var resources: [String: Location] = [:]
    private var anchors: [String: Location] = [:]
    private var cache: [Location: DiffNode] = [:]
    /// How many subschemas are being built one inside another now.
    private var depth = 0
    private var onLargeStack = false
    /// Set when a document nests deeper than the diff follows; ``SchemaDiff`` then throws it.
    private(set) var failure: SchemaError?

    private static let objectKeywords: Set<String> = [
        "properties", "required", "minProperties", "maxProperties", "dependencies", "patternProperties",
        "additionalProperties", "propertyNames",
    ]
    private static let modernObjectKeywords: Set<String> = [
        "dependentRequired", "dependentSchemas", "unevaluatedProperties",
    ]
    private static let arrayKeywords: Set<String> = [
        "items", "additionalItems", "minItems", "maxItems", "uniqueItems", "contains",
    ]
    private static let modernArrayKeywords: Set<String> = [
        "prefixItems", "unevaluatedItems", "minContains", "maxContains",
    ]
    private static let numberKeywords: Set<String> = [
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
    ]
    private static let stringKeywords: Set<String> = ["minLength", "maxLength", "pattern", "format"]
    private static let literalKeywords: Set<String> = ["enum", "const", "default", "examples"]

    /// Reference nodes whose ``DiffNode/resolved`` this loader set: a recursive schema makes them
    /// cycles, which the loader breaks when it goes.
    private var resolvedReferences: [DiffNode] = []
    /// Every reference node built, in the order built; ``resolveAll()`` works through it.
    private var builtReferences: [DiffNode] = []
    /// The documents ``resolver`` supplied, by URI: what a loaded model depends on beyond its own document.
    private(set) var suppliedDocuments: [String: JSONValue] = [:]

    init(resolver: (any SchemaResolver)?) {
        self.resolver = resolver
    }

    deinit {
        for reference in resolvedReferences { reference.resolved = nil }
    }

    /// Registers `document` under `baseURI` and returns its root schema.
    func load(_ document: JSONValue, baseURI: String) -> DiffNode {
        var uri = SchemaURI.splitFragment(baseURI).base
        if case .string(let id)? = document["$id"] ?? document["id"] {
            let resolved = SchemaURI.splitFragment(SchemaURI.resolve(id, against: uri))
            if resolved.fragment.isEmpty { uri = resolved.base }
        }
        register(document, as: uri)
        return node(for: Location(document: uri, tokens: []), value: document, base: uri)
    }

    private func register(_ document: JSONValue, as uri: String) {
        guard documents[uri] == nil else { return }
        documents[uri] = document
        var isModern = false
        if case .string(let dialect)? = document["$schema"] {
            isModern = dialect.contains("2020-12") || dialect.contains("2019-09")
        }
        modern[uri] = isModern
        index(document, location: Location(document: uri, tokens: []), base: uri)
    }

    /// Records every `$id` and `$anchor` in `value`, walking with an explicit stack (no recursion).
    private func index(_ value: JSONValue, location: Location, base: String) {
        var stack = [(value: value, location: location, base: base)]
        while let item = stack.popLast() {
            var base = item.base
            var members: [(String, JSONValue)] = []
            switch item.value {
            case .object(let object):
                base = indexIdentifiers(object, location: item.location, base: base)
                members = object.filter { !Self.literalKeywords.contains($0.key) }.map { ($0.key, $0.value) }
            case .array(let elements):
                members = elements.enumerated().map { (String($0.offset), $0.element) }
            default:
                continue
            }
            // Pushed in reverse, so that values are visited in document order.
            for (token, member) in members.reversed() {
                var next = item.location
                next.tokens.append(token)
                stack.append((member, next, base))
            }
        }
    }

    /// Records the `$id` and `$anchor` of `object`; returns the base URI inside it.
    private func indexIdentifiers(_ object: JSONObject, location: Location, base: String) -> String {
        var base = base
        if case .string(let id)? = object["$id"] ?? object["id"] {
            let resolved = SchemaURI.splitFragment(SchemaURI.resolve(id, against: base))
            if resolved.fragment.isEmpty {
                base = resolved.base
                if resources[base] == nil { resources[base] = location }
            } else {
                anchors[resolved.base + "#" + resolved.fragment] = location
            }
        }
        if case .string(let anchor)? = object["$anchor"] {
            anchors[base + "#" + anchor] = location
        }
        return base
    }

    /// Resolves every reference of the documents loaded so far, and of those they reach, keeping
    /// each failure in its node for ``target(of:)`` to throw when a comparison reaches it.
    /// Afterwards nothing in the model changes.
    func resolveAll() {
        var next = 0
        while next < builtReferences.count {
            let reference = builtReferences[next]
            next += 1
            do {
                _ = try target(of: reference)
            } catch {
                reference.resolutionFailure = error
            }
        }
    }

    /// The schema a reference node points to, loading other documents as needed.
    func target(of reference: DiffNode) throws(SchemaError) -> DiffNode {
        if let resolved = reference.resolved { return resolved }
        if let failure = reference.resolutionFailure { throw failure }
        guard case .reference(let text, let base) = reference.shape else { return reference }
        let absolute = SchemaURI.resolve(text, against: base)
        let parts = SchemaURI.splitFragment(absolute)
        let fragment = SchemaURI.percentDecode(parts.fragment)
        var root: Location
        if let resource = resources[parts.base] {
            root = resource
        } else if documents[parts.base] != nil {
            root = Location(document: parts.base, tokens: [])
        } else if let resolver, let document = try resolver.document(at: parts.base) {
            suppliedDocuments[parts.base] = document
            register(document, as: parts.base)
            root = Location(document: parts.base, tokens: [])
        } else {
            throw .unresolvedReference(file: nil, pointer: reference.location, reference: text)
        }
        if fragment.hasPrefix("/") {
            guard let pointer = JSONPointer(fragment) else {
                throw .unresolvedReference(file: nil, pointer: reference.location, reference: text)
            }
            root.tokens += pointer.tokens
        } else if !fragment.isEmpty {
            guard let anchored = anchors[parts.base + "#" + fragment] else {
                throw .unresolvedReference(file: nil, pointer: reference.location, reference: text)
            }
            root = anchored
        }
        guard let document = documents[root.document],
              let value = document[pointer: JSONPointer(tokens: root.tokens)] else {
            throw .unresolvedReference(file: nil, pointer: reference.location, reference: text)
        }
        let target = node(for: root, value: value, base: baseURI(at: root))
        reference.resolved = target
        resolvedReferences.append(reference)
        return target
    }

    /// The base URI in force at `location`, following `$id`s down from the document root.
    private func baseURI(at location: Location) -> String {
        guard var current = documents[location.document] else { return location.document }
        var base = location.document
        func adopt(_ value: JSONValue) {
            if case .string(let id)? = value["$id"] ?? value["id"] {
                let resolved = SchemaURI.splitFragment(SchemaURI.resolve(id, against: base))
                if resolved.fragment.isEmpty { base = resolved.base }
            }
        }
        adopt(current)
        for token in location.tokens {
            guard let next = current[pointer: JSONPointer(tokens: [token])] else { break }
            current = next
            if case .object = current { adopt(current) }
        }
        return base
    }

    // MARK: - Building nodes

    /// The node for the subschema at `location`, built once. From ``LargeStack/hopDepth`` levels
    /// of nesting on, building continues on a large stack; beyond twice ``JSONSchema/maximumDepth``
    /// it stops, recording ``failure``.
    private func node(for location: Location, value: JSONValue, base: String) -> DiffNode {
        if let cached = cache[location] { return cached }
        depth += 1
        defer { depth -= 1 }
        let built: DiffNode
        if depth > 2 * JSONSchema.maximumDepth {
            failure = failure ?? .schemaTooDeep(file: nil, pointer: JSONPointer(tokens: location.tokens), limit: JSONSchema.maximumDepth)
            built = DiffNode(shape: .empty, source: value)
        } else if depth == LargeStack.hopDepth && !onLargeStack {
            onLargeStack = true
            defer { onLargeStack = false }
            built = LargeStack.run { build(value, location: location, base: base) }
        } else {
            built = build(value, location: location, base: base)
        }
        cache[location] = built
        return built
    }

    private func child(_ value: JSONValue, _ location: Location, _ tokens: String..., base: String) -> DiffNode {
        var next = location
        next.tokens += tokens
        return node(for: next, value: value, base: base)
    }

    private func build(_ value: JSONValue, location: Location, base: String) -> DiffNode {
        guard case .object(let object) = value else {
            if case .bool(false) = value { return DiffNode(shape: .never, source: value) }
            return DiffNode(shape: .empty, source: value)
        }
        let isModern = modern[location.document] ?? false
        var base = base
        if case .string(let id)? = object["$id"] ?? object["id"] {
            let resolved = SchemaURI.splitFragment(SchemaURI.resolve(id, against: base))
            if resolved.fragment.isEmpty { base = resolved.base }
        }
        var extracted: [DiffNode] = []
        if case .string(let reference)? = object["$ref"] {
            let node = DiffNode(shape: .reference(reference, base: base), source: .object(["$ref": .string(reference)]))
            node.location = JSONPointer(tokens: location.tokens + ["$ref"])
            node.documentURI = location.document
            node.loader = self
            builtReferences.append(node)
            extracted.append(node)
        }
        if case .array(let values)? = object["enum"] {
            extracted.append(DiffNode(shape: .enumeration(values: values, keyword: "enum"), source: .object(["enum": .array(values)])))
        }
        if let constant = object["const"] {
            extracted.append(DiffNode(shape: .enumeration(values: [constant], keyword: "const"), source: .object(["const": constant])))
        }
        var combinations: [DiffNode] = []
        for criterion in [DiffNode.Criterion.allOf, .anyOf, .oneOf] {
            guard case .array(let subschemas)? = object[criterion.rawValue] else { continue }
            let children = subschemas.enumerated().map { position, subschema in
                child(subschema, location, criterion.rawValue, String(position), base: base)
            }
            combinations.append(DiffNode(shape: .combined(criterion, children), source: .object([criterion.rawValue: .array(subschemas)])))
        }
        if combinations.count == 1 {
            extracted.append(combinations[0])
        } else if combinations.count > 1 {
            extracted.append(DiffNode(shape: .combined(.allOf, combinations), source: .object(["$combinations": .array(combinations.map(\.source))])))
        }
        if let negated = object["not"] {
            extracted.append(DiffNode(shape: .not(child(negated, location, "not", base: base)), source: .object(["not": negated])))
        }
        switch object["type"] {
        case .string(let type)?:
            extracted.append(typed(type, object, location: location, base: base, modern: isModern))
        case .array(let types)?:
            let children = types.compactMap(\.string).map { typed($0, object, location: location, base: base, modern: isModern) }
            extracted.append(DiffNode(shape: .combined(.anyOf, children), source: .object(["type": .array(types)])))
        default:
            let keys = Set(object.keys)
            var objectKeys = Self.objectKeywords
            var arrayKeys = Self.arrayKeywords
            if isModern {
                objectKeys.formUnion(Self.modernObjectKeywords)
                arrayKeys.formUnion(Self.modernArrayKeywords)
                if case .object(let properties)? = object["properties"], properties.isEmpty {
                    objectKeys.remove("properties")
                }
            }
            if !keys.isDisjoint(with: objectKeys) {
                extracted.append(typed("object", object, location: location, base: base, modern: isModern))
            }
            if !keys.isDisjoint(with: arrayKeys) {
                extracted.append(typed("array", object, location: location, base: base, modern: isModern))
            }
            if !keys.isDisjoint(with: Self.numberKeywords) {
                extracted.append(typed("number", object, location: location, base: base, modern: isModern))
            }
            if !keys.isDisjoint(with: Self.stringKeywords) {
                extracted.append(typed("string", object, location: location, base: base, modern: isModern))
            }
        }
        if let condition = object["if"] {
            extracted.append(DiffNode(shape: .conditional, source: .object(["if": condition])))
        }
        let result: DiffNode
        switch extracted.count {
        case 0: result = DiffNode(shape: .empty, source: value)
        case 1: result = extracted[0]
        default: result = DiffNode(shape: .combined(.allOf, extracted), source: value)
        }
        result.source = value
        if !isModern, case .string(let id)? = object["$id"] ?? object["id"] { result.id = id }
        result.title = object["title"]?.string
        result.summary = object["description"]?.string
        result.defaultValue = object["default"]
        return result
    }

    private func typed(_ type: String, _ object: JSONObject, location: Location, base: String, modern: Bool) -> DiffNode {
        var source = object
        source["type"] = .string(type)
        let shape: DiffNode.Shape
        switch type {
        case "string":
            shape = .string(DiffNode.StringFacets(
                minLength: object["minLength"]?.number, maxLength: object["maxLength"]?.number,
                pattern: object["pattern"]?.string))
        case "number", "integer":
            shape = .number(DiffNode.NumberFacets(
                maximum: object["maximum"]?.number, minimum: object["minimum"]?.number,
                exclusiveMaximum: object["exclusiveMaximum"]?.number, exclusiveMinimum: object["exclusiveMinimum"]?.number,
                multipleOf: object["multipleOf"]?.number, requiresInteger: type == "integer"))
        case "object":
            shape = .object(objectFacets(object, location: location, base: base, modern: modern))
        case "array":
            shape = .array(arrayFacets(object, location: location, base: base, modern: modern))
        case "boolean":
            shape = .boolean
        case "null":
            shape = .null
        default:
            shape = .empty
        }
        return DiffNode(shape: shape, source: .object(source))
    }

    private func objectFacets(_ object: JSONObject, location: Location, base: String, modern: Bool) -> DiffNode.ObjectFacets {
        var facets = DiffNode.ObjectFacets()
        if case .object(let properties)? = object["properties"] {
            facets.properties = properties.map { ($0.key, child($0.value, location, "properties", $0.key, base: base)) }
        }
        if case .array(let required)? = object["required"] {
            facets.required = required.compactMap(\.string)
        }
        var additional = object["additionalProperties"].map { ("additionalProperties", $0) }
        if additional == nil, modern, let unevaluated = object["unevaluatedProperties"] {
            additional = ("unevaluatedProperties", unevaluated)
        }
        if let (keyword, value) = additional {
            switch value {
            case .bool(let permits): facets.permitsAdditional = permits
            default: facets.additionalSchema = child(value, location, keyword, base: base)
            }
        }
        if case .object(let patterns)? = object["patternProperties"] {
            facets.patternProperties = patterns.map { ($0.key, child($0.value, location, "patternProperties", $0.key, base: base)) }
        }
        for keyword in ["dependencies", "dependentRequired", "dependentSchemas"] {
            guard case .object(let dependencies)? = object[keyword] else { continue }
            for (name, dependency) in dependencies {
                if case .array(let names) = dependency, keyword != "dependentSchemas" {
                    facets.propertyDependencies.append((name, names.compactMap(\.string)))
                } else if keyword != "dependentRequired" {
                    facets.schemaDependencies.append((name, child(dependency, location, keyword, name, base: base)))
                }
            }
        }
        facets.minProperties = object["minProperties"]?.number
        facets.maxProperties = object["maxProperties"]?.number
        return facets
    }

    private func arrayFacets(_ object: JSONObject, location: Location, base: String, modern: Bool) -> DiffNode.ArrayFacets {
        var facets = DiffNode.ArrayFacets()
        var additional: (String, JSONValue)?
        if modern {
            if case .array(let prefix)? = object["prefixItems"] {
                facets.tupleItems = prefix.enumerated().map { child($0.element, location, "prefixItems", String($0.offset), base: base) }
            }
            if let items = object["items"] {
                if object["prefixItems"] != nil || items.bool != nil {
                    additional = ("items", items)
                } else {
                    facets.allItems = child(items, location, "items", base: base)
                }
            }
            if additional == nil, let unevaluated = object["unevaluatedItems"] {
                additional = ("unevaluatedItems", unevaluated)
            }
        } else {
            switch object["items"] {
            case .array(let items)?:
                facets.tupleItems = items.enumerated().map { child($0.element, location, "items", String($0.offset), base: base) }
            case let items?:
                facets.allItems = child(items, location, "items", base: base)
            case nil:
                break
            }
            additional = object["additionalItems"].map { ("additionalItems", $0) }
        }
        if let (keyword, value) = additional {
            switch value {
            case .bool(let permits): facets.permitsAdditional = permits
            default: facets.additionalSchema = child(value, location, keyword, base: base)
            }
        }
        facets.minItems = object["minItems"]?.number
        facets.maxItems = object["maxItems"]?.number
        facets.uniqueItems = object["uniqueItems"]?.bool ?? false
        facets.minContains = object["minContains"]?.number
        facets.maxContains = object["maxContains"]?.number
        return facets
    }
}

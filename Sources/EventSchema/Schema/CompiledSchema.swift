/// The index of a compiled subschema in its ``SchemaProgram``.
typealias SchemaNodeID = Int

/// The JSON types a `type` keyword allows, as a bit set.
struct TypeSet: OptionSet, Sendable, Hashable {
    let rawValue: UInt8
    static let null = TypeSet(rawValue: 1 << 0)
    static let boolean = TypeSet(rawValue: 1 << 1)
    static let object = TypeSet(rawValue: 1 << 2)
    static let array = TypeSet(rawValue: 1 << 3)
    static let number = TypeSet(rawValue: 1 << 4)
    static let string = TypeSet(rawValue: 1 << 5)
    static let integer = TypeSet(rawValue: 1 << 6)

    init(rawValue: UInt8) { self.rawValue = rawValue }

    init?(name: String) {
        switch name {
        case "null": self = .null
        case "boolean": self = .boolean
        case "object": self = .object
        case "array": self = .array
        case "number": self = .number
        case "string": self = .string
        case "integer": self = .integer
        default: return nil
        }
    }

    /// Whether `value` is of one of these types (`integer` admits `1.0`).
    func admits(_ value: JSONValue) -> Bool {
        switch value {
        case .null: contains(.null)
        case .bool: contains(.boolean)
        case .object: contains(.object)
        case .array: contains(.array)
        case .string: contains(.string)
        case .number(let number): contains(.number) || (contains(.integer) && number.isInteger)
        }
    }

    var names: [String] {
        [(TypeSet.null, "null"), (.boolean, "boolean"), (.object, "object"), (.array, "array"),
         (.number, "number"), (.string, "string"), (.integer, "integer")]
            .filter { contains($0.0) }.map(\.1)
    }
}

/// Property subschemas by name, with a hash index when there are many.
struct PropertyTable: Sendable {
    let entries: [(name: String, node: SchemaNodeID)]
    /// Positions in ``entries`` by name, for tables of more than 12 entries.
    private let index: [ExactString: Int]?

    init(_ entries: [(name: String, node: SchemaNodeID)]) {
        self.entries = entries
        index = entries.count > 12
            ? Dictionary(entries.indices.map { (ExactString(entries[$0].name), $0) }, uniquingKeysWith: { a, _ in a }) : nil
    }

    /// The position of `name` among ``entries``, looking at `hint` first: members of an object
    /// are usually in the order its schema declares them.
    @inline(__always)
    func position(of name: String, hint: Int) -> Int? {
        // The common case, the same short name at the hint, costs no call.
        if hint < entries.count, sameRepresentation(entries[hint].name, name) { return hint }
        return searchPosition(of: name, hint: hint)
    }

    /// ``position(of:hint:)`` past its first check: the name compared by its bytes.
    private func searchPosition(of name: String, hint: Int) -> Int? {
        if hint < entries.count, exactlyEqual(entries[hint].name, name) { return hint }
        if let index { return index[ExactString(name)] }
        for position in entries.indices where exactlyEqual(entries[position].name, name) { return position }
        return nil
    }
}

/// One compiled keyword of a subschema.
enum CompiledKeyword: Sendable {
    case type(TypeSet)
    case enumeration([JSONValue])
    case constant(JSONValue)
    case multipleOf(JSONNumber)
    case maximum(JSONNumber, exclusive: Bool)
    case minimum(JSONNumber, exclusive: Bool)
    case maxLength(Int)
    case minLength(Int)
    case pattern(ECMARegex)
    case format(StringFormat)
    case maxItems(Int)
    case minItems(Int)
    case uniqueItems
    case contains(SchemaNodeID, minimum: Int, maximum: Int?)
    case maxProperties(Int)
    case minProperties(Int)
    case required([String])
    case dependentRequired([(property: String, required: [String])])
    case properties(PropertyTable)
    case patternProperties([(regex: ECMARegex, node: SchemaNodeID)])
    case additionalProperties(SchemaNodeID, declared: PropertyTable?, patterns: [ECMARegex])
    case propertyNames(SchemaNodeID)
    case dependentSchemas([(property: String, node: SchemaNodeID)])
    case prefixItems([SchemaNodeID])
    case items(SchemaNodeID, from: Int)
    case allOf([SchemaNodeID])
    case anyOf([SchemaNodeID])
    case oneOf([SchemaNodeID])
    case not(SchemaNodeID)
    case conditional(if: SchemaNodeID, then: SchemaNodeID?, else: SchemaNodeID?)
    case ref(SchemaNodeID)
    case dynamicRef(SchemaNodeID, anchor: String?)
    case unevaluatedProperties(SchemaNodeID)
    case unevaluatedItems(SchemaNodeID)

    /// The subschemas this keyword applies to the same instance (not to a child of it).
    var inPlaceTargets: [SchemaNodeID] {
        switch self {
        case .allOf(let nodes), .anyOf(let nodes), .oneOf(let nodes): nodes
        case .not(let node), .ref(let node): [node]
        case .dynamicRef(let node, _): [node]
        case .conditional(let condition, let then, let otherwise): [condition] + [then, otherwise].compactMap { $0 }
        case .dependentSchemas(let entries): entries.map(\.node)
        default: []
        }
    }
}

/// A keyword with the name it had in the schema, for error locations.
struct KeywordEntry: Sendable {
    let name: String
    let keyword: CompiledKeyword
}

/// A subschema as the compiler builds it, before linking.
struct CompiledNode: Sendable {
    /// `true`/`false` for a boolean schema, `nil` for an object schema.
    var boolean: Bool?
    /// Keywords in evaluation order; `unevaluated*` come last.
    var keywords: [KeywordEntry]
    /// The URI of the document this subschema is in.
    var documentURI: String
    /// Where this subschema is in its document.
    var pointer: JSONPointer
    /// The schema resource this subschema belongs to (for `$dynamicRef` scope).
    var resource: Int
    /// Whether this subschema has `unevaluatedProperties` or `unevaluatedItems`.
    var usesUnevaluated: Bool
}

/// A linked subschema: plain data, so that reading it during validation costs no reference counting.
struct SchemaNode: Sendable {
    /// 1 for the `true` schema, 0 for `false`, -1 for an object schema.
    var boolean: Int8
    /// Whether this subschema has `unevaluatedProperties` or `unevaluatedItems`.
    var usesUnevaluated: Bool
    /// The schema resource this subschema belongs to (for `$dynamicRef` scope).
    var resource: Int
    /// Its keywords: a range of ``SchemaProgram/keywords``.
    var keywordStart: Int
    var keywordEnd: Int
    /// Its plain keywords, for the fast pass: a range of ``PlainTables/keywords``.
    var plainStart: Int
    var plainEnd: Int
    /// Whether its plain keywords are all scalar (see ``PlainTables/lower(_:at:)``): the fast
    /// pass checks it in place, without a call.
    var isLeaf: Bool
}

/// Where a subschema is: its document's URI and a pointer into the document.
struct SchemaLocation: Sendable {
    var documentURI: String
    var pointer: JSONPointer

    func absolute(_ keyword: String?) -> String {
        documentURI + (keyword.map { pointer.appending($0) } ?? pointer).fragment
    }
}

/// A compiled schema: every reachable subschema, indexed, with references resolved.
///
/// Nodes and keywords live in flat arrays so that validation walks plain data; names and
/// locations, needed only to describe a failure, are kept apart. A class, so that an evaluation
/// holds it by one reference instead of copying (and retaining) each of its tables.
final class SchemaProgram: Sendable {
    let nodes: [SchemaNode]
    let keywords: [CompiledKeyword]
    let keywordNames: [String]
    /// The keywords lowered to plain values (see ``PlainKeyword``), node by node, and their tables.
    let plain: PlainTables
    let locations: [SchemaLocation]
    let root: SchemaNodeID
    /// For each resource, its `$dynamicAnchor`s and the subschemas they name.
    let dynamicAnchors: [[String: SchemaNodeID]]
    /// Whether any subschema uses `$dynamicRef` (so validation tracks the dynamic scope).
    let usesDynamicScope: Bool

    init(linking compiled: [CompiledNode], root: SchemaNodeID, dynamicAnchors: [[String: SchemaNodeID]], usesDynamicScope: Bool) {
        var nodes: [SchemaNode] = []
        var keywords: [CompiledKeyword] = []
        var keywordNames: [String] = []
        var plain = PlainTables()
        var locations: [SchemaLocation] = []
        nodes.reserveCapacity(compiled.count)
        for node in compiled {
            let start = keywords.count
            for entry in node.keywords {
                keywords.append(entry.keyword)
                keywordNames.append(entry.name)
            }
            let plainStart = plain.keywords.count
            let isLeaf = plain.lower(node, at: start)
            nodes.append(SchemaNode(boolean: node.boolean.map { $0 ? 1 : 0 } ?? -1, usesUnevaluated: node.usesUnevaluated,
                                    resource: node.resource, keywordStart: start, keywordEnd: keywords.count,
                                    plainStart: plainStart, plainEnd: plain.keywords.count, isLeaf: isLeaf))
            locations.append(SchemaLocation(documentURI: node.documentURI, pointer: node.pointer))
        }
        self.nodes = nodes
        self.keywords = keywords
        self.keywordNames = keywordNames
        self.plain = plain
        self.locations = locations
        self.root = root
        self.dynamicAnchors = dynamicAnchors
        self.usesDynamicScope = usesDynamicScope
    }
}

/// A schema as Confluent's diff sees it, after the normalisation its schema loader applies:
/// several `type`s become an `anyOf`, keywords of several kinds become a synthetic `allOf`,
/// `const` is a one-value enumeration, 2020-12 `prefixItems`/`items` become tuple items and
/// additional items. A class, so that references can be compared by identity.
final class DiffNode {
    /// The combinators of a combined schema, named as in the path.
    enum Criterion: String {
        case allOf, anyOf, oneOf
    }

    /// String keywords.
    struct StringFacets {
        var minLength: JSONNumber?
        var maxLength: JSONNumber?
        var pattern: String?
    }

    /// Number keywords.
    struct NumberFacets {
        var maximum: JSONNumber?
        var minimum: JSONNumber?
        var exclusiveMaximum: JSONNumber?
        var exclusiveMinimum: JSONNumber?
        var multipleOf: JSONNumber?
        var requiresInteger = false
    }

    /// Object keywords.
    ///
    /// Setting ``properties`` or ``required`` also indexes them (positions by name, the names in
    /// Java's `HashMap` order with their hash codes), so that comparing a model many times does
    /// not search or hash its names again.
    struct ObjectFacets {
        var properties: [(name: String, schema: DiffNode)] = [] {
            didSet { indexProperties() }
        }
        var required: [String] = [] {
            didSet { requiredNames = Set(required) }
        }
        var permitsAdditional = true
        var additionalSchema: DiffNode?
        var patternProperties: [(pattern: String, schema: DiffNode)] = []
        var propertyDependencies: [(name: String, dependencies: [String])] = []
        var schemaDependencies: [(name: String, schema: DiffNode)] = []
        var minProperties: JSONNumber?
        var maxProperties: JSONNumber?
        /// Each property's position in ``properties`` (the first, for a name given twice).
        private(set) var positions: [String: Int] = [:]
        /// The property names in the order a Java `HashMap` of them iterates, with their hash codes.
        private(set) var namesInMapOrder: [JavaHashOrder.HashedName] = []
        /// ``required`` as a set.
        private(set) var requiredNames: Set<String> = []

        func property(_ name: String) -> DiffNode? {
            positions[name].map { properties[$0].schema }
        }

        func isRequired(_ name: String) -> Bool {
            requiredNames.contains(name)
        }

        private mutating func indexProperties() {
            positions = [:]
            var names: [JavaHashOrder.HashedName] = []
            for (position, property) in properties.enumerated() where positions[property.name] == nil {
                positions[property.name] = position
                names.append(JavaHashOrder.HashedName(property.name))
            }
            namesInMapOrder = JavaHashOrder.mapOrder(names)
        }
    }

    /// Array keywords.
    struct ArrayFacets {
        var allItems: DiffNode?
        var tupleItems: [DiffNode] = []
        var permitsAdditional = true
        var additionalSchema: DiffNode?
        var minItems: JSONNumber?
        var maxItems: JSONNumber?
        var uniqueItems = false
        var minContains: JSONNumber?
        var maxContains: JSONNumber?
    }

    /// What kind of schema this is, with its keywords.
    enum Shape {
        case empty
        case never
        case boolean
        case null
        case string(StringFacets)
        case number(NumberFacets)
        case object(ObjectFacets)
        case array(ArrayFacets)
        case enumeration(values: [JSONValue], keyword: String)
        case combined(Criterion, [DiffNode])
        case not(DiffNode)
        case conditional
        case reference(String, base: String)
    }

    var shape: Shape
    var id: String?
    var title: String?
    var summary: String?
    var defaultValue: JSONValue?
    /// The JSON this node was read from, used to collapse duplicate subschemas.
    var source: JSONValue
    /// The target of a `.reference`, once resolved.
    var resolved: DiffNode?
    /// Why a `.reference` cannot be resolved, once tried.
    var resolutionFailure: SchemaError?
    /// Where a `.reference` is written, for errors.
    var location: JSONPointer = .root
    /// The URI of the document a `.reference` is written in, for errors.
    var documentURI = ""
    /// The loader that resolves a `.reference`.
    weak var loader: DiffSchemaLoader?

    init(shape: Shape, source: JSONValue) {
        self.shape = shape
        self.source = source
    }

    /// Identifies the schema class for Confluent's "same class" test.
    var classTag: Int {
        switch shape {
        case .empty: 0
        case .never: 1
        case .boolean: 2
        case .null: 3
        case .string: 4
        case .number: 5
        case .object: 6
        case .array: 7
        case .enumeration: 8
        case .combined: 9
        case .not: 10
        case .conditional: 11
        case .reference: 12
        }
    }

    /// Whether the schema has no subschemas (nor a reference to one), so comparing it never recurs.
    var isLeaf: Bool {
        switch shape {
        case .empty, .never, .boolean, .null, .string, .number, .enumeration, .conditional: true
        case .object, .array, .combined, .not, .reference: false
        }
    }

    var isCombined: Bool {
        if case .combined = shape { return true }
        return false
    }

    var isEmpty: Bool {
        if case .empty = shape { return true }
        return false
    }

    var isNever: Bool {
        if case .never = shape { return true }
        return false
    }

    /// Whether the schema this node was read from declares a `default`.
    var hasDefault: Bool { defaultValue != nil }
}

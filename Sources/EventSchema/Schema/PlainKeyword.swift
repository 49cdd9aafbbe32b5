/// A keyword as fast validation runs it: an operation and a few words, no reference-counted
/// payload.
///
/// ``SchemaProgram`` lowers the common keywords of each subschema to these, with their names,
/// property entries and regular expressions in flat tables of the program, so the switch that
/// runs a keyword reads plain words instead of a ``CompiledKeyword`` with arrays and tables in
/// its cases. A keyword without a plain form is ``Operation/general``: it runs its
/// ``CompiledKeyword``. Only the fast pass (`isValid`, no annotations collected) runs plain
/// keywords; the detailed pass, which describes failures, runs the compiled keywords, so messages
/// and locations do not depend on this lowering.
struct PlainKeyword: Sendable {
    /// What a plain keyword does with its words.
    enum Operation: UInt8, Sendable {
        /// Runs compiled keyword ``PlainKeyword/keyword``.
        case general
        /// `type`: ``PlainKeyword/first`` is the ``TypeSet``'s raw value.
        case type
        /// `minimum`/`exclusiveMinimum` (``PlainKeyword/exclusive``) with the `Int64` limit in
        /// ``PlainKeyword/first``; a number that is not an `Int64` runs the compiled keyword.
        case minimum
        /// `maximum`/`exclusiveMaximum`, as ``minimum``.
        case maximum
        /// `minItems`: the limit in ``PlainKeyword/first``.
        case minItems
        /// `maxItems`: the limit in ``PlainKeyword/first``.
        case maxItems
        /// `minLength`: strings it cannot settle by their UTF-8 length run the compiled keyword.
        case minLength
        /// `maxLength`, as ``minLength``.
        case maxLength
        /// `pattern`: regular expression ``PlainKeyword/first`` of ``PlainTables/unownedRegexes``.
        case pattern
        /// `required`: names `first..<second` of ``PlainTables/names``.
        case required
        /// `properties`: entries `first..<second` of ``PlainTables/names`` and
        /// ``PlainTables/entryNodes``.
        case properties
        /// `properties` with `additionalProperties` (and no `patternProperties`), in one walk of
        /// the members: entries `first..<second` as ``properties``, and subschema ``PlainKeyword/third``
        /// for a member none of them names.
        case closedProperties
        /// `items`: subschema ``PlainKeyword/first`` for the elements from position ``PlainKeyword/second``.
        case items
        /// `$ref`: subschema ``PlainKeyword/first``.
        case ref

        /// Whether the keyword validates the instance itself, not a subschema against it or
        /// its members (and never runs a compiled keyword that could).
        var isScalar: Bool {
            switch self {
            case .type, .minimum, .maximum, .minItems, .maxItems, .minLength, .maxLength, .pattern: true
            case .general, .required, .properties, .closedProperties, .items, .ref: false
            }
        }
    }

    var operation: Operation
    /// For ``Operation/minimum`` and ``Operation/maximum``: whether the limit is exclusive.
    var exclusive = false
    /// The compiled keyword this one lowers (in ``SchemaProgram/keywords``), run when the plain
    /// form cannot settle a value.
    var keyword: Int
    /// The operation's words; each ``Operation`` case says what they hold.
    var first = 0
    var second = 0
    var third = 0
}

/// The plain keywords of a ``SchemaProgram`` and the flat tables their words index.
struct PlainTables: Sendable {
    /// The plain keywords, node by node (see ``SchemaNode/plainStart``).
    var keywords: [PlainKeyword] = []
    /// Property names of `required` and `properties` keywords, each keyword's a range.
    var names: [String] = []
    /// For each entry of ``names`` that a `properties` keyword declares, its subschema (-1 for
    /// a `required` name).
    var entryNodes: [SchemaNodeID] = []
    /// The regular expressions of `pattern` keywords, which keep their programs alive.
    var regexes: [ECMARegex] = []
    /// ``regexes`` without reference counts, for searching.
    var unownedRegexes: [UnownedRegex] = []

    /// Appends the plain keywords of `compiled`'s keywords (at `start` in
    /// ``SchemaProgram/keywords``) to ``keywords``, with their tables.
    ///
    /// - Returns: whether the node is a leaf: an object schema whose keywords are all scalar
    ///   (``PlainKeyword/Operation/isScalar``) and that collects no annotations.
    mutating func lower(_ compiled: CompiledNode, at start: Int) -> Bool {
        let first = keywords.count
        let entries = compiled.keywords
        // `properties` folds into a following `additionalProperties` that declares it and has
        // no patterns: one walk of the members does both.
        var folded: Int?
        for position in entries.indices {
            if case .additionalProperties(_, let declared?, let patterns) = entries[position].keyword, patterns.isEmpty,
               declared.isPlain,
               let properties = entries.firstIndex(where: { if case .properties = $0.keyword { true } else { false } }) {
                folded = properties
            }
        }
        for position in entries.indices where position != folded {
            let index = start + position
            var plain = PlainKeyword(operation: .general, keyword: index)
            switch entries[position].keyword {
            case .type(let types):
                plain.operation = .type
                plain.first = Int(types.rawValue)
            case .minimum(let limit, let exclusive), .maximum(let limit, let exclusive):
                guard case .int(let value) = limit.storage else { break }
                if case .minimum = entries[position].keyword { plain.operation = .minimum } else { plain.operation = .maximum }
                plain.first = Int(value)
                plain.exclusive = exclusive
            case .minItems(let limit): (plain.operation, plain.first) = (.minItems, limit)
            case .maxItems(let limit): (plain.operation, plain.first) = (.maxItems, limit)
            case .minLength(let limit): (plain.operation, plain.first) = (.minLength, limit)
            case .maxLength(let limit): (plain.operation, plain.first) = (.maxLength, limit)
            case .pattern(let regex):
                plain.operation = .pattern
                plain.first = regexes.count
                regexes.append(regex)
                unownedRegexes.append(regex.unowned)
            case .required(let required):
                plain.operation = .required
                plain.first = names.count
                names.append(contentsOf: required)
                entryNodes.append(contentsOf: repeatElement(-1, count: required.count))
                plain.second = names.count
            case .properties(let table) where table.isPlain:
                plain.operation = .properties
                (plain.first, plain.second) = appendEntries(table)
            case .additionalProperties(let child, let declared?, _) where folded != nil:
                plain.operation = .closedProperties
                (plain.first, plain.second) = appendEntries(declared)
                plain.third = child
            case .items(let child, let from):
                plain.operation = .items
                plain.first = child
                plain.second = from
            case .ref(let target):
                plain.operation = .ref
                plain.first = target
            default:
                break
            }
            keywords.append(plain)
        }
        return compiled.boolean == nil && !compiled.usesUnevaluated && keywords[first...].allSatisfy(\.operation.isScalar)
    }

    /// Appends `table`'s names and subschemas to ``names`` and ``entryNodes``; returns their range.
    private mutating func appendEntries(_ table: PropertyTable) -> (Int, Int) {
        let first = names.count
        for (name, node) in table.entries {
            names.append(name)
            entryNodes.append(node)
        }
        return (first, names.count)
    }
}

extension PropertyTable {
    /// Whether plain keywords can search this table: small enough that it has no hash index.
    var isPlain: Bool { entries.count <= 12 }
}

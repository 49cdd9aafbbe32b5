/// Walks two normalised schemas side by side, as Confluent's `SchemaDiff.compare` does, and
/// records each difference in a ``DiffContext``.
///
/// A pair of schemas already being compared further up is treated as compatible (that is how
/// recursive schemas terminate), and each pair's result is remembered, relative to the pair,
/// so that schemas reached along many paths are compared once.
final class SchemaComparer {
    private struct Pair: Hashable {
        var original: ObjectIdentifier
        var update: ObjectIdentifier
    }

    private var inProgress: Set<Pair> = []
    private var memo: [Pair: [DiffContext.Entry]] = [:]
    /// How many comparisons are nested now; bounded so that a deep pair of schemas is an error, not a crash.
    private var depth = 0
    /// Whether the comparison has moved to a large stack (see ``LargeStack``).
    private var onLargeStack = false

    /// Compares `original` with `update`, either possibly absent.
    ///
    /// Nesting deeper than twice ``JSONSchema/maximumDepth`` is refused; from
    /// ``LargeStack/hopDepth`` levels on, the comparison continues on a large stack.
    func compare(_ ctx: inout DiffContext, _ original: DiffNode?, _ update: DiffNode?) throws(SchemaError) {
        depth += 1
        defer { depth -= 1 }
        guard depth <= 2 * JSONSchema.maximumDepth else {
            throw .schemaTooDeep(file: nil, pointer: JSONPointer(tokens: ctx.path), limit: JSONSchema.maximumDepth)
        }
        if depth == LargeStack.hopDepth && !onLargeStack {
            onLargeStack = true
            defer { onLargeStack = false }
            try LargeStack.run { () throws(SchemaError) in try comparePair(&ctx, original, update) }
            return
        }
        try comparePair(&ctx, original, update)
    }

    /// ``compare(_:_:_:)`` at the current depth.
    private func comparePair(_ ctx: inout DiffContext, _ original: DiffNode?, _ update: DiffNode?) throws(SchemaError) {
        guard let original, let update else {
            if original == nil, update != nil { ctx.add(.schemaAdded) }
            if original != nil, update == nil { ctx.add(.schemaRemoved) }
            return
        }
        let from = try dereference(original)
        let to = try dereference(update)
        // A pair of leaves (no subschemas) cannot recur and costs less to compare than to remember.
        if from.isLeaf && to.isLeaf {
            try compareResolved(&ctx, from, to)
            return
        }
        let pair = Pair(original: ObjectIdentifier(from), update: ObjectIdentifier(to))
        let relative: [DiffContext.Entry]
        if let cached = memo[pair] {
            relative = cached
        } else {
            guard inProgress.insert(pair).inserted else { return }
            defer { inProgress.remove(pair) }
            var fresh = DiffContext()
            try compareResolved(&fresh, from, to)
            memo[pair] = fresh.entries
            relative = fresh.entries
        }
        for entry in relative {
            ctx.entries.append(DiffContext.Entry(kind: entry.kind, path: ctx.path + entry.path))
        }
    }

    /// Follows references until a schema that is not one.
    ///
    /// - Throws: ``SchemaError/cyclicReference(file:pointer:cycle:)`` naming each file and pointer
    ///   of a loop, or ``SchemaError/schemaTooDeep(file:pointer:limit:)`` for a chain longer than
    ///   ``JSONSchema/maximumDepth``, the longest a schema may compile with.
    private func dereference(_ node: DiffNode) throws(SchemaError) -> DiffNode {
        var current = node
        var chain: [DiffNode] = []
        var positions: [ObjectIdentifier: Int] = [:]
        while case .reference = current.shape, let loader = current.loader {
            if let start = positions[ObjectIdentifier(current)] {
                let cycle = chain[start...] + [current]
                throw .cyclicReference(file: Self.displayName(current.documentURI), pointer: current.location,
                                       cycle: cycle.map { Self.displayName($0.documentURI) + Self.schemaFragment($0.location) })
            }
            guard chain.count < JSONSchema.maximumDepth else {
                throw .schemaTooDeep(file: Self.displayName(node.documentURI), pointer: node.location, limit: JSONSchema.maximumDepth)
            }
            positions[ObjectIdentifier(current)] = chain.count
            chain.append(current)
            current = try loader.target(of: current)
        }
        return current
    }

    /// A document URI as errors name it: a `file:` URI as its path.
    static func displayName(_ uri: String) -> String {
        uri.hasPrefix("file://") ? String(uri.dropFirst("file://".count)) : uri
    }

    /// The fragment naming the schema that holds the `$ref` at `location`.
    static func schemaFragment(_ location: JSONPointer) -> String {
        var schema = location
        if schema.tokens.last == "$ref" { schema.tokens.removeLast() }
        return schema.fragment
    }

    private func compareResolved(_ ctx: inout DiffContext, _ original: DiffNode, _ update: DiffNode) throws(SchemaError) {
        if !original.isCombined, case .combined(let criterion, let subschemas) = update.shape {
            if subschemas.count == 1 {
                var sub = ctx.subcontext()
                try compare(&sub, original, subschemas[0])
                if sub.isCompatible { ctx.absorb(sub); return }
            } else if criterion != .allOf {
                for subschema in subschemas {
                    var sub = ctx.subcontext()
                    try compare(&sub, original, subschema)
                    if sub.isCompatible {
                        ctx.absorb(sub)
                        ctx.add(.sumTypeExtended)
                        return
                    }
                }
            }
        } else if case .combined(let criterion, let subschemas) = original.shape, !update.isCombined {
            if subschemas.count == 1 {
                var sub = ctx.subcontext()
                try compare(&sub, subschemas[0], update)
                if sub.isCompatible { ctx.absorb(sub); return }
            } else if criterion == .allOf {
                for subschema in subschemas {
                    var sub = ctx.subcontext()
                    try compare(&sub, subschema, update)
                    if sub.isCompatible {
                        ctx.absorb(sub)
                        ctx.add(.productTypeNarrowed)
                        return
                    }
                }
            }
        }

        if original.classTag != update.classTag {
            if !(original.isNever || update.isEmpty) { ctx.add(.typeChanged) }
            return
        }

        if original.id != update.id { ctx.add(.idChanged) }
        if original.title != update.title { ctx.add(.titleChanged) }
        if original.summary != update.summary { ctx.add(.descriptionChanged) }
        if original.defaultValue != update.defaultValue { ctx.add(.defaultChanged) }

        switch (original.shape, update.shape) {
        case (.string(let from), .string(let to)):
            compareStrings(&ctx, from, to)
        case (.number(let from), .number(let to)):
            compareNumbers(&ctx, from, to)
        case (.enumeration(let from, let keyword), .enumeration(let to, _)):
            compareEnumerations(&ctx, from, to, keyword: keyword)
        case (.combined(let fromCriterion, let from), .combined(let toCriterion, let to)):
            try compareCombined(&ctx, fromCriterion, from, toCriterion, to)
        case (.not(let from), .not(let to)):
            ctx.path.append("not")
            defer { ctx.path.removeLast() }
            var sub = ctx.subcontext()
            try compare(&sub, to, from)
            ctx.add(sub.isCompatible ? .notTypeNarrowed : .notTypeExtended)
        case (.object(let from), .object(let to)):
            try compareObjects(&ctx, from, to)
        case (.array(let from), .array(let to)):
            try compareArrays(&ctx, from, to)
        default:
            break
        }
    }

    /// Reports an added, removed, increased or decreased numeric limit at `attribute`.
    func compareLimit(
        _ ctx: inout DiffContext, _ attribute: String, _ from: JSONNumber?, _ to: JSONNumber?,
        added: SchemaDifference.Kind, removed: SchemaDifference.Kind,
        increased: SchemaDifference.Kind, decreased: SchemaDifference.Kind
    ) {
        guard from != to else { return }
        guard let from else { ctx.add(added, at: attribute); return }
        guard let to else { ctx.add(removed, at: attribute); return }
        if from < to {
            ctx.add(increased, at: attribute)
        } else if to < from {
            ctx.add(decreased, at: attribute)
        }
    }
}

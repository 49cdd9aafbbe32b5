extension SchemaComparer {
    /// `allOf`/`anyOf`/`oneOf` against each other: the combinator change, the change in the
    /// number of distinct subschemas, and the best pairing of compatible subschemas.
    ///
    /// A combinator may widen to `anyOf`; to `oneOf` from a single subschema or from an `allOf`
    /// to a single subschema; to `allOf` only between single subschemas. More subschemas are
    /// named after the update's combinator (sum unless `allOf`), fewer after the original's.
    func compareCombined(
        _ ctx: inout DiffContext,
        _ fromCriterion: DiffNode.Criterion, _ from: [DiffNode],
        _ toCriterion: DiffNode.Criterion, _ to: [DiffNode]
    ) throws(SchemaError) {
        if fromCriterion != toCriterion {
            let widened: Bool
            switch toCriterion {
            case .anyOf: widened = true
            case .oneOf: widened = from.count == 1 || (fromCriterion == .allOf && to.count == 1)
            case .allOf: widened = from.count == 1 && to.count == 1
            }
            guard widened else { ctx.add(.combinedTypeChanged); return }
            ctx.add(.combinedTypeExtended)
        }
        let old = distinct(from)
        let new = distinct(to)
        if old.count < new.count {
            ctx.add(toCriterion == .allOf ? .productTypeExtended : .sumTypeExtended)
        } else if old.count > new.count {
            ctx.add(fromCriterion == .allOf ? .productTypeNarrowed : .sumTypeNarrowed)
        }
        var edges: [[[DiffContext.Entry]?]] = []
        for (index, original) in old.enumerated() {
            ctx.path += [fromCriterion.rawValue, String(index)]
            defer { ctx.path.removeLast(2) }
            var row: [[DiffContext.Entry]?] = []
            for update in new {
                var sub = ctx.subcontext()
                try compare(&sub, original, update)
                row.append(sub.isCompatible ? sub.entries : nil)
            }
            edges.append(row)
        }
        let matching = Self.bestMatching(edges)
        for (index, partner) in matching.enumerated() {
            if let partner, let entries = edges[index][partner] { ctx.entries += entries }
        }
        if matching.compactMap({ $0 }).count < min(old.count, new.count) {
            ctx.add(.combinedTypeSubschemasChanged)
        }
    }

    /// The subschemas with duplicates (equal JSON) removed, first occurrence kept.
    private func distinct(_ nodes: [DiffNode]) -> [DiffNode] {
        var seen: Set<JSONValue> = []
        return nodes.filter { seen.insert($0.source).inserted }
    }

    /// A matching of originals to updates along compatible edges: as many pairs as possible, and
    /// among those the fewest reported differences. `result[i]` is the update paired with `i`.
    static func bestMatching(_ edges: [[[DiffContext.Entry]?]]) -> [Int?] {
        struct Best { var pairs: Int; var cost: Int; var choice: [Int?] }
        var memo: [String: Best] = [:]
        func search(_ index: Int, _ used: Set<Int>) -> Best {
            if index == edges.count { return Best(pairs: 0, cost: 0, choice: []) }
            let key = "\(index):\(used.sorted())"
            if let known = memo[key] { return known }
            var best = search(index + 1, used)
            best.choice.insert(nil, at: 0)
            for (partner, entries) in edges[index].enumerated() where !used.contains(partner) {
                guard let entries else { continue }
                var candidate = search(index + 1, used.union([partner]))
                candidate.pairs += 1
                candidate.cost += entries.count
                candidate.choice.insert(partner, at: 0)
                if candidate.pairs > best.pairs || (candidate.pairs == best.pairs && candidate.cost < best.cost) {
                    best = candidate
                }
            }
            memo[key] = best
            return best
        }
        return search(0, []).choice
    }
}

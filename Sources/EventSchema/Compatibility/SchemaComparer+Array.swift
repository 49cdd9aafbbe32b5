extension SchemaComparer {
    /// `items` (all-items and tuple form), additional items and item counts, in Confluent's order.
    func compareArrays(_ ctx: inout DiffContext, _ from: DiffNode.ArrayFacets, _ to: DiffNode.ArrayFacets) throws(SchemaError) {
        ctx.path.append("items")
        try compare(&ctx, from.allItems, to.allItems)
        ctx.path.removeLast()
        try compareTuples(&ctx, from, to)
        try compareAdditionalItems(&ctx, from, to)
        compareLimit(&ctx, "maxItems", from.maxItems, to.maxItems, added: .maxItemsAdded,
                     removed: .maxItemsRemoved, increased: .maxItemsIncreased, decreased: .maxItemsDecreased)
        compareLimit(&ctx, "minItems", from.minItems, to.minItems, added: .minItemsAdded,
                     removed: .minItemsRemoved, increased: .minItemsIncreased, decreased: .minItemsDecreased)
        if from.uniqueItems != to.uniqueItems {
            ctx.add(from.uniqueItems ? .uniqueItemsRemoved : .uniqueItemsAdded, at: "uniqueItems")
        }
        if from.maxContains != nil, to.maxContains != nil {
            compareLimit(&ctx, "maxContains", from.maxContains, to.maxContains, added: .maxContainsAdded,
                         removed: .maxContainsRemoved, increased: .maxContainsIncreased, decreased: .maxContainsDecreased)
        }
        if from.minContains != nil, to.minContains != nil {
            compareLimit(&ctx, "minContains", from.minContains, to.minContains, added: .minContainsAdded,
                         removed: .minContainsRemoved, increased: .minContainsIncreased, decreased: .minContainsDecreased)
        }
    }

    /// Whether items past the tuple are accepted without any constraint.
    private func isOpen(_ facets: DiffNode.ArrayFacets) -> Bool {
        facets.permitsAdditional && facets.additionalSchema == nil
    }

    private func compareTuples(_ ctx: inout DiffContext, _ from: DiffNode.ArrayFacets, _ to: DiffNode.ArrayFacets) throws(SchemaError) {
        let shared = min(from.tupleItems.count, to.tupleItems.count)
        for index in 0..<max(from.tupleItems.count, to.tupleItems.count) {
            ctx.path += ["items", String(index)]
            defer { ctx.path.removeLast(2) }
            if index < shared {
                try compare(&ctx, from.tupleItems[index], to.tupleItems[index])
            } else if index < from.tupleItems.count {
                let old = from.tupleItems[index]
                if isOpen(to) {
                    ctx.add(.itemRemovedFromOpenContentModel)
                } else if let partial = to.additionalSchema {
                    var sub = ctx.subcontext()
                    try compare(&sub, old, partial)
                    ctx.absorb(sub)
                    ctx.add(sub.isCompatible ? .itemRemovedIsCoveredByPartiallyOpenContentModel
                                             : .itemRemovedNotCoveredByPartiallyOpenContentModel)
                } else {
                    ctx.add(old.isNever ? .itemWithFalseRemovedFromClosedContentModel : .itemRemovedFromClosedContentModel)
                }
            } else {
                let new = to.tupleItems[index]
                if isOpen(from) {
                    ctx.add(new.isEmpty ? .itemWithEmptySchemaAddedToOpenContentModel : .itemAddedToOpenContentModel)
                } else if let partial = from.additionalSchema {
                    var sub = ctx.subcontext()
                    try compare(&sub, partial, new)
                    ctx.absorb(sub)
                    ctx.add(sub.isCompatible ? .itemAddedIsCoveredByPartiallyOpenContentModel
                                             : .itemAddedNotCoveredByPartiallyOpenContentModel)
                } else {
                    ctx.add(.itemAddedToClosedContentModel)
                }
            }
        }
    }

    private func compareAdditionalItems(_ ctx: inout DiffContext, _ from: DiffNode.ArrayFacets, _ to: DiffNode.ArrayFacets) throws(SchemaError) {
        ctx.path.append("additionalItems")
        defer { ctx.path.removeLast() }
        if from.permitsAdditional != to.permitsAdditional {
            ctx.add(from.permitsAdditional ? .additionalItemsRemoved : .additionalItemsAdded)
        } else if from.additionalSchema == nil, to.additionalSchema != nil {
            ctx.add(.additionalItemsNarrowed)
        } else if to.additionalSchema == nil, from.additionalSchema != nil {
            ctx.add(.additionalItemsExtended)
        } else {
            try compare(&ctx, from.additionalSchema, to.additionalSchema)
        }
    }
}

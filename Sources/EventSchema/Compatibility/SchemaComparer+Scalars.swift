extension SchemaComparer {
    /// `minLength`, `maxLength` and `pattern`.
    func compareStrings(_ ctx: inout DiffContext, _ from: DiffNode.StringFacets, _ to: DiffNode.StringFacets) {
        compareLimit(&ctx, "maxLength", from.maxLength, to.maxLength, added: .maxLengthAdded,
                     removed: .maxLengthRemoved, increased: .maxLengthIncreased, decreased: .maxLengthDecreased)
        compareLimit(&ctx, "minLength", from.minLength, to.minLength, added: .minLengthAdded,
                     removed: .minLengthRemoved, increased: .minLengthIncreased, decreased: .minLengthDecreased)
        switch (from.pattern, to.pattern) {
        case (nil, _?): ctx.add(.patternAdded, at: "pattern")
        case (_?, nil): ctx.add(.patternRemoved, at: "pattern")
        case (let a?, let b?) where a != b: ctx.add(.patternChanged, at: "pattern")
        default: break
        }
    }

    /// Bounds, `multipleOf`, and `integer` versus `number`.
    func compareNumbers(_ ctx: inout DiffContext, _ from: DiffNode.NumberFacets, _ to: DiffNode.NumberFacets) {
        compareLimit(&ctx, "maximum", from.maximum, to.maximum, added: .maximumAdded,
                     removed: .maximumRemoved, increased: .maximumIncreased, decreased: .maximumDecreased)
        compareLimit(&ctx, "minimum", from.minimum, to.minimum, added: .minimumAdded,
                     removed: .minimumRemoved, increased: .minimumIncreased, decreased: .minimumDecreased)
        compareLimit(&ctx, "exclusiveMaximum", from.exclusiveMaximum, to.exclusiveMaximum,
                     added: .exclusiveMaximumAdded, removed: .exclusiveMaximumRemoved,
                     increased: .exclusiveMaximumIncreased, decreased: .exclusiveMaximumDecreased)
        compareLimit(&ctx, "exclusiveMinimum", from.exclusiveMinimum, to.exclusiveMinimum,
                     added: .exclusiveMinimumAdded, removed: .exclusiveMinimumRemoved,
                     increased: .exclusiveMinimumIncreased, decreased: .exclusiveMinimumDecreased)
        if from.multipleOf != to.multipleOf {
            if from.multipleOf == nil {
                ctx.add(.multipleOfAdded, at: "multipleOf")
            } else if to.multipleOf == nil {
                ctx.add(.multipleOfRemoved, at: "multipleOf")
            } else if let old = from.multipleOf, let new = to.multipleOf {
                if new.isMultiple(of: old) == true {
                    ctx.add(.multipleOfExpanded, at: "multipleOf")
                } else if old.isMultiple(of: new) == true {
                    ctx.add(.multipleOfReduced, at: "multipleOf")
                } else {
                    ctx.add(.multipleOfChanged, at: "multipleOf")
                }
            }
        }
        if from.requiresInteger != to.requiresInteger {
            ctx.add(from.requiresInteger ? .typeExtended : .typeNarrowed)
        }
    }

    /// `enum` and `const` value sets.
    func compareEnumerations(_ ctx: inout DiffContext, _ from: [JSONValue], _ to: [JSONValue], keyword: String) {
        let old = Set(from)
        let new = Set(to)
        guard old != new else { return }
        if new.isSuperset(of: old) {
            ctx.add(.enumArrayExtended, at: keyword)
        } else if old.isSuperset(of: new) {
            ctx.add(.enumArrayNarrowed, at: keyword)
        } else {
            ctx.add(.enumArrayChanged, at: keyword)
        }
    }
}

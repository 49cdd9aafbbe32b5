extension SchemaComparer {
    /// `required`, `properties`, dependencies, `additionalProperties` and property counts, in
    /// Confluent's order.
    func compareObjects(_ ctx: inout DiffContext, _ from: DiffNode.ObjectFacets, _ to: DiffNode.ObjectFacets) throws(SchemaError) {
        compareRequired(&ctx, from, to)
        try compareProperties(&ctx, from, to)
        try compareDependencies(&ctx, from, to)
        try compareAdditionalProperties(&ctx, from, to)
        compareLimit(&ctx, "maxProperties", from.maxProperties, to.maxProperties, added: .maxPropertiesAdded,
                     removed: .maxPropertiesRemoved, increased: .maxPropertiesIncreased, decreased: .maxPropertiesDecreased)
        compareLimit(&ctx, "minProperties", from.minProperties, to.minProperties, added: .minPropertiesAdded,
                     removed: .minPropertiesRemoved, increased: .minPropertiesIncreased, decreased: .minPropertiesDecreased)
    }

    private func compareRequired(_ ctx: inout DiffContext, _ from: DiffNode.ObjectFacets, _ to: DiffNode.ObjectFacets) {
        for name in from.namesInMapOrder.lazy.map(\.name) {
            guard let updated = to.property(name) else { continue }
            let wasRequired = from.isRequired(name)
            let isRequired = to.isRequired(name)
            if wasRequired && !isRequired {
                ctx.add(.requiredAttributeRemoved, at: "required/" + name)
            } else if !wasRequired && isRequired {
                ctx.add(updated.hasDefault ? .requiredAttributeWithDefaultAdded : .requiredAttributeAdded, at: "required/" + name)
            }
        }
    }

    /// Whether undeclared properties are accepted without any constraint.
    private func isOpen(_ facets: DiffNode.ObjectFacets) -> Bool {
        facets.patternProperties.isEmpty && facets.additionalSchema == nil && facets.permitsAdditional
    }

    /// The schema an undeclared property `name` must match, if the content model constrains it.
    private func partialSchema(_ facets: DiffNode.ObjectFacets, _ name: String) -> DiffNode? {
        for (pattern, schema) in facets.patternProperties {
            if let regex = try? ECMARegex(pattern), regex.firstMatchExists(in: name) == true { return schema }
        }
        return facets.additionalSchema
    }

    private func compareProperties(_ ctx: inout DiffContext, _ from: DiffNode.ObjectFacets, _ to: DiffNode.ObjectFacets) throws(SchemaError) {
        let names = JavaHashOrder.unionOrder(from.namesInMapOrder, to.namesInMapOrder, firstContains: { from.positions[$0] != nil })
        for name in names {
            ctx.path += ["properties", name]
            defer { ctx.path.removeLast(2) }
            let old = from.property(name)
            let new = to.property(name)
            if let old, new == nil {
                if isOpen(to) {
                    ctx.add(.propertyRemovedFromOpenContentModel)
                } else if let partial = partialSchema(to, name) {
                    var sub = ctx.subcontext()
                    try compare(&sub, old, partial)
                    ctx.absorb(sub)
                    ctx.add(sub.isCompatible ? .propertyRemovedIsCoveredByPartiallyOpenContentModel
                                             : .propertyRemovedNotCoveredByPartiallyOpenContentModel)
                } else {
                    ctx.add(old.isNever ? .propertyWithFalseRemovedFromClosedContentModel : .propertyRemovedFromClosedContentModel)
                }
            } else if let new, old == nil {
                let required = to.isRequired(name)
                if isOpen(from) {
                    if new.isEmpty {
                        ctx.add(.propertyWithEmptySchemaAddedToOpenContentModel)
                    } else if required {
                        ctx.add(new.hasDefault ? .requiredPropertyWithDefaultAddedToOpenContentModel
                                               : .requiredPropertyAddedToOpenContentModel)
                    } else {
                        ctx.add(.optionalPropertyAddedToOpenContentModel)
                    }
                } else {
                    if let partial = partialSchema(from, name) {
                        var sub = ctx.subcontext()
                        try compare(&sub, partial, new)
                        ctx.absorb(sub)
                        ctx.add(sub.isCompatible ? .propertyAddedIsCoveredByPartiallyOpenContentModel
                                                 : .propertyAddedNotCoveredByPartiallyOpenContentModel)
                    }
                    if required {
                        ctx.add(new.hasDefault ? .requiredPropertyWithDefaultAddedToUnopenContentModel
                                               : .requiredPropertyAddedToUnopenContentModel)
                    } else {
                        ctx.add(.optionalPropertyAddedToUnopenContentModel)
                    }
                }
            } else {
                try compare(&ctx, old, new)
            }
        }
    }

    private func compareDependencies(_ ctx: inout DiffContext, _ from: DiffNode.ObjectFacets, _ to: DiffNode.ObjectFacets) throws(SchemaError) {
        ctx.path.append("dependencies")
        defer { ctx.path.removeLast() }
        func dependencies(_ facets: DiffNode.ObjectFacets, _ name: String) -> [String]? {
            facets.propertyDependencies.first { $0.name == name }?.dependencies
        }
        for name in JavaHashOrder.unionOrder(from.propertyDependencies.map(\.name), to.propertyDependencies.map(\.name)) {
            let old = dependencies(from, name)
            let new = dependencies(to, name)
            guard let old else { ctx.add(.dependencyArrayAdded, at: name); continue }
            guard let new else { ctx.add(.dependencyArrayRemoved, at: name); continue }
            let (oldSet, newSet) = (Set(old), Set(new))
            if oldSet == newSet { continue }
            if newSet.isSuperset(of: oldSet) {
                ctx.add(.dependencyArrayExtended, at: name)
            } else if oldSet.isSuperset(of: newSet) {
                ctx.add(.dependencyArrayNarrowed, at: name)
            } else {
                ctx.add(.dependencyArrayChanged, at: name)
            }
        }
        func schema(_ facets: DiffNode.ObjectFacets, _ name: String) -> DiffNode? {
            facets.schemaDependencies.first { $0.name == name }?.schema
        }
        for name in JavaHashOrder.unionOrder(from.schemaDependencies.map(\.name), to.schemaDependencies.map(\.name)) {
            let old = schema(from, name)
            let new = schema(to, name)
            if new == nil {
                ctx.add(.dependencySchemaRemoved, at: name)
            } else if old == nil {
                ctx.add(.dependencySchemaAdded, at: name)
            } else {
                ctx.path.append(name)
                defer { ctx.path.removeLast() }
                try compare(&ctx, old, new)
            }
        }
    }

    private func compareAdditionalProperties(_ ctx: inout DiffContext, _ from: DiffNode.ObjectFacets, _ to: DiffNode.ObjectFacets) throws(SchemaError) {
        ctx.path.append("additionalProperties")
        defer { ctx.path.removeLast() }
        if from.permitsAdditional != to.permitsAdditional {
            ctx.add(to.permitsAdditional ? .additionalPropertiesAdded : .additionalPropertiesRemoved)
        } else if from.additionalSchema == nil, to.additionalSchema != nil {
            ctx.add(.additionalPropertiesNarrowed)
        } else if to.additionalSchema == nil, from.additionalSchema != nil {
            ctx.add(.additionalPropertiesExtended)
        } else {
            try compare(&ctx, from.additionalSchema, to.additionalSchema)
        }
    }
}

extension SchemaDifference.Kind {
    /// The kinds Confluent's strict policy accepts: each only widens what the schema accepts.
    static let strictlyCompatible: Set<SchemaDifference.Kind> = [
        .idChanged, .descriptionChanged, .titleChanged, .defaultChanged, .schemaRemoved, .typeExtended,
        .maxLengthIncreased, .maxLengthRemoved, .minLengthDecreased, .minLengthRemoved, .patternRemoved,
        .maximumIncreased, .maximumRemoved, .minimumDecreased, .minimumRemoved,
        .exclusiveMaximumIncreased, .exclusiveMaximumRemoved, .exclusiveMinimumDecreased, .exclusiveMinimumRemoved,
        .multipleOfReduced, .multipleOfRemoved,
        .requiredAttributeWithDefaultAdded, .requiredAttributeRemoved,
        .dependencyArrayNarrowed, .dependencyArrayRemoved, .dependencySchemaRemoved,
        .maxPropertiesIncreased, .maxPropertiesRemoved, .minPropertiesDecreased, .minPropertiesRemoved,
        .additionalPropertiesAdded, .additionalPropertiesExtended,
        .unevaluatedPropertiesAdded, .unevaluatedPropertiesExtended,
        .propertyWithEmptySchemaAddedToOpenContentModel, .requiredPropertyWithDefaultAddedToUnopenContentModel,
        .optionalPropertyAddedToUnopenContentModel, .propertyWithFalseRemovedFromClosedContentModel,
        .propertyRemovedFromOpenContentModel, .propertyAddedIsCoveredByPartiallyOpenContentModel,
        .propertyRemovedIsCoveredByPartiallyOpenContentModel,
        .maxItemsIncreased, .maxItemsRemoved, .minItemsDecreased, .minItemsRemoved,
        .maxContainsIncreased, .maxContainsRemoved, .minContainsDecreased, .minContainsRemoved,
        .uniqueItemsRemoved, .additionalItemsAdded, .additionalItemsExtended,
        .unevaluatedItemsAdded, .unevaluatedItemsExtended,
        .itemWithEmptySchemaAddedToOpenContentModel, .itemAddedToClosedContentModel,
        .itemWithFalseRemovedFromClosedContentModel, .itemRemovedFromOpenContentModel,
        .itemAddedIsCoveredByPartiallyOpenContentModel, .itemRemovedIsCoveredByPartiallyOpenContentModel,
        .enumArrayExtended, .combinedTypeExtended, .productTypeNarrowed, .sumTypeExtended, .notTypeNarrowed,
    ]

    /// The kinds the lenient policy accepts on top of the strict ones: changes that only break
    /// data carrying properties the old schema did not declare.
    static let leniencyAdditions: Set<SchemaDifference.Kind> = [
        .additionalPropertiesNarrowed, .additionalPropertiesRemoved,
        .unevaluatedPropertiesNarrowed, .unevaluatedPropertiesRemoved,
        .propertyAddedToOpenContentModel, .optionalPropertyAddedToOpenContentModel,
        .requiredPropertyWithDefaultAddedToOpenContentModel,
        .propertyAddedNotCoveredByPartiallyOpenContentModel, .propertyRemovedNotCoveredByPartiallyOpenContentModel,
    ]

    /// Whether a change of this kind keeps readers of the new schema able to read data written
    /// with the old one (backward direction) under `policy`.
    public func isCompatible(under policy: CompatibilityPolicy) -> Bool {
        switch policy {
        case .strict: Self.strictlyCompatible.contains(self)
        case .lenient: Self.strictlyCompatible.contains(self) || Self.leniencyAdditions.contains(self)
        }
    }

    /// One line in plain words: why this breaks readers or not, and for a break what would fix it.
    public var explanation: String {
        switch self {
        case .idChanged, .descriptionChanged, .titleChanged, .defaultChanged:
            return "an annotation changed: it does not change which events are valid"
        case .schemaAdded:
            return "a schema now constrains a value the old one left free: events written before may not match it; drop the constraint or add an upcaster"
        case .schemaRemoved:
            return "a constraint was removed: every event written before is still accepted"
        case .typeExtended:
            return "the type now accepts more values (such as integer to number): events written before still match"
        case .typeNarrowed, .typeChanged:
            return "the type changed or narrowed: events written before may hold values of the old type; keep the old type, widen to a union, or add an upcaster"
        case .maxLengthIncreased, .maxLengthRemoved, .minLengthDecreased, .minLengthRemoved, .patternRemoved,
             .maximumIncreased, .maximumRemoved, .minimumDecreased, .minimumRemoved,
             .exclusiveMaximumIncreased, .exclusiveMaximumRemoved, .exclusiveMinimumDecreased, .exclusiveMinimumRemoved,
             .multipleOfReduced, .multipleOfRemoved,
             .maxPropertiesIncreased, .maxPropertiesRemoved, .minPropertiesDecreased, .minPropertiesRemoved,
             .maxItemsIncreased, .maxItemsRemoved, .minItemsDecreased, .minItemsRemoved,
             .maxContainsIncreased, .maxContainsRemoved, .minContainsDecreased, .minContainsRemoved,
             .uniqueItemsRemoved, .dependencyArrayNarrowed, .dependencyArrayRemoved, .dependencySchemaRemoved:
            return "a limit was relaxed: every event written before is still within it"
        case .maxLengthAdded, .maxLengthDecreased, .minLengthAdded, .minLengthIncreased, .patternAdded, .patternChanged,
             .maximumAdded, .maximumDecreased, .minimumAdded, .minimumIncreased,
             .exclusiveMaximumAdded, .exclusiveMaximumDecreased, .exclusiveMinimumAdded, .exclusiveMinimumIncreased,
             .multipleOfAdded, .multipleOfExpanded, .multipleOfChanged,
             .maxPropertiesAdded, .maxPropertiesDecreased, .minPropertiesAdded, .minPropertiesIncreased,
             .maxItemsAdded, .maxItemsDecreased, .minItemsAdded, .minItemsIncreased,
             .maxContainsAdded, .maxContainsDecreased, .minContainsAdded, .minContainsIncreased, .uniqueItemsAdded:
            return "a limit was added or tightened: events written before may fall outside it; keep the old limit or add an upcaster that brings old events within it"
        case .requiredAttributeAdded:
            return "an existing property became required: events written before may lack it; keep it optional, give it a default, or add an upcaster that sets it"
        case .requiredAttributeWithDefaultAdded:
            return "an existing property became required but has a default: readers fill it in for events written before"
        case .requiredAttributeRemoved:
            return "a property is no longer required: events written before, which had it, are still valid"
        case .additionalPropertiesAdded, .additionalPropertiesExtended, .unevaluatedPropertiesAdded, .unevaluatedPropertiesExtended:
            return "undeclared properties are now accepted more widely: events written before are still valid"
        case .additionalPropertiesRemoved, .additionalPropertiesNarrowed, .unevaluatedPropertiesRemoved, .unevaluatedPropertiesNarrowed:
            return "undeclared properties are now refused or constrained: events written before may carry them; keep the content model open, use LENIENT if writers never sent undeclared properties, or add an upcaster"
        case .dependencyArrayAdded, .dependencyArrayExtended, .dependencyArrayChanged, .dependencySchemaAdded:
            return "a property now requires others to be present: events written before may lack them; drop the dependency or add an upcaster"
        case .propertyAddedToOpenContentModel, .optionalPropertyAddedToOpenContentModel:
            return "a property was declared in an open content model: events written before may already carry it with another shape; give it an empty schema, close the content model, or use LENIENT"
        case .requiredPropertyAddedToOpenContentModel, .requiredPropertyAddedToUnopenContentModel:
            return "a new required property: events written before have no value for it; make it optional, give it a default, or add an upcaster that sets it"
        case .requiredPropertyWithDefaultAddedToOpenContentModel:
            return "a new required property with a default in an open content model: events written before may carry it with another shape; close the content model or use LENIENT"
        case .requiredPropertyWithDefaultAddedToUnopenContentModel:
            return "a new required property with a default: readers fill it in for events written before"
        case .optionalPropertyAddedToUnopenContentModel:
            return "a new optional property in a closed content model: events written before cannot have carried it"
        case .propertyWithEmptySchemaAddedToOpenContentModel, .itemWithEmptySchemaAddedToOpenContentModel:
            return "a property or item accepting anything was declared: events written before still match"
        case .propertyRemovedFromOpenContentModel, .itemRemovedFromOpenContentModel:
            return "a declaration was removed from an open content model: its values are still accepted as undeclared ones"
        case .propertyWithFalseRemovedFromClosedContentModel, .itemWithFalseRemovedFromClosedContentModel:
            return "a forbidden property or item was removed from a closed content model: events written before never carried it"
        case .propertyRemovedFromClosedContentModel, .itemRemovedFromClosedContentModel:
            return "a property or item was removed from a closed content model: events written before that carry it are now refused; keep it declared, open the content model, or add an upcaster that drops it"
        case .propertyRemovedIsCoveredByPartiallyOpenContentModel, .propertyAddedIsCoveredByPartiallyOpenContentModel,
             .itemRemovedIsCoveredByPartiallyOpenContentModel, .itemAddedIsCoveredByPartiallyOpenContentModel:
            return "the declaration agrees with the schema for undeclared properties or items: events written before still match"
        case .propertyRemovedNotCoveredByPartiallyOpenContentModel, .propertyAddedNotCoveredByPartiallyOpenContentModel,
             .itemRemovedNotCoveredByPartiallyOpenContentModel, .itemAddedNotCoveredByPartiallyOpenContentModel:
            return "the declaration conflicts with the schema for undeclared properties or items: events written before may not match; make the two schemas agree or add an upcaster"
        case .itemAddedToOpenContentModel:
            return "a tuple item was declared where any item was accepted: events written before may hold another value there; give it an empty schema or add an upcaster"
        case .itemAddedToClosedContentModel:
            return "a tuple item was declared where no item was allowed: events written before cannot have it"
        case .reservedPropertyRemoved:
            return "a reserved property name was released: a later version could reuse it with another meaning; keep it reserved"
        case .reservedPropertyConflictsWithProperty:
            return "a property uses a reserved name: rename the property or release the name"
        case .additionalItemsAdded, .additionalItemsExtended, .unevaluatedItemsAdded, .unevaluatedItemsExtended:
            return "extra array items are now accepted more widely: events written before are still valid"
        case .additionalItemsRemoved, .additionalItemsNarrowed, .unevaluatedItemsRemoved, .unevaluatedItemsNarrowed:
            return "extra array items are now refused or constrained: events written before may have them; keep them allowed or add an upcaster"
        case .enumArrayExtended:
            return "the enumeration gained values: every value written before is still allowed"
        case .enumArrayNarrowed, .enumArrayChanged:
            return "the enumeration lost values: events written before may hold them; keep the old values or add an upcaster that maps them"
        case .combinedTypeExtended, .sumTypeExtended, .productTypeNarrowed:
            return "the combination accepts more: events written before still match one of its branches"
        case .combinedTypeChanged, .combinedTypeSubschemasChanged, .sumTypeNarrowed, .productTypeExtended:
            return "the combination accepts less or differently: events written before may match no branch; keep the old branches or add an upcaster"
        case .notTypeNarrowed:
            return "the excluded schema shrank: every event written before is still accepted"
        case .notTypeExtended:
            return "the excluded schema grew: events written before may now be excluded; keep the old exclusion or add an upcaster"
        }
    }
}

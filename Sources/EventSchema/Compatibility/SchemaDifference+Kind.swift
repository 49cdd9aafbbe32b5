extension SchemaDifference {
    /// The kinds of difference Confluent Schema Registry's JSON Schema diff reports; each raw value
    /// is Confluent's name for it.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Id changed.
        case idChanged = "ID_CHANGED"
        /// Description changed.
        case descriptionChanged = "DESCRIPTION_CHANGED"
        /// Title changed.
        case titleChanged = "TITLE_CHANGED"
        /// Default changed.
        case defaultChanged = "DEFAULT_CHANGED"
        /// Schema added.
        case schemaAdded = "SCHEMA_ADDED"
        /// Schema removed.
        case schemaRemoved = "SCHEMA_REMOVED"
        /// Type extended.
        case typeExtended = "TYPE_EXTENDED"
        /// Type narrowed.
        case typeNarrowed = "TYPE_NARROWED"
        /// Type changed.
        case typeChanged = "TYPE_CHANGED"
        /// Max length added.
        case maxLengthAdded = "MAX_LENGTH_ADDED"
        /// Max length removed.
        case maxLengthRemoved = "MAX_LENGTH_REMOVED"
        /// Max length increased.
        case maxLengthIncreased = "MAX_LENGTH_INCREASED"
        /// Max length decreased.
        case maxLengthDecreased = "MAX_LENGTH_DECREASED"
        /// Min length added.
        case minLengthAdded = "MIN_LENGTH_ADDED"
        /// Min length removed.
        case minLengthRemoved = "MIN_LENGTH_REMOVED"
        /// Min length increased.
        case minLengthIncreased = "MIN_LENGTH_INCREASED"
        /// Min length decreased.
        case minLengthDecreased = "MIN_LENGTH_DECREASED"
        /// Pattern added.
        case patternAdded = "PATTERN_ADDED"
        /// Pattern removed.
        case patternRemoved = "PATTERN_REMOVED"
        /// Pattern changed.
        case patternChanged = "PATTERN_CHANGED"
        /// Maximum added.
        case maximumAdded = "MAXIMUM_ADDED"
        /// Maximum removed.
        case maximumRemoved = "MAXIMUM_REMOVED"
        /// Maximum increased.
        case maximumIncreased = "MAXIMUM_INCREASED"
        /// Maximum decreased.
        case maximumDecreased = "MAXIMUM_DECREASED"
        /// Minimum added.
        case minimumAdded = "MINIMUM_ADDED"
        /// Minimum removed.
        case minimumRemoved = "MINIMUM_REMOVED"
        /// Minimum increased.
        case minimumIncreased = "MINIMUM_INCREASED"
        /// Minimum decreased.
        case minimumDecreased = "MINIMUM_DECREASED"
        /// Exclusive maximum added.
        case exclusiveMaximumAdded = "EXCLUSIVE_MAXIMUM_ADDED"
        /// Exclusive maximum removed.
        case exclusiveMaximumRemoved = "EXCLUSIVE_MAXIMUM_REMOVED"
        /// Exclusive maximum increased.
        case exclusiveMaximumIncreased = "EXCLUSIVE_MAXIMUM_INCREASED"
        /// Exclusive maximum decreased.
        case exclusiveMaximumDecreased = "EXCLUSIVE_MAXIMUM_DECREASED"
        /// Exclusive minimum added.
        case exclusiveMinimumAdded = "EXCLUSIVE_MINIMUM_ADDED"
        /// Exclusive minimum removed.
        case exclusiveMinimumRemoved = "EXCLUSIVE_MINIMUM_REMOVED"
        /// Exclusive minimum increased.
        case exclusiveMinimumIncreased = "EXCLUSIVE_MINIMUM_INCREASED"
        /// Exclusive minimum decreased.
        case exclusiveMinimumDecreased = "EXCLUSIVE_MINIMUM_DECREASED"
        /// Multiple of added.
        case multipleOfAdded = "MULTIPLE_OF_ADDED"
        /// Multiple of removed.
        case multipleOfRemoved = "MULTIPLE_OF_REMOVED"
        /// Multiple of expanded.
        case multipleOfExpanded = "MULTIPLE_OF_EXPANDED"
        /// Multiple of reduced.
        case multipleOfReduced = "MULTIPLE_OF_REDUCED"
        /// Multiple of changed.
        case multipleOfChanged = "MULTIPLE_OF_CHANGED"
        /// Required attribute added.
        case requiredAttributeAdded = "REQUIRED_ATTRIBUTE_ADDED"
        /// Required attribute with default added.
        case requiredAttributeWithDefaultAdded = "REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED"
        /// Required attribute removed.
        case requiredAttributeRemoved = "REQUIRED_ATTRIBUTE_REMOVED"
        /// Max properties added.
        case maxPropertiesAdded = "MAX_PROPERTIES_ADDED"
        /// Max properties removed.
        case maxPropertiesRemoved = "MAX_PROPERTIES_REMOVED"
        /// Max properties increased.
        case maxPropertiesIncreased = "MAX_PROPERTIES_INCREASED"
        /// Max properties decreased.
        case maxPropertiesDecreased = "MAX_PROPERTIES_DECREASED"
        /// Min properties added.
        case minPropertiesAdded = "MIN_PROPERTIES_ADDED"
        /// Min properties removed.
        case minPropertiesRemoved = "MIN_PROPERTIES_REMOVED"
        /// Min properties increased.
        case minPropertiesIncreased = "MIN_PROPERTIES_INCREASED"
        /// Min properties decreased.
        case minPropertiesDecreased = "MIN_PROPERTIES_DECREASED"
        /// Additional properties added.
        case additionalPropertiesAdded = "ADDITIONAL_PROPERTIES_ADDED"
        /// Additional properties removed.
        case additionalPropertiesRemoved = "ADDITIONAL_PROPERTIES_REMOVED"
        /// Additional properties extended.
        case additionalPropertiesExtended = "ADDITIONAL_PROPERTIES_EXTENDED"
        /// Additional properties narrowed.
        case additionalPropertiesNarrowed = "ADDITIONAL_PROPERTIES_NARROWED"
        /// Dependency array added.
        case dependencyArrayAdded = "DEPENDENCY_ARRAY_ADDED"
        /// Dependency array removed.
        case dependencyArrayRemoved = "DEPENDENCY_ARRAY_REMOVED"
        /// Dependency array extended.
        case dependencyArrayExtended = "DEPENDENCY_ARRAY_EXTENDED"
        /// Dependency array narrowed.
        case dependencyArrayNarrowed = "DEPENDENCY_ARRAY_NARROWED"
        /// Dependency array changed.
        case dependencyArrayChanged = "DEPENDENCY_ARRAY_CHANGED"
        /// Dependency schema added.
        case dependencySchemaAdded = "DEPENDENCY_SCHEMA_ADDED"
        /// Dependency schema removed.
        case dependencySchemaRemoved = "DEPENDENCY_SCHEMA_REMOVED"
        /// Property added to open content model.
        case propertyAddedToOpenContentModel = "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"
        /// Required property added to open content model.
        case requiredPropertyAddedToOpenContentModel = "REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"
        /// Required property with default added to open content model.
        case requiredPropertyWithDefaultAddedToOpenContentModel = "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL"
        /// Optional property added to open content model.
        case optionalPropertyAddedToOpenContentModel = "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"
        /// Property with empty schema added to open content model.
        case propertyWithEmptySchemaAddedToOpenContentModel = "PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL"
        /// Required property added to unopen content model.
        case requiredPropertyAddedToUnopenContentModel = "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL"
        /// Required property with default added to unopen content model.
        case requiredPropertyWithDefaultAddedToUnopenContentModel = "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL"
        /// Optional property added to unopen content model.
        case optionalPropertyAddedToUnopenContentModel = "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL"
        /// Property removed from open content model.
        case propertyRemovedFromOpenContentModel = "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL"
        /// Property with false removed from closed content model.
        case propertyWithFalseRemovedFromClosedContentModel = "PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL"
        /// Property removed from closed content model.
        case propertyRemovedFromClosedContentModel = "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"
        /// Property removed is covered by partially open content model.
        case propertyRemovedIsCoveredByPartiallyOpenContentModel = "PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
        /// Property removed not covered by partially open content model.
        case propertyRemovedNotCoveredByPartiallyOpenContentModel = "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
        /// Property added is covered by partially open content model.
        case propertyAddedIsCoveredByPartiallyOpenContentModel = "PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
        /// Property added not covered by partially open content model.
        case propertyAddedNotCoveredByPartiallyOpenContentModel = "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
        /// Reserved property removed.
        case reservedPropertyRemoved = "RESERVED_PROPERTY_REMOVED"
        /// Reserved property conflicts with property.
        case reservedPropertyConflictsWithProperty = "RESERVED_PROPERTY_CONFLICTS_WITH_PROPERTY"
        /// Unevaluated properties added.
        case unevaluatedPropertiesAdded = "UNEVALUATED_PROPERTIES_ADDED"
        /// Unevaluated properties removed.
        case unevaluatedPropertiesRemoved = "UNEVALUATED_PROPERTIES_REMOVED"
        /// Unevaluated properties extended.
        case unevaluatedPropertiesExtended = "UNEVALUATED_PROPERTIES_EXTENDED"
        /// Unevaluated properties narrowed.
        case unevaluatedPropertiesNarrowed = "UNEVALUATED_PROPERTIES_NARROWED"
        /// Max items added.
        case maxItemsAdded = "MAX_ITEMS_ADDED"
        /// Max items removed.
        case maxItemsRemoved = "MAX_ITEMS_REMOVED"
        /// Max items increased.
        case maxItemsIncreased = "MAX_ITEMS_INCREASED"
        /// Max items decreased.
        case maxItemsDecreased = "MAX_ITEMS_DECREASED"
        /// Min items added.
        case minItemsAdded = "MIN_ITEMS_ADDED"
        /// Min items removed.
        case minItemsRemoved = "MIN_ITEMS_REMOVED"
        /// Min items increased.
        case minItemsIncreased = "MIN_ITEMS_INCREASED"
        /// Min items decreased.
        case minItemsDecreased = "MIN_ITEMS_DECREASED"
        /// Max contains added.
        case maxContainsAdded = "MAX_CONTAINS_ADDED"
        /// Max contains removed.
        case maxContainsRemoved = "MAX_CONTAINS_REMOVED"
        /// Max contains increased.
        case maxContainsIncreased = "MAX_CONTAINS_INCREASED"
        /// Max contains decreased.
        case maxContainsDecreased = "MAX_CONTAINS_DECREASED"
        /// Min contains added.
        case minContainsAdded = "MIN_CONTAINS_ADDED"
        /// Min contains removed.
        case minContainsRemoved = "MIN_CONTAINS_REMOVED"
        /// Min contains increased.
        case minContainsIncreased = "MIN_CONTAINS_INCREASED"
        /// Min contains decreased.
        case minContainsDecreased = "MIN_CONTAINS_DECREASED"
        /// Unique items added.
        case uniqueItemsAdded = "UNIQUE_ITEMS_ADDED"
        /// Unique items removed.
        case uniqueItemsRemoved = "UNIQUE_ITEMS_REMOVED"
        /// Additional items added.
        case additionalItemsAdded = "ADDITIONAL_ITEMS_ADDED"
        /// Additional items removed.
        case additionalItemsRemoved = "ADDITIONAL_ITEMS_REMOVED"
        /// Additional items extended.
        case additionalItemsExtended = "ADDITIONAL_ITEMS_EXTENDED"
        /// Additional items narrowed.
        case additionalItemsNarrowed = "ADDITIONAL_ITEMS_NARROWED"
        /// Unevaluated items added.
        case unevaluatedItemsAdded = "UNEVALUATED_ITEMS_ADDED"
        /// Unevaluated items removed.
        case unevaluatedItemsRemoved = "UNEVALUATED_ITEMS_REMOVED"
        /// Unevaluated items extended.
        case unevaluatedItemsExtended = "UNEVALUATED_ITEMS_EXTENDED"
        /// Unevaluated items narrowed.
        case unevaluatedItemsNarrowed = "UNEVALUATED_ITEMS_NARROWED"
        /// Item added to open content model.
        case itemAddedToOpenContentModel = "ITEM_ADDED_TO_OPEN_CONTENT_MODEL"
        /// Item with empty schema added to open content model.
        case itemWithEmptySchemaAddedToOpenContentModel = "ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL"
        /// Item added to closed content model.
        case itemAddedToClosedContentModel = "ITEM_ADDED_TO_CLOSED_CONTENT_MODEL"
        /// Item removed from open content model.
        case itemRemovedFromOpenContentModel = "ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL"
        /// Item with false removed from closed content model.
        case itemWithFalseRemovedFromClosedContentModel = "ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL"
        /// Item removed from closed content model.
        case itemRemovedFromClosedContentModel = "ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL"
        /// Item removed is covered by partially open content model.
        case itemRemovedIsCoveredByPartiallyOpenContentModel = "ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
        /// Item removed not covered by partially open content model.
        case itemRemovedNotCoveredByPartiallyOpenContentModel = "ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
        /// Item added is covered by partially open content model.
        case itemAddedIsCoveredByPartiallyOpenContentModel = "ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
        /// Item added not covered by partially open content model.
        case itemAddedNotCoveredByPartiallyOpenContentModel = "ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
        /// Enum array extended.
        case enumArrayExtended = "ENUM_ARRAY_EXTENDED"
        /// Enum array narrowed.
        case enumArrayNarrowed = "ENUM_ARRAY_NARROWED"
        /// Enum array changed.
        case enumArrayChanged = "ENUM_ARRAY_CHANGED"
        /// Combined type extended.
        case combinedTypeExtended = "COMBINED_TYPE_EXTENDED"
        /// Combined type changed.
        case combinedTypeChanged = "COMBINED_TYPE_CHANGED"
        /// Product type extended.
        case productTypeExtended = "PRODUCT_TYPE_EXTENDED"
        /// Product type narrowed.
        case productTypeNarrowed = "PRODUCT_TYPE_NARROWED"
        /// Sum type extended.
        case sumTypeExtended = "SUM_TYPE_EXTENDED"
        /// Sum type narrowed.
        case sumTypeNarrowed = "SUM_TYPE_NARROWED"
        /// Combined type subschemas changed.
        case combinedTypeSubschemasChanged = "COMBINED_TYPE_SUBSCHEMAS_CHANGED"
        /// Not type extended.
        case notTypeExtended = "NOT_TYPE_EXTENDED"
        /// Not type narrowed.
        case notTypeNarrowed = "NOT_TYPE_NARROWED"
    }
}

/// How strictly changes to an object's open content model are judged.
///
/// Under ``strict`` (Confluent's default) a property added to an open content model, a
/// narrowed or removed `additionalProperties` and similar changes break compatibility, because
/// old data could already carry a property of that name with another shape. ``lenient``
/// accepts them, trusting that writers only ever wrote the properties the schema declared.
public enum CompatibilityPolicy: String, Sendable, CaseIterable {
    /// Confluent's default set of compatible changes.
    case strict = "STRICT"
    /// The strict set plus the changes to open content models that only matter when writers
    /// used undeclared properties.
    case lenient = "LENIENT"
}

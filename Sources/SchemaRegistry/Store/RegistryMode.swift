/// What a registry, or one event type in it, accepts: Confluent's modes.
public enum RegistryMode: String, Sendable, Hashable, CaseIterable {
    /// Registrations and deletes (the default).
    case readWrite = "READWRITE"
    /// Reads only: registrations and deletes are refused.
    case readOnly = "READONLY"
    /// Versions registered with the schema id (and version) they had in another registry, with no
    /// compatibility check: the way to move a registry into this one keeping its ids.
    case `import` = "IMPORT"
}

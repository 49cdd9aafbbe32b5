import EventSchema
import EventUpcasting

/// The registry of event schemas: the SQLite store, registration with compatibility checks, and
/// bundles. This module grows with the registry work; today it re-exports nothing of its own.
public enum SchemaRegistryModule {
    /// The default location of the embedded registry file, relative to the working directory.
    public static let defaultDatabasePath = ".strata/registry.sqlite"
}

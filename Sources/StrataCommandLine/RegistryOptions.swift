import ArgumentParser
import EventSchema
import Foundation
import SchemaRegistry

/// Where the registry is: `--db`, else `STRATA_DB`, else `.strata/registry.sqlite`.
struct RegistryOptions: ParsableArguments {
    @Option(name: .long, help: "The registry file (default: $STRATA_DB, else .strata/registry.sqlite).")
    var db: String?

    /// The registry file's path.
    var path: String {
        if let db { return db }
        if let fromEnvironment = ProcessInfo.processInfo.environment["STRATA_DB"], !fromEnvironment.isEmpty { return fromEnvironment }
        return ".strata/registry.sqlite"
    }

    /// The registry, created on first use.
    func openForWriting() throws(RegistryError) -> SchemaRegistry {
        SchemaRegistry(store: try SQLiteSchemaStore(path: path))
    }

    /// The registry for reading, or `nil` when the file does not exist yet (an empty registry).
    func openForReading() throws(RegistryError) -> SchemaRegistry? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return SchemaRegistry(store: try SQLiteSchemaStore(path: path, readOnly: true))
    }
}

extension CompatibilityMode: ExpressibleByArgument {}
extension CompatibilityPolicy: ExpressibleByArgument {}

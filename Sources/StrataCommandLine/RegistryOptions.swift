import ArgumentParser
import EventSchema
import Foundation
import SchemaRegistry

/// Where the registry is: a server (`--registry`, else `STRATA_REGISTRY`), else a file (`--db`,
/// else `STRATA_DB`, else `.strata/registry.sqlite`).
struct RegistryOptions: ParsableArguments {
    @Option(name: .long, help: "The registry file (default: $STRATA_DB, else .strata/registry.sqlite).")
    var db: String?

    @Option(name: .customLong("registry"),
            help: "A strata-server to use instead of a file, such as http://registry.internal:8081 (default: $STRATA_REGISTRY).")
    var server: String?

    @Option(name: .customLong("registry-user"),
            help: "name:password for the server (default: $STRATA_REGISTRY_USER; else the bearer token $STRATA_REGISTRY_TOKEN).")
    var user: String?

    /// The server, when one is named.
    var remote: RemoteRegistry? {
        let environment = ProcessInfo.processInfo.environment
        guard let base = server ?? environment["STRATA_REGISTRY"].flatMap({ $0.isEmpty ? nil : $0 }) else { return nil }
        return RemoteRegistry(base: base, user: user ?? environment["STRATA_REGISTRY_USER"], token: environment["STRATA_REGISTRY_TOKEN"])
    }

    /// The registry file's path, or the server's URL.
    var path: String {
        if let remote { return remote.base }
        if let db { return db }
        if let fromEnvironment = ProcessInfo.processInfo.environment["STRATA_DB"], !fromEnvironment.isEmpty { return fromEnvironment }
        return ".strata/registry.sqlite"
    }

    /// The registry, created on first use. A server is written through its own routes instead
    /// (`register`, `sync` and `config` ask ``remote`` first); other writes are refused.
    func openForWriting() throws(RegistryError) -> SchemaRegistry {
        if let remote {
            throw .cannotWrite(path: remote.base, reason: "this command does not write to a server; use its REST API (docs/server.md)")
        }
        return SchemaRegistry(store: try SQLiteSchemaStore(path: path))
    }

    /// The registry for reading, or `nil` when the file does not exist yet (an empty registry).
    /// A server's content is read in one request, as a snapshot.
    func openForReading() throws(RegistryError) -> SchemaRegistry? {
        if let remote { return SchemaRegistry(store: SnapshotStore(try remote.snapshot(), origin: remote.base)) }
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return SchemaRegistry(store: try SQLiteSchemaStore(path: path, readOnly: true))
    }
}

extension CompatibilityMode: ExpressibleByArgument {}
extension CompatibilityPolicy: ExpressibleByArgument {}

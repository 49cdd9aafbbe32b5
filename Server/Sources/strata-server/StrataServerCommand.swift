import ArgumentParser
import ConfluentAPI
import Foundation
import Logging
import SchemaRegistry
import StrataServerKit

/// `strata-server`: one registry for many services, spoken to in Confluent Schema Registry's REST
/// dialect (docs/server.md).
@main
struct StrataServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strata-server",
        abstract: "Serve a Strata registry over Confluent Schema Registry's REST API.",
        subcommands: [Serve.self, Copy.self, HashPassword.self, NewToken.self],
        defaultSubcommand: Serve.self
    )
}

/// `strata-server serve` (the default): runs the server until SIGTERM or SIGINT.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the registry (the default).")

    @Option(help: "The registry: sqlite:<path>, or postgres://user[:password]@host[:port]/database.")
    var store: String = "sqlite:.strata/registry.sqlite"

    @Option(help: "The address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "The port to listen on (0: any free port).")
    var port: Int = 8081

    @Option(help: "The largest request body, in bytes.")
    var maxBodyBytes: Int = 1 << 20

    @Option(help: "The log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    @Option(help: "A YAML or JSON file mapping subjects to event types (topics: <topic>-value subjects; subjects: whole names).")
    var subjects: String?

    @Option(help: "The users of HTTP basic authentication: lines name:role:bcrypt-hash (see hash-password).")
    var users: String?

    @Option(help: "The bearer tokens: lines name:role:sha256hex (see new-token).")
    var tokens: String?

    @Option(help: "What a caller without credentials may do: none, read, write or admin.")
    var anonymous: String = "none"

    @Flag(help: "Serve GET /metrics to anyone (else it needs the read role).")
    var openMetrics = false

    @Option(help: "The longest a request may take, in seconds; past it the client gets 50002.")
    var requestTimeout: Double = 30

    func run() async throws {
        let location = try storeLocation(store, option: "--store")
        guard let level = Logger.Level(rawValue: logLevel) else { throw ValidationError("--log-level \(logLevel): unknown level") }
        guard anonymous == "none" || AccessRole(name: anonymous) != nil else {
            throw ValidationError("--anonymous \(anonymous): expected none, read, write or admin")
        }
        guard requestTimeout > 0, requestTimeout.isFinite else { throw ValidationError("--request-timeout: expected a number of seconds above 0") }
        var logger = Logger(label: "strata-server")
        logger.logLevel = level
        let access: AccessControl
        do {
            access = try AccessControl.load(usersFile: users, tokensFile: tokens, anonymous: AccessRole(name: anonymous), openMetrics: openMetrics)
        } catch {
            FileHandle.standardError.write(Data("strata-server: \(error)\n".utf8))
            throw ExitCode(78)
        }
        var configuration = RegistryServerConfiguration(host: host, port: port, store: location, maximumBodySize: maxBodyBytes,
                                                        access: access, requestTimeout: .milliseconds(Int64(requestTimeout * 1000)))
        if let subjects {
            do {
                configuration.subjects = try SubjectMapping(file: subjects)
            } catch {
                // One line, as for a users file: the file, the entry's JSON pointer, the reason.
                FileHandle.standardError.write(Data("strata-server: --subjects \(error)\n".utf8))
                throw ExitCode(64)
            }
        }
        do {
            try await RegistryServer.run(configuration, logger: logger)
        } catch let error as RegistryError {
            throw fail(error)
        }
    }
}

/// `strata-server copy --from sqlite:… --to postgres://…`: moves a registry, ids included.
struct Copy: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy every version, schema id, configuration and upcaster of one registry into an empty one."
    )

    @Option(help: "The registry to copy: sqlite:<path> or postgres://….")
    var from: String

    @Option(help: "The empty registry to copy into: sqlite:<path> or postgres://….")
    var to: String

    func run() throws {
        let source = try storeLocation(from, option: "--from")
        let target = try storeLocation(to, option: "--to")
        do {
            let summary = try SchemaRegistry(store: try source.open(readOnly: true)).copy(into: SchemaRegistry(store: try target.open()),
                                                                            targetName: target.description)
            print("copied \(summary.versions) versions (\(summary.schemaIDs) schema ids), \(summary.configurations) configurations "
                  + "and \(summary.upcasters) upcasters from \(source) to \(target)")
        } catch {
            throw fail(error)
        }
    }
}

/// The store a `--store`, `--from` or `--to` option names.
func storeLocation(_ text: String, option: String) throws -> StoreLocation {
    guard let location = StoreLocation(text) else {
        throw ValidationError("\(option): expected sqlite:<path> or postgres://user@host:port/database")
    }
    return location
}

/// Writes a registry error as one line and returns the exit code of an unusable store (74).
func fail(_ error: RegistryError) -> ExitCode {
    FileHandle.standardError.write(Data("strata-server: \(error)\n".utf8))
    return ExitCode(74)
}

import ArgumentParser
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
        abstract: "Serve a Strata registry over Confluent Schema Registry's REST API."
    )

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

    func run() async throws {
        guard let location = StoreLocation(store) else {
            throw ValidationError("--store: expected sqlite:<path> or postgres://user@host:port/database")
        }
        guard let level = Logger.Level(rawValue: logLevel) else { throw ValidationError("--log-level \(logLevel): unknown level") }
        var logger = Logger(label: "strata-server")
        logger.logLevel = level
        let configuration = RegistryServerConfiguration(host: host, port: port, store: location, maximumBodySize: maxBodyBytes)
        do {
            try await RegistryServer.run(configuration, logger: logger)
        } catch let error as RegistryError {
            // The store cannot be opened: one line, and the exit code of an unusable file.
            FileHandle.standardError.write(Data("strata-server: \(error)\n".utf8))
            throw ExitCode(74)
        }
    }
}

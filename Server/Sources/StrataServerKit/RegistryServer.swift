import ConfluentAPI
import Foundation
import Hummingbird
import Logging
import NIOCore
import SchemaRegistry
import StrataPostgres

/// Where the server keeps its registry, as `--store` names it.
public enum StoreLocation: Sendable, Equatable, CustomStringConvertible {
    /// A SQLite registry file (`sqlite:.strata/registry.sqlite`), the one the `strata` CLI uses.
    case sqlite(path: String)
    /// A PostgreSQL database (`postgres://user[:password]@host[:port]/database`), which several
    /// servers can share.
    case postgres(url: String)

    /// Reads `sqlite:<path>` or `postgres://…` (`postgresql://…`); `nil` for anything else.
    public init?(_ text: String) {
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(url: text)
        } else if text.hasPrefix("sqlite:"), text.count > "sqlite:".count {
            self = .sqlite(path: String(text.dropFirst("sqlite:".count)))
        } else {
            return nil
        }
    }

    /// `sqlite:<path>`, or the PostgreSQL URL without its password.
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let url): (try? PostgresSchemaStore.location(of: url)) ?? "postgres://…"
        }
    }

    /// Opens the store; a SQLite file `readOnly` must exist already.
    public func open(readOnly: Bool = false, logger: Logger = Logger(label: "strata-server")) throws(RegistryError) -> any SchemaStore {
        switch self {
        case .sqlite(let path): try SQLiteSchemaStore(path: path, readOnly: readOnly)
        case .postgres(let url): try PostgresSchemaStore(url: url, logger: logger)
        }
    }
}

/// How `strata-server` runs: where it listens, what it keeps, and its limits.
public struct RegistryServerConfiguration: Sendable {
    /// The address to listen on; `127.0.0.1` by default (put a reverse proxy in front for TLS).
    public var host: String
    /// The port; 8081 by default, Confluent's. 0 picks a free one.
    public var port: Int
    /// The store.
    public var store: StoreLocation
    /// The largest request body, 1 MiB by default.
    public var maximumBodySize: Int
    /// Which event type each subject names (`--subjects`); none mapped by default, so a subject is
    /// the event type of the same name.
    public var subjects: SubjectMapping
    /// Who may do what; by default nobody may do anything but `GET /health`.
    public var access: AccessControl
    /// How long a request may take, 30 s by default: past it the client gets 50002 and the work
    /// finishes in the background.
    public var requestTimeout: Duration

    /// Creates a configuration.
    public init(host: String = "127.0.0.1", port: Int = 8081, store: StoreLocation, maximumBodySize: Int = 1 << 20,
                subjects: SubjectMapping = SubjectMapping(), access: AccessControl = AccessControl(),
                requestTimeout: Duration = .seconds(30)) {
        self.host = host
        self.port = port
        self.store = store
        self.maximumBodySize = maximumBodySize
        self.subjects = subjects
        self.access = access
        self.requestTimeout = requestTimeout
    }
}

/// The registry server: Confluent's REST dialect over a Strata registry, as a Hummingbird
/// application that stops gracefully on SIGTERM and SIGINT.
public enum RegistryServer {
    /// The application for `configuration`; `onRunning` gets the port it listens on.
    public static func application(
        _ configuration: RegistryServerConfiguration, logger: Logger, metrics: ServerMetrics = ServerMetrics(),
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws(RegistryError) -> some ApplicationProtocol {
        let registry = SchemaRegistry(store: try configuration.store.open(logger: logger))
        let responder = RegistryResponder(api: ConfluentAPI(registry: registry, subjects: configuration.subjects),
                                          maximumBodySize: configuration.maximumBodySize,
                                          metrics: metrics, access: configuration.access, timeLimit: configuration.requestTimeout)
        return Application(
            responder: responder,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "strata-server"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger
        )
    }

    /// Runs the server until SIGTERM or SIGINT, then lets requests in flight finish.
    public static func run(_ configuration: RegistryServerConfiguration, logger: Logger) async throws {
        let application = try application(configuration, logger: logger) { port in
            logger.notice("serving \(configuration.store) on http://\(configuration.host):\(port)")
        }
        try await application.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}

import EventSchema
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PostgresNIO
import SchemaRegistry

/// The shared registry's store: the same tables as the SQLite registry, in PostgreSQL, through
/// postgres-nio.
///
/// Reads run in a REPEATABLE READ, READ ONLY transaction: one consistent snapshot. Every write
/// runs in a transaction that first takes one advisory lock (``PostgresMigrations/writeLock``),
/// so writers on every server that shares the database are serialized by PostgreSQL: no version
/// is lost, duplicated or reordered, and schema ids (an identity column) are never given twice.
/// A write is short: ``SchemaRegistry`` decides on a read snapshot and writes only when nothing
/// changed meanwhile.
///
/// The store's calls block the calling thread until PostgreSQL answers (as the SQLite store's
/// do), so a server calls them off its event loops; they must not run on one of NIO's event loops.
///
/// ```swift
/// let store = try PostgresSchemaStore(url: "postgres://strata@127.0.0.1:5432/strata")
/// let registry = SchemaRegistry(store: store)
/// ```
public final class PostgresSchemaStore: SchemaStore, Sendable {
    /// The database, as a URL without its password.
    public let location: String
    private let configuration: PostgresConnection.Configuration
    private let logger: Logger
    private let idle = NIOLockedValueBox<[PostgresConnection]>([])
    private let nextConnectionID = NIOLockedValueBox(0)
    private let documents = StoredDocumentCache()

    /// Connects to the database at `url` (`postgres://user[:password]@host[:port]/database`) and
    /// brings its tables up to date.
    ///
    /// - Throws: ``RegistryError/cannotOpen(path:reason:)`` for a malformed URL or a database that
    ///   cannot be reached; ``RegistryError/newerFormat(path:found:supported:)`` for tables written
    ///   by a newer Strata.
    public init(url: String, logger: Logger = Logger(label: "strata-postgres")) throws(RegistryError) {
        let (configuration, location) = try Self.configuration(url)
        self.configuration = configuration
        self.location = location
        self.logger = logger
        try migrate()
    }

    deinit {
        for connection in idle.withLockedValue({ $0 }) { Self.closeInBackground(connection) }
    }

    /// Closes the idle connections; calls made later open new ones.
    public func close() {
        for connection in idle.withLockedValue({ connections in defer { connections = [] }; return connections }) {
            try? connection.close().wait()
        }
    }

    /// Runs `body` in a REPEATABLE READ, READ ONLY transaction: one consistent snapshot.
    public func read<Result>(_ body: (any SchemaStoreReading) throws(RegistryError) -> Result) throws(RegistryError) -> Result {
        try transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") { access throws(RegistryError) in try body(access) }
    }

    /// Runs `body` in one transaction after taking the registry's advisory lock, so writers on
    /// every server sharing the database run one at a time; nothing is kept if `body` throws.
    public func write<Result>(_ body: (any SchemaStoreWriting) throws(RegistryError) -> Result) throws(RegistryError) -> Result {
        try transaction(begin: "BEGIN") { access throws(RegistryError) in
            _ = try access.rows("SELECT pg_advisory_xact_lock(\(PostgresMigrations.writeLock))")
            return try body(access)
        }
    }

    // MARK: Connections and transactions

    private func transaction<Result>(begin: String, _ body: (PostgresAccess) throws(RegistryError) -> Result) throws(RegistryError) -> Result {
        let connection = try lease()
        let access = PostgresAccess(connection: connection, logger: logger, location: location, documents: documents)
        do {
            try access.execute(begin)
            let result = try body(access)
            try access.execute("COMMIT")
            giveBack(connection)
            return result
        } catch {
            // A connection that cannot roll back is not given back: its state is unknown.
            if (try? access.execute("ROLLBACK")) != nil { giveBack(connection) } else { Self.closeInBackground(connection) }
            throw error
        }
    }

    /// Closes `connection` without waiting; the connection stays alive until it is closed.
    private static func closeInBackground(_ connection: PostgresConnection) {
        let closing: EventLoopFuture<Void> = connection.close()
        closing.whenComplete { _ in withExtendedLifetime(connection) {} }
    }

    private func lease() throws(RegistryError) -> PostgresConnection {
        while let connection = idle.withLockedValue({ $0.popLast() }) {
            if !connection.isClosed { return connection }
        }
        let id = nextConnectionID.withLockedValue { id in defer { id += 1 }; return id }
        do {
            return try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration,
                                                  id: id, logger: logger).wait()
        } catch {
            throw .cannotOpen(path: location, reason: Self.reason(error))
        }
    }

    private func giveBack(_ connection: PostgresConnection) {
        guard !connection.isClosed else { return }
        idle.withLockedValue { $0.append(connection) }
    }

    private func migrate() throws(RegistryError) {
        try transaction(begin: "BEGIN") { access throws(RegistryError) in
            _ = try access.rows("SELECT pg_advisory_xact_lock(\(PostgresMigrations.writeLock))")
            try access.execute("CREATE TABLE IF NOT EXISTS strata_migration (step INTEGER NOT NULL)")
            let applied = try access.rows("SELECT COALESCE(MAX(step), 0) FROM strata_migration").first.map { row throws(RegistryError) in
                try access.decode(row, Int.self)
            } ?? 0
            guard applied <= PostgresMigrations.steps.count else {
                throw .newerFormat(path: location, found: applied, supported: PostgresMigrations.steps.count)
            }
            for step in applied..<PostgresMigrations.steps.count {
                try access.execute(PostgresMigrations.steps[step])
                _ = try access.rows("INSERT INTO strata_migration (step) VALUES (\(step + 1))")
            }
        }
    }

    // MARK: URLs and errors

    /// The connection settings of a `postgres://` URL, and the URL without its password.
    static func configuration(_ url: String) throws(RegistryError) -> (PostgresConnection.Configuration, String) {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? ""),
              let host = components.host, !host.isEmpty, let user = components.user, !user.isEmpty else {
            throw .cannotOpen(path: url.redactingPassword, reason: "expected postgres://user[:password]@host[:port]/database")
        }
        let database = String(components.path.drop { $0 == "/" })
        let port = components.port ?? 5432
        let location = "postgres://\(user)@\(host):\(port)/\(database)"
        let configuration = PostgresConnection.Configuration(
            host: host, port: port, username: user, password: components.password,
            database: database.isEmpty ? nil : database, tls: .disable)
        return (configuration, location)
    }

    /// `url` without its password, as messages show it.
    public static func location(of url: String) throws(RegistryError) -> String {
        try configuration(url).1
    }

    /// What PostgreSQL said, in one line (postgres-nio's own description hides it).
    static func reason(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            if let underlying = error.underlying { return "\(error.code): \(underlying)" }
            return "\(error.code)"
        }
        return "\(error)"
    }
}

extension String {
    /// The URL with any password replaced by `***`, for messages.
    fileprivate var redactingPassword: String {
        guard var components = URLComponents(string: self), components.password != nil else { return self }
        components.password = "***"
        return components.string ?? self
    }
}

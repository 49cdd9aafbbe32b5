import EventSchema
import Foundation
import GRDB

/// The embedded registry: one SQLite file (the system's libsqlite3, through GRDB).
///
/// The file is in WAL mode, so readers never wait for a writer; every write is one IMMEDIATE
/// transaction, so concurrent registrations from several processes are serialized by SQLite
/// and none is lost or duplicated; a writer waits up to ``busyTimeout`` for another's lock
/// before giving up with ``RegistryError/locked(path:seconds:)``.
///
/// ```swift
/// let store = try SQLiteSchemaStore(path: ".strata/registry.sqlite")
/// let types = try store.read { try $0.eventTypes() }
/// ```
public struct SQLiteSchemaStore: SchemaStore {
    /// The registry file.
    public let path: String
    /// How long a writer waits for another process's lock.
    public let busyTimeout: Double
    private let queue: DatabaseQueue
    private let documents = StoredDocumentCache()

    /// Opens the registry at `path`, creating the file (and its folder) unless `readOnly`.
    ///
    /// - Throws: ``RegistryError`` when the file cannot be created, is not SQLite, or is newer.
    public init(path: String, readOnly: Bool = false, busyTimeout: Double = 30) throws(RegistryError) {
        // Everything that can fail happens before any stored property is set.
        let queue = try Self.open(path: path, readOnly: readOnly, busyTimeout: busyTimeout)
        self.path = path
        self.busyTimeout = busyTimeout
        self.queue = queue
    }

    /// Opens (or creates) the file, brings its tables up to date and returns the connection.
    private static func open(path: String, readOnly: Bool, busyTimeout: Double) throws(RegistryError) -> DatabaseQueue {
        let files = FileManager.default
        if readOnly {
            guard files.fileExists(atPath: path) else { throw .cannotOpen(path: path, reason: "no such file") }
        } else {
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty && !files.fileExists(atPath: folder) {
                do {
                    try files.createDirectory(atPath: folder, withIntermediateDirectories: true)
                } catch {
                    throw .cannotOpen(path: path, reason: "cannot create folder \(folder)")
                }
            }
            if files.fileExists(atPath: path) && !files.isWritableFile(atPath: path) {
                throw .readOnly(path: path)
            }
            try RegistryFile.createIfMissing(path: path)
        }
        try RegistryFile.checkOwnership(path: path)
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        if !readOnly { configuration.journalMode = .wal }
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            if !readOnly {
                try queue.writeWithoutTransaction { db in
                    try db.inTransaction(.immediate) {
                        try RegistryMigrations.migrate(db, path: path)
                        return .commit
                    }
                }
            } else {
                _ = try queue.read { db in try RegistryMigrations.checkReadable(db, path: path) }
            }
            return queue
        } catch {
            throw registryError(error, path: path, busyTimeout: busyTimeout)
        }
    }

    /// Runs `body` in a read transaction: a consistent snapshot, never waiting for writers (WAL).
    public func read<Result>(_ body: (any SchemaStoreReading) throws(RegistryError) -> Result) throws(RegistryError) -> Result {
        do {
            return try queue.read { db in try body(SQLiteAccess(db: db, path: path, documents: documents)) }
        } catch {
            throw Self.registryError(error, path: path, busyTimeout: busyTimeout)
        }
    }

    /// Runs `body` in one IMMEDIATE write transaction; nothing it wrote is kept if it throws.
    public func write<Result>(_ body: (any SchemaStoreWriting) throws(RegistryError) -> Result) throws(RegistryError) -> Result {
        do {
            return try queue.writeWithoutTransaction { db in
                var result: Result?
                try db.inTransaction(.immediate) {
                    result = try body(SQLiteAccess(db: db, path: path, documents: documents))
                    return .commit
                }
                return result!
            }
        } catch {
            throw Self.registryError(error, path: path, busyTimeout: busyTimeout)
        }
    }

    /// Maps SQLite's failures to what a user can act on.
    static func registryError(_ error: any Error, path: String, busyTimeout: Double) -> RegistryError {
        if let error = error as? RegistryError { return error }
        guard let database = error as? DatabaseError else { return .database(path: path, reason: "\(error)") }
        switch database.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT: return .notARegistry(path: path, reason: database.message ?? "file is not a database")
        case .SQLITE_READONLY: return .readOnly(path: path)
        case .SQLITE_BUSY, .SQLITE_LOCKED: return .locked(path: path, seconds: busyTimeout)
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH: return .cannotOpen(path: path, reason: database.message ?? "cannot open")
        default: return .database(path: path, reason: database.message ?? "\(database)")
        }
    }
}

/// Reads and writes of one transaction on the SQLite registry.
struct SQLiteAccess: SchemaStoreWriting {
    let db: Database
    let path: String
    let documents: StoredDocumentCache

    private func attempt<T>(_ body: () throws -> T) throws(RegistryError) -> T {
        do { return try body() } catch { throw SQLiteSchemaStore.registryError(error, path: path, busyTimeout: 0) }
    }

    func eventTypes() throws(RegistryError) -> [String] {
        try attempt { try String.fetchAll(db, sql: "SELECT DISTINCT event_type FROM event_version ORDER BY event_type") }
    }

    func versions(of eventType: String, includingDeleted: Bool) throws(RegistryError) -> [StoredVersion] {
        let rows = try attempt {
            try Row.fetchAll(db, sql: """
                SELECT \(Self.versionColumns)
                FROM event_version v JOIN schema s ON s.id = v.schema_id
                WHERE v.event_type = ? \(includingDeleted ? "" : "AND v.deleted = 0")
                ORDER BY v.version
                """, arguments: [eventType])
        }
        var versions: [StoredVersion] = []
        for row in rows { versions.append(try stored(row)) }
        return versions
    }

    func versionStamps(of eventType: String) throws(RegistryError) -> [VersionStamp] {
        let rows = try attempt {
            try Row.fetchAll(db, sql: """
                SELECT v.version, s.fingerprint, v.deleted
                FROM event_version v JOIN schema s ON s.id = v.schema_id
                WHERE v.event_type = ? ORDER BY v.version
                """, arguments: [eventType])
        }
        return rows.map { VersionStamp(version: $0[0], fingerprint: $0[1], isDeleted: $0[2]) }
    }

    func version(_ version: Int, of eventType: String) throws(RegistryError) -> StoredVersion? {
        let row = try attempt {
            try Row.fetchOne(db, sql: """
                SELECT \(Self.versionColumns)
                FROM event_version v JOIN schema s ON s.id = v.schema_id
                WHERE v.event_type = ? AND v.version = ?
                """, arguments: [eventType, version])
        }
        guard let row else { return nil }
        return try stored(row)
    }

    /// The columns of a stored version, its references (`Type/version`, one per line) gathered in
    /// the same query, so a list of versions is one statement.
    private static let versionColumns = """
        v.event_type, v.version, v.schema_id, v.deleted, v.registered_at, s.fingerprint, s.document, s.named_references,
        (SELECT group_concat(ref, char(10)) FROM (
            SELECT r.referenced_type || '/' || r.referenced_version AS ref FROM schema_reference r
            WHERE r.event_type = v.event_type AND r.version = v.version
            ORDER BY r.referenced_type, r.referenced_version)) AS refs
        """

    private func stored(_ row: Row) throws(RegistryError) -> StoredVersion {
        let eventType: String = row["event_type"]
        let version: Int = row["version"]
        let text: String = row["document"]
        let document: JSONValue
        do {
            document = try documents.document(fingerprint: row["fingerprint"], text: text)
        } catch {
            throw .notARegistry(path: path, reason: "the stored schema of \(eventType) v\(version) is not JSON: \(error)")
        }
        // group_concat's order is SQLite's to choose: sorted here by type, then version.
        let references = ((row["refs"] as String?).map { $0.split(separator: "\n").map(String.init) } ?? []).sorted { a, b in
            let (typeA, versionA) = (a.prefix { $0 != "/" }, Int(a.drop { $0 != "/" }.dropFirst()) ?? 0)
            let (typeB, versionB) = (b.prefix { $0 != "/" }, Int(b.drop { $0 != "/" }.dropFirst()) ?? 0)
            return typeA != typeB ? typeA < typeB : versionA < versionB
        }
        var named: [SchemaReference] = []
        if let text = row["named_references"] as String? {
            guard let decoded = SchemaReference.decode(text) else {
                throw .notARegistry(path: path, reason: "the stored references of \(eventType) v\(version) are not a list of references")
            }
            named = decoded
        }
        return StoredVersion(eventType: eventType, version: version, schemaID: row["schema_id"], fingerprint: row["fingerprint"],
                             document: document, isDeleted: row["deleted"], registeredAt: row["registered_at"], references: references,
                             namedReferences: named)
    }

    func configuration(for eventType: String?) throws(RegistryError) -> CompatibilityConfiguration? {
        let row = try attempt {
            try Row.fetchOne(db, sql: "SELECT mode, policy FROM compatibility_config WHERE scope = ?", arguments: [eventType ?? "*"])
        }
        guard let row, let mode = CompatibilityMode(rawValue: row["mode"]), let policy = CompatibilityPolicy(rawValue: row["policy"]) else {
            return nil
        }
        return CompatibilityConfiguration(mode: mode, policy: policy)
    }

    func referrers(of version: Int, of eventType: String) throws(RegistryError) -> [String] {
        try attempt {
            try Row.fetchAll(db, sql: """
                SELECT event_type, version FROM schema_reference
                WHERE referenced_type = ? AND referenced_version = ? ORDER BY event_type, version
                """, arguments: [eventType, version]).map { "\($0["event_type"] as String)/\($0["version"] as Int)" }
        }
    }

    func upcasters(of eventType: String?) throws(RegistryError) -> [StoredUpcaster] {
        let rows = try attempt {
            try Row.fetchAll(db, sql: """
                SELECT event_type, from_version, to_version, fingerprint, document, registered_at FROM upcaster
                WHERE ? IS NULL OR event_type = ? ORDER BY event_type, from_version, to_version
                """, arguments: [eventType, eventType])
        }
        var upcasters: [StoredUpcaster] = []
        for row in rows {
            let text: String = row["document"]
            guard let document = try? JSONValue(parsing: text) else {
                throw .notARegistry(path: path, reason: "a stored upcaster of \(row["event_type"] as String) is not JSON")
            }
            upcasters.append(StoredUpcaster(eventType: row["event_type"], fromVersion: row["from_version"], toVersion: row["to_version"],
                                            fingerprint: row["fingerprint"], document: document, registeredAt: row["registered_at"]))
        }
        return upcasters
    }

    func versions(withSchemaID schemaID: Int) throws(RegistryError) -> [StoredVersion] {
        let rows = try attempt {
            try Row.fetchAll(db, sql: """
                SELECT \(Self.versionColumns)
                FROM event_version v JOIN schema s ON s.id = v.schema_id
                WHERE v.schema_id = ? ORDER BY v.event_type, v.version
                """, arguments: [schemaID])
        }
        var versions: [StoredVersion] = []
        for row in rows { versions.append(try stored(row)) }
        return versions
    }

    func insertUpcaster(_ upcaster: StoredUpcaster) throws(RegistryError) {
        try attempt {
            try db.execute(sql: """
                INSERT INTO upcaster (event_type, from_version, to_version, fingerprint, document, registered_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [upcaster.eventType, upcaster.fromVersion, upcaster.toVersion, upcaster.fingerprint,
                                 upcaster.document.serialized(), upcaster.registeredAt])
        }
    }

    func appendVersion(of eventType: String, document: JSONValue, fingerprint: String, references: [String],
                       namedReferences: [SchemaReference]) throws(RegistryError) -> StoredVersion {
        let now = StoredVersion.registrationTime()
        let version: Int = try attempt {
            try db.execute(sql: "INSERT OR IGNORE INTO schema (fingerprint, document, named_references) VALUES (?, ?, ?)",
                           arguments: [fingerprint, document.serialized(), Self.encode(namedReferences)])
            let next = (try Int.fetchOne(db, sql: "SELECT MAX(version) FROM event_version WHERE event_type = ?", arguments: [eventType]) ?? 0) + 1
            try db.execute(sql: """
                INSERT INTO event_version (event_type, version, schema_id, registered_at)
                VALUES (?, ?, (SELECT id FROM schema WHERE fingerprint = ?), ?)
                """, arguments: [eventType, next, fingerprint, now])
            for reference in references {
                let parts = reference.split(separator: "/")
                try db.execute(sql: """
                    INSERT OR IGNORE INTO schema_reference (event_type, version, referenced_type, referenced_version)
                    VALUES (?, ?, ?, ?)
                    """, arguments: [eventType, next, String(parts[0]), Int(parts[1])])
            }
            return next
        }
        guard let stored = try self.version(version, of: eventType) else { throw .unknownVersion(eventType: eventType, version: version) }
        return stored
    }

    /// The `named_references` column's value: NULL for none.
    static func encode(_ references: [SchemaReference]) -> String? {
        references.isEmpty ? nil : SchemaReference.encode(references)
    }

    func setConfiguration(_ configuration: CompatibilityConfiguration, for eventType: String?) throws(RegistryError) {
        try attempt {
            try db.execute(sql: """
                INSERT INTO compatibility_config (scope, mode, policy) VALUES (?, ?, ?)
                ON CONFLICT(scope) DO UPDATE SET mode = excluded.mode, policy = excluded.policy
                """, arguments: [eventType ?? "*", configuration.mode.rawValue, configuration.policy.rawValue])
        }
    }

    func setDeleted(_ deleted: Bool, version: Int, of eventType: String) throws(RegistryError) {
        try attempt {
            try db.execute(sql: "UPDATE event_version SET deleted = ? WHERE event_type = ? AND version = ?",
                           arguments: [deleted, eventType, version])
        }
    }

    func removeVersion(_ version: Int, of eventType: String) throws(RegistryError) {
        try attempt {
            try db.execute(sql: "DELETE FROM schema_reference WHERE event_type = ? AND version = ?", arguments: [eventType, version])
            try db.execute(sql: "DELETE FROM event_version WHERE event_type = ? AND version = ?", arguments: [eventType, version])
            let remaining = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event_version WHERE event_type = ?", arguments: [eventType]) ?? 0
            if remaining == 0 {
                try db.execute(sql: "DELETE FROM compatibility_config WHERE scope = ?", arguments: [eventType])
                try db.execute(sql: "DELETE FROM registry_mode WHERE scope = ?", arguments: [eventType])
            }
        }
    }

    func removeConfiguration(for eventType: String?) throws(RegistryError) {
        try attempt {
            try db.execute(sql: "DELETE FROM compatibility_config WHERE scope = ?", arguments: [eventType ?? "*"])
        }
    }

    func mode(for eventType: String?) throws(RegistryError) -> RegistryMode? {
        let text = try attempt { try String.fetchOne(db, sql: "SELECT mode FROM registry_mode WHERE scope = ?", arguments: [eventType ?? "*"]) }
        return text.flatMap(RegistryMode.init(rawValue:))
    }

    func setMode(_ mode: RegistryMode?, for eventType: String?) throws(RegistryError) {
        try attempt {
            if let mode {
                try db.execute(sql: "INSERT INTO registry_mode (scope, mode) VALUES (?, ?) ON CONFLICT(scope) DO UPDATE SET mode = excluded.mode",
                               arguments: [eventType ?? "*", mode.rawValue])
            } else {
                try db.execute(sql: "DELETE FROM registry_mode WHERE scope = ?", arguments: [eventType ?? "*"])
            }
        }
    }

    func importVersion(_ version: StoredVersion) throws(RegistryError) {
        try attempt {
            // AUTOINCREMENT gives later ids above the largest one inserted.
            try db.execute(sql: "INSERT OR IGNORE INTO schema (id, fingerprint, document, named_references) VALUES (?, ?, ?, ?)",
                           arguments: [version.schemaID, version.fingerprint, version.document.serialized(),
                                       Self.encode(version.namedReferences)])
            try db.execute(sql: "INSERT INTO event_version (event_type, version, schema_id, deleted, registered_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [version.eventType, version.version, version.schemaID, version.isDeleted, version.registeredAt])
            for reference in version.references {
                let parts = reference.split(separator: "/")
                try db.execute(sql: "INSERT OR IGNORE INTO schema_reference (event_type, version, referenced_type, referenced_version) VALUES (?, ?, ?, ?)",
                               arguments: [version.eventType, version.version, String(parts[0]), Int(parts[1])])
            }
        }
    }
}

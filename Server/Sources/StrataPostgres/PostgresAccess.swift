import EventSchema
import Foundation
import Logging
import PostgresNIO
import SchemaRegistry

/// One transaction's view of the PostgreSQL registry: the same queries as the SQLite store's.
struct PostgresAccess: SchemaStoreWriting {
    let connection: PostgresConnection
    let logger: Logger
    let location: String
    let documents: StoredDocumentCache
    /// The modes and configurations this transaction has read.
    let settings = ScopeSettings()

    /// The registry modes and compatibility configurations one transaction has read, by scope
    /// (an event type, or `*` for the registry's). A registration asks for both of its type's and
    /// the registry's several times; they are read together in one query, once, and forgotten
    /// when the transaction writes any of them.
    final class ScopeSettings {
        var modes: [String: RegistryMode?] = [:]
        var configurations: [String: CompatibilityConfiguration?] = [:]

        func forget() {
            modes = [:]
            configurations = [:]
        }
    }

    // MARK: Queries

    func rows(_ query: PostgresQuery) throws(RegistryError) -> [PostgresRow] {
        do {
            return try connection.query(query, logger: logger).wait().rows
        } catch {
            throw .database(path: location, reason: PostgresSchemaStore.reason(error))
        }
    }

    /// Runs SQL with no parameters: one statement, or several each ending with `;` at a line's end.
    func execute(_ sql: String) throws(RegistryError) {
        for statement in sql.components(separatedBy: ";\n") where !statement.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            _ = try rows(PostgresQuery(unsafeSQL: statement))
        }
    }

    func decode<T: PostgresDecodable>(_ row: PostgresRow, _ type: T.Type) throws(RegistryError) -> T {
        do { return try row.decode(T.self) } catch { throw .database(path: location, reason: "unexpected column: \(error)") }
    }

    /// The columns of a stored version, its references (`Type/version`) gathered into one array,
    /// so that a list of versions is one query.
    private static let versionColumns = """
        v.event_type, v.version, v.schema_id, v.deleted, v.registered_at, s.fingerprint, s.document, s.named_references,
        ARRAY(SELECT r.referenced_type || '/' || r.referenced_version FROM strata_schema_reference r
              WHERE r.event_type = v.event_type AND r.version = v.version
              ORDER BY r.referenced_type, r.referenced_version) AS refs
        """

    private func storedVersions(_ query: PostgresQuery) throws(RegistryError) -> [StoredVersion] {
        var versions: [StoredVersion] = []
        for row in try rows(query) {
            let columns: (String, Int, Int, Bool, String, String, String, String?, [String])
            do {
                columns = try row.decode((String, Int, Int, Bool, String, String, String, String?, [String]).self)
            } catch {
                throw .database(path: location, reason: "unexpected columns: \(error)")
            }
            let (eventType, version, schemaID, deleted, registeredAt, fingerprint, text, namedText, references) = columns
            let document: JSONValue
            do {
                document = try documents.document(fingerprint: fingerprint, text: text)
            } catch {
                throw .notARegistry(path: location, reason: "the stored schema of \(eventType) v\(version) is not JSON: \(error)")
            }
            var named: [SchemaReference] = []
            if let namedText {
                guard let decoded = SchemaReference.decode(namedText) else {
                    throw .notARegistry(path: location, reason: "the stored references of \(eventType) v\(version) are not a list of references")
                }
                named = decoded
            }
            versions.append(StoredVersion(eventType: eventType, version: version, schemaID: schemaID, fingerprint: fingerprint,
                                          document: document, isDeleted: deleted, registeredAt: registeredAt, references: references,
                                          namedReferences: named))
        }
        return versions
    }

    private func decodeTriple<A: PostgresDecodable, B: PostgresDecodable, C: PostgresDecodable>(
        _ row: PostgresRow, _ a: A.Type, _ b: B.Type, _ c: C.Type
    ) throws(RegistryError) -> (A, B, C) {
        do { return try row.decode((A, B, C).self) } catch { throw .database(path: location, reason: "unexpected columns: \(error)") }
    }

    private func decodePair<A: PostgresDecodable, B: PostgresDecodable>(_ row: PostgresRow, _ a: A.Type, _ b: B.Type) throws(RegistryError) -> (A, B) {
        do { return try row.decode((A, B).self) } catch { throw .database(path: location, reason: "unexpected columns: \(error)") }
    }

    // MARK: SchemaStoreReading

    func eventTypes() throws(RegistryError) -> [String] {
        try rows("SELECT DISTINCT event_type FROM strata_event_version ORDER BY event_type").map { row throws(RegistryError) in
            try decode(row, String.self)
        }
    }

    func versions(of eventType: String, includingDeleted: Bool) throws(RegistryError) -> [StoredVersion] {
        try storedVersions("""
            SELECT \(unescaped: Self.versionColumns)
            FROM strata_event_version v JOIN strata_schema s ON s.id = v.schema_id
            WHERE v.event_type = \(eventType) AND (\(includingDeleted) OR NOT v.deleted)
            ORDER BY v.version
            """)
    }

    func versionStamps(of eventType: String) throws(RegistryError) -> [VersionStamp] {
        try rows("""
            SELECT v.version, s.fingerprint, v.deleted
            FROM strata_event_version v JOIN strata_schema s ON s.id = v.schema_id
            WHERE v.event_type = \(eventType) ORDER BY v.version
            """).map { row throws(RegistryError) in
            let (version, fingerprint, deleted) = try decodeTriple(row, Int.self, String.self, Bool.self)
            return VersionStamp(version: version, fingerprint: fingerprint, isDeleted: deleted)
        }
    }

    func version(_ version: Int, of eventType: String) throws(RegistryError) -> StoredVersion? {
        try storedVersions("""
            SELECT \(unescaped: Self.versionColumns)
            FROM strata_event_version v JOIN strata_schema s ON s.id = v.schema_id
            WHERE v.event_type = \(eventType) AND v.version = \(version)
            """).first
    }

    func versions(withSchemaID schemaID: Int) throws(RegistryError) -> [StoredVersion] {
        try storedVersions("""
            SELECT \(unescaped: Self.versionColumns)
            FROM strata_event_version v JOIN strata_schema s ON s.id = v.schema_id
            WHERE v.schema_id = \(schemaID) ORDER BY v.event_type, v.version
            """)
    }

    func configuration(for eventType: String?) throws(RegistryError) -> CompatibilityConfiguration? {
        let scope = eventType ?? "*"
        if settings.configurations[scope] == nil { try readSettings(of: scope) }
        return settings.configurations[scope] ?? nil
    }

    /// Reads the mode and configuration of `scope` and of the registry (`*`) in one query.
    private func readSettings(of scope: String) throws(RegistryError) {
        var modes: [String: RegistryMode?] = [:]
        var configurations: [String: CompatibilityConfiguration?] = [:]
        for unset in [scope, "*"] {
            modes[unset] = .some(nil)
            configurations[unset] = .some(nil)
        }
        for row in try rows("""
            SELECT 'mode', scope, mode, '' FROM strata_registry_mode WHERE scope = \(scope) OR scope = '*'
            UNION ALL
            SELECT 'configuration', scope, mode, policy FROM strata_compatibility_config WHERE scope = \(scope) OR scope = '*'
            """) {
            let (kind, rowScope, mode, policy): (String, String, String, String)
            do { (kind, rowScope, mode, policy) = try row.decode((String, String, String, String).self) } catch {
                throw .database(path: location, reason: "unexpected columns: \(error)")
            }
            if kind == "mode" {
                modes[rowScope] = RegistryMode(rawValue: mode)
            } else if let mode = CompatibilityMode(rawValue: mode), let policy = CompatibilityPolicy(rawValue: policy) {
                configurations[rowScope] = CompatibilityConfiguration(mode: mode, policy: policy)
            }
        }
        settings.modes.merge(modes) { _, read in read }
        settings.configurations.merge(configurations) { _, read in read }
    }

    func referrers(of version: Int, of eventType: String) throws(RegistryError) -> [String] {
        try rows("""
            SELECT event_type, version FROM strata_schema_reference
            WHERE referenced_type = \(eventType) AND referenced_version = \(version) ORDER BY event_type, version
            """).map { row throws(RegistryError) in
            let (type, number) = try decodePair(row, String.self, Int.self)
            return "\(type)/\(number)"
        }
    }

    func upcasters(of eventType: String?) throws(RegistryError) -> [StoredUpcaster] {
        var upcasters: [StoredUpcaster] = []
        for row in try rows("""
            SELECT event_type, from_version, to_version, fingerprint, document, registered_at FROM strata_upcaster
            WHERE \(eventType)::text IS NULL OR event_type = \(eventType)
            ORDER BY event_type, from_version, to_version
            """) {
            let columns: (String, Int, Int, String, String, String)
            do {
                columns = try row.decode((String, Int, Int, String, String, String).self)
            } catch {
                throw .database(path: location, reason: "unexpected columns: \(error)")
            }
            let (type, from, to, fingerprint, text, registeredAt) = columns
            guard let document = try? JSONValue(parsing: text) else {
                throw .notARegistry(path: location, reason: "a stored upcaster of \(type) is not JSON")
            }
            upcasters.append(StoredUpcaster(eventType: type, fromVersion: from, toVersion: to, fingerprint: fingerprint,
                                            document: document, registeredAt: registeredAt))
        }
        return upcasters
    }

    // MARK: SchemaStoreWriting

    func appendVersion(of eventType: String, document: JSONValue, fingerprint: String, references: [String],
                       namedReferences: [SchemaReference]) throws(RegistryError) -> StoredVersion {
        let now = StoredVersion.registrationTime()
        // One statement: the schema (unless a version of any type already has it), then the
        // version after the type's last, with the schema's id.
        let inserted = try rows("""
            WITH inserted AS (
                INSERT INTO strata_schema (fingerprint, document, named_references)
                VALUES (\(fingerprint), \(document.serialized()), \(Self.encode(namedReferences)))
                ON CONFLICT (fingerprint) DO NOTHING RETURNING id
            ), schema AS (
                SELECT id, true AS new FROM inserted
                UNION ALL SELECT id, false FROM strata_schema WHERE fingerprint = \(fingerprint)
            )
            INSERT INTO strata_event_version (event_type, version, schema_id, registered_at)
            SELECT \(eventType), COALESCE((SELECT MAX(version) FROM strata_event_version WHERE event_type = \(eventType)), 0) + 1,
                   (SELECT id FROM schema LIMIT 1), \(now)
            RETURNING version, schema_id, (SELECT bool_or(new) FROM schema)
            """).first
        guard let inserted else { throw .database(path: location, reason: "the new version of \(eventType) was not stored") }
        let (next, schemaID, isNewSchema) = try decodeTriple(inserted, Int.self, Int.self, Bool.self)
        for reference in references {
            let parts = reference.split(separator: "/")
            guard parts.count == 2, let referencedVersion = Int(parts[1]) else { continue }
            _ = try rows("""
                INSERT INTO strata_schema_reference (event_type, version, referenced_type, referenced_version)
                VALUES (\(eventType), \(next), \(String(parts[0])), \(referencedVersion)) ON CONFLICT DO NOTHING
                """)
        }
        guard isNewSchema, references.isEmpty else {
            // The schema was stored before (perhaps written differently), or references others:
            // answer with what is stored, as every read does.
            guard let stored = try version(next, of: eventType) else { throw .unknownVersion(eventType: eventType, version: next) }
            return stored
        }
        return StoredVersion(eventType: eventType, version: next, schemaID: schemaID, fingerprint: fingerprint, document: document,
                             isDeleted: false, registeredAt: now, references: [], namedReferences: namedReferences)
    }

    /// The `named_references` column's value: NULL for none.
    static func encode(_ references: [SchemaReference]) -> String? {
        references.isEmpty ? nil : SchemaReference.encode(references)
    }

    func setConfiguration(_ configuration: CompatibilityConfiguration, for eventType: String?) throws(RegistryError) {
        settings.forget()
        _ = try rows("""
            INSERT INTO strata_compatibility_config (scope, mode, policy)
            VALUES (\(eventType ?? "*"), \(configuration.mode.rawValue), \(configuration.policy.rawValue))
            ON CONFLICT (scope) DO UPDATE SET mode = excluded.mode, policy = excluded.policy
            """)
    }

    func insertUpcaster(_ upcaster: StoredUpcaster) throws(RegistryError) {
        _ = try rows("""
            INSERT INTO strata_upcaster (event_type, from_version, to_version, fingerprint, document, registered_at)
            VALUES (\(upcaster.eventType), \(upcaster.fromVersion), \(upcaster.toVersion), \(upcaster.fingerprint),
                    \(upcaster.document.serialized()), \(upcaster.registeredAt))
            """)
    }

    func setDeleted(_ deleted: Bool, version: Int, of eventType: String) throws(RegistryError) {
        _ = try rows("UPDATE strata_event_version SET deleted = \(deleted) WHERE event_type = \(eventType) AND version = \(version)")
    }

    func removeVersion(_ version: Int, of eventType: String) throws(RegistryError) {
        settings.forget()
        _ = try rows("DELETE FROM strata_schema_reference WHERE event_type = \(eventType) AND version = \(version)")
        _ = try rows("DELETE FROM strata_event_version WHERE event_type = \(eventType) AND version = \(version)")
        let remaining = try rows("SELECT COUNT(*)::int FROM strata_event_version WHERE event_type = \(eventType)").first
            .map { row throws(RegistryError) in try decode(row, Int.self) } ?? 0
        if remaining == 0 {
            _ = try rows("DELETE FROM strata_compatibility_config WHERE scope = \(eventType)")
            _ = try rows("DELETE FROM strata_registry_mode WHERE scope = \(eventType)")
        }
    }

    func mode(for eventType: String?) throws(RegistryError) -> RegistryMode? {
        let scope = eventType ?? "*"
        if settings.modes[scope] == nil { try readSettings(of: scope) }
        return settings.modes[scope] ?? nil
    }

    func setMode(_ mode: RegistryMode?, for eventType: String?) throws(RegistryError) {
        settings.forget()
        if let mode {
            _ = try rows("INSERT INTO strata_registry_mode (scope, mode) VALUES (\(eventType ?? "*"), \(mode.rawValue)) ON CONFLICT (scope) DO UPDATE SET mode = excluded.mode")
        } else {
            _ = try rows("DELETE FROM strata_registry_mode WHERE scope = \(eventType ?? "*")")
        }
    }

    func importVersion(_ version: StoredVersion) throws(RegistryError) {
        _ = try rows("""
            INSERT INTO strata_schema (id, fingerprint, document, named_references)
            VALUES (\(version.schemaID), \(version.fingerprint), \(version.document.serialized()), \(Self.encode(version.namedReferences)))
            ON CONFLICT (id) DO NOTHING
            """)
        // Ids given later follow the largest one imported.
        _ = try rows("SELECT setval(pg_get_serial_sequence('strata_schema', 'id'), (SELECT MAX(id) FROM strata_schema))")
        _ = try rows("INSERT INTO strata_event_version (event_type, version, schema_id, deleted, registered_at) VALUES (\(version.eventType), \(version.version), \(version.schemaID), \(version.isDeleted), \(version.registeredAt))")
        for reference in version.references {
            let parts = reference.split(separator: "/")
            guard parts.count == 2, let referencedVersion = Int(parts[1]) else { continue }
            _ = try rows("INSERT INTO strata_schema_reference (event_type, version, referenced_type, referenced_version) VALUES (\(version.eventType), \(version.version), \(String(parts[0])), \(referencedVersion)) ON CONFLICT DO NOTHING")
        }
    }

    func removeConfiguration(for eventType: String?) throws(RegistryError) {
        settings.forget()
        _ = try rows("DELETE FROM strata_compatibility_config WHERE scope = \(eventType ?? "*")")
    }
}

import GRDB

/// The registry's own tables, as numbered steps recorded in SQLite's `user_version`.
///
/// All pending steps run in one IMMEDIATE transaction, so several processes opening a new
/// registry file at once apply each step exactly once: the first takes the write lock, the
/// others wait (busy timeout) and then find nothing left to do. (GRDB's `DatabaseMigrator`
/// decides what to run before taking that lock, so two processes could both try a step.)
/// A step, once shipped, is never changed; new tables come as new steps.
enum RegistryMigrations {
    static let steps: [String] = [
        // 1: schemas, event types' versions, references between them, configuration.
        """
        CREATE TABLE schema (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            fingerprint TEXT NOT NULL UNIQUE,
            document TEXT NOT NULL
        );
        CREATE TABLE event_version (
            event_type TEXT NOT NULL,
            version INTEGER NOT NULL CHECK (version >= 1),
            schema_id INTEGER NOT NULL REFERENCES schema(id),
            deleted INTEGER NOT NULL DEFAULT 0,
            registered_at TEXT NOT NULL,
            PRIMARY KEY (event_type, version)
        );
        CREATE TABLE schema_reference (
            event_type TEXT NOT NULL,
            version INTEGER NOT NULL,
            referenced_type TEXT NOT NULL,
            referenced_version INTEGER NOT NULL,
            PRIMARY KEY (event_type, version, referenced_type, referenced_version),
            FOREIGN KEY (event_type, version) REFERENCES event_version(event_type, version),
            FOREIGN KEY (referenced_type, referenced_version) REFERENCES event_version(event_type, version)
        );
        CREATE INDEX schema_reference_target ON schema_reference(referenced_type, referenced_version);
        CREATE TABLE compatibility_config (
            scope TEXT NOT NULL PRIMARY KEY,
            mode TEXT NOT NULL,
            policy TEXT NOT NULL
        );
        """,
        // 2: declarative upcasters, immutable once registered like versions.
        """
        CREATE TABLE upcaster (
            event_type TEXT NOT NULL,
            from_version INTEGER NOT NULL,
            to_version INTEGER NOT NULL,
            fingerprint TEXT NOT NULL,
            document TEXT NOT NULL,
            registered_at TEXT NOT NULL,
            PRIMARY KEY (event_type, from_version)
        );
        """,
        // 3: a downcaster (3-to-2) may start where an upcaster (3-to-4) does, so the target is part of the key.
        """
        CREATE TABLE upcaster_by_target (
            event_type TEXT NOT NULL,
            from_version INTEGER NOT NULL,
            to_version INTEGER NOT NULL,
            fingerprint TEXT NOT NULL,
            document TEXT NOT NULL,
            registered_at TEXT NOT NULL,
            PRIMARY KEY (event_type, from_version, to_version)
        );
        INSERT INTO upcaster_by_target (event_type, from_version, to_version, fingerprint, document, registered_at)
            SELECT event_type, from_version, to_version, fingerprint, document, registered_at FROM upcaster;
        DROP TABLE upcaster;
        ALTER TABLE upcaster_by_target RENAME TO upcaster;
        """,
        // 4: Confluent's modes (READWRITE, READONLY, IMPORT), for the registry ("*") and per type.
        """
        CREATE TABLE registry_mode (
            scope TEXT NOT NULL PRIMARY KEY,
            mode TEXT NOT NULL
        );
        """,
        // 5: a schema's references by name (Confluent's `references`), part of the schema as its
        // document is: a JSON list of {"name", "subject", "version"}; NULL for none.
        """
        ALTER TABLE schema ADD COLUMN named_references TEXT;
        """,
    ]

    /// The mark in SQLite's `application_id` header field that says a file is a Strata registry ("STRA").
    static let applicationID: Int32 = 0x5354_5241

    /// Brings `db` up to the latest step, inside the caller's transaction.
    ///
    /// - Parameter creating: `db` is a new, empty file that Strata is creating (see ``RegistryFile``).
    /// - Throws: ``RegistryError/notARegistry(path:reason:)`` for another application's database or an
    ///   empty file Strata did not create; ``RegistryError/newerFormat(path:found:supported:)``.
    static func migrate(_ db: Database, path: String, creating: Bool = false) throws {
        let current = try checkReadable(db, path: path, creating: creating)
        for step in current..<steps.count {
            try db.execute(sql: steps[step])
        }
        if current < steps.count {
            try db.execute(sql: "PRAGMA user_version = \(steps.count)")
        }
        try db.execute(sql: "PRAGMA application_id = \(applicationID)")
    }

    /// Checks that `db` is a Strata registry this version can read, and returns its format number.
    ///
    /// A registry written before the mark existed has no `application_id` but Strata's own tables;
    /// it is accepted (and marked at its next write).
    @discardableResult
    static func checkReadable(_ db: Database, path: String, creating: Bool = false) throws -> Int {
        let current = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        let application = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        if application != applicationID {
            guard application == 0 else {
                throw RegistryError.notARegistry(path: path, reason: "the file belongs to another application (application_id \(application))")
            }
            let tables = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"))
            if tables.isEmpty {
                guard creating else { throw RegistryError.notARegistry(path: path, reason: "an empty database that Strata did not create") }
            } else if current < 1 || !tables.isSuperset(of: ["schema", "event_version", "compatibility_config"]) {
                throw RegistryError.notARegistry(path: path, reason: "another application's SQLite database")
            }
        }
        guard current <= steps.count else {
            throw RegistryError.newerFormat(path: path, found: current, supported: steps.count)
        }
        return current
    }
}

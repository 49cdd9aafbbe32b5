#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import GRDB

/// The registry file on disk: created whole or not at all, and recognised before it is opened.
///
/// A new registry is built in a temporary file beside the target, with its tables and Strata's mark
/// (``RegistryMigrations/applicationID``), and then linked into place; a process killed half way
/// leaves at most a stray temporary file, never an empty or half-made registry. Two processes
/// creating the same registry at once both succeed: the second finds the first's file in place.
enum RegistryFile {
    /// The first 16 bytes of every SQLite database file.
    private static let sqliteHeader = Array("SQLite format 3\u{0}".utf8)

    /// Creates the registry at `path` unless something is already there.
    static func createIfMissing(path: String) throws(RegistryError) {
        guard !FileManager.default.fileExists(atPath: path) else { return }
        let temporary = path + ".creating-\(UUID().uuidString)"
        defer { unlink(temporary) }
        do {
            let queue = try DatabaseQueue(path: temporary)
            try queue.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    try RegistryMigrations.migrate(db, path: path, creating: true)
                    return .commit
                }
            }
            try queue.close()
        } catch {
            throw SQLiteSchemaStore.registryError(error, path: path, busyTimeout: 0)
        }
        // link(2) never replaces an existing file: a registry another process made meanwhile wins.
        if link(temporary, path) != 0 && errno != EEXIST {
            throw .cannotOpen(path: path, reason: String(cString: strerror(errno)).lowercased())
        }
    }

    /// Refuses anything at `path` that is not a Strata registry, without changing a byte of it: a
    /// folder, an empty or short file, another format, or another application's SQLite database.
    ///
    /// The header's `application_id` (offset 68) says whose file it is; an unmarked database is
    /// looked into read-only, since registries made before the mark are accepted.
    static func checkOwnership(path: String) throws(RegistryError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .cannotOpen(path: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw .notARegistry(path: path, reason: "is a directory") }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .cannotOpen(path: path, reason: "permission denied") }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 100)).map { [UInt8]($0) } ?? []
        guard !header.isEmpty else { throw .notARegistry(path: path, reason: "an empty file; remove it to create a new registry") }
        guard header.count == 100, Array(header[0..<16]) == sqliteHeader else {
            throw .notARegistry(path: path, reason: "not a SQLite database")
        }
        let application = header[68..<72].reduce(Int32(0)) { $0 << 8 | Int32($1) }
        guard application != RegistryMigrations.applicationID else { return }
        do {
            var configuration = Configuration()
            configuration.readonly = true
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            _ = try queue.read { db in try RegistryMigrations.checkReadable(db, path: path) }
            try queue.close()
        } catch {
            throw SQLiteSchemaStore.registryError(error, path: path, busyTimeout: 0)
        }
    }
}

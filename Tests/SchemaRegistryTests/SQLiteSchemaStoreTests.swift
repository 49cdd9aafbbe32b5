import EventSchema
import Foundation
import SchemaRegistry
import StrataTestSupport
import Testing

struct SQLiteSchemaStoreTests {
    func makeRegistry(_ directory: TemporaryDirectory) throws -> SchemaRegistry {
        SchemaRegistry(store: try SQLiteSchemaStore(path: directory.path + "/registry/registry.sqlite"))
    }

    let money: JSONValue = [
        "type": "object",
        "properties": ["minorUnits": ["type": "integer"], "currency": ["type": "string"]],
        "required": ["minorUnits", "currency"],
    ]

    @Test func versionsCountFromOneAndIdenticalSchemaReturnsExistingVersion() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let registry = try makeRegistry(directory)
        let first = try registry.register(money, as: "Money")
        #expect(first.isNew && first.version.version == 1)
        // Same schema, other member order and number spelling: same fingerprint.
        let reordered = try JSONValue(parsing: #"{"required": ["minorUnits", "currency"], "type": "object", "properties": {"currency": {"type": "string"}, "minorUnits": {"type": "integer"}}}"#)
        let again = try registry.register(reordered, as: "Money")
        #expect(!again.isNew && again.version.version == 1)
        var widened = money
        if case .object(var object) = widened { object["description"] = "an amount"; widened = .object(object) }
        let second = try registry.register(widened, as: "Money")
        #expect(second.version.version == 2)
        #expect(try registry.versions(of: "Money").map(\.version) == [1, 2])
    }

    @Test func identicalSchemasShareOneSchemaIDAcrossTypes() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let registry = try makeRegistry(directory)
        let a = try registry.register(money, as: "Money")
        let b = try registry.register(money, as: "Price")
        #expect(a.version.schemaID == b.version.schemaID)
    }

    @Test func breakingChangeIsRefusedWithReasonsAndWritesNothing() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let registry = try makeRegistry(directory)
        _ = try registry.register(["type": "object", "properties": ["a": ["type": "string"]]], as: "Thing")
        let breaking: JSONValue = ["type": "object", "properties": ["a": ["type": "integer"]]]
        #expect {
            try registry.register(breaking, as: "Thing")
        } throws: { error in
            guard case .incompatible(let report)? = error as? RegistryError else { return false }
            return !report.isCompatible && report.summary.contains("#/properties/a")
        }
        #expect(try registry.versions(of: "Thing").count == 1)
        try registry.setConfiguration(CompatibilityConfiguration(mode: .none, policy: .strict), for: "Thing")
        #expect(try registry.register(breaking, as: "Thing").version.version == 2)
    }

    @Test func referencesResolveToRegisteredSchemasAndAreRecorded() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let registry = try makeRegistry(directory)
        _ = try registry.register(money, as: "Money")
        let order: JSONValue = ["type": "object", "properties": ["total": ["$ref": "../Money/1.json"]]]
        let registered = try registry.register(order, as: "OrderPlaced")
        #expect(registered.version.references == ["Money/1"])
        #expect(throws: RegistryError.referenced(eventType: "Money", version: 1, by: ["OrderPlaced/1"])) {
            try registry.delete(version: 1, of: "Money")
        }
        let dangling: JSONValue = ["type": "object", "properties": ["total": ["$ref": "../Money/7.json"]]]
        #expect {
            try registry.register(dangling, as: "OrderShipped")
        } throws: { error in
            if case .unregisteredReference(let type, let reference, _)? = error as? RegistryError {
                return type == "OrderShipped" && reference == "../Money/7.json"
            }
            return false
        }
        #expect(try registry.eventTypes() == ["Money", "OrderPlaced"])
    }

    @Test func softDeletedVersionsStayReadableButLeaveTheChecks() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let registry = try makeRegistry(directory)
        _ = try registry.register(["type": "object", "properties": ["a": ["type": "string"]]], as: "Thing")
        try registry.delete(version: 1, of: "Thing")
        #expect(try registry.versions(of: "Thing").isEmpty)
        #expect(try registry.versions(of: "Thing", includingDeleted: true).map(\.isDeleted) == [true])
        #expect(try registry.version(1, of: "Thing").isDeleted)
        // With v1 out of the checks, a change that would break it is accepted as v2.
        #expect(try registry.register(["type": "object", "properties": ["a": ["type": "integer"]]], as: "Thing").version.version == 2)
        // The stamps a registration's write checks, read without the documents, say the same.
        try registry.store.read { reader throws(RegistryError) in
            let stamps = try reader.versionStamps(of: "Thing")
            #expect(stamps == (try reader.versions(of: "Thing", includingDeleted: true).map(VersionStamp.init)))
            #expect(stamps.map(\.isDeleted) == [true, false])
        }
    }

    @Test(arguments: ["Order Placed", "../etc", "a/b", ""])
    func eventTypeNamesWithSpacesOrPathCharactersAreRefused(_ name: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(throws: RegistryError.invalidEventType(name)) { try makeRegistry(directory).register(money, as: name) }
    }

    @Test func configurationDefaultsToBackwardStrictAndIsPerType() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let registry = try makeRegistry(directory)
        #expect(try registry.configuration(for: "Thing") == .default)
        try registry.setConfiguration(CompatibilityConfiguration(mode: .fullTransitive, policy: .lenient), for: nil)
        #expect(try registry.configuration(for: "Thing").mode == .fullTransitive)
        try registry.setConfiguration(CompatibilityConfiguration(mode: .forward, policy: .strict), for: "Thing")
        #expect(try registry.configuration(for: "Thing").mode == .forward)
        #expect(try registry.configuration(for: "Other").mode == .fullTransitive)
    }

    @Test func aFileThatIsNotSQLiteIsATypedError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("registry.sqlite", String(repeating: "not a database ", count: 100))
        #expect {
            try SQLiteSchemaStore(path: path)
        } throws: { error in
            if case .notARegistry(let named, _)? = error as? RegistryError { return named == path }
            return false
        }
    }

    /// Registration times are written as Foundation's ISO 8601 formatter writes them (the stored
    /// rows of earlier releases), without a formatter per registration.
    @Test(arguments: [0.0, 1_718_042_701.75, 951_782_400.0, 4_102_444_799.999, -86_401.5, Date().timeIntervalSince1970])
    func registrationTimesAreWrittenAsFoundationWritesThem(_ seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(StoredVersion.registrationTime(date) == ISO8601DateFormatter().string(from: date))
    }

    @Test func int64AndDecimalsInSchemasSurviveTheStore() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let registry = try makeRegistry(directory)
        let schema = try JSONValue(parsing: #"{"type": "integer", "maximum": 1234567890123456789, "multipleOf": 199.99}"#)
        let stored = try registry.register(schema, as: "Exact").version
        let read = try makeRegistry(directory).version(1, of: "Exact").document
        #expect(read["maximum"]?.number?.description == "1234567890123456789")
        #expect(read["multipleOf"]?.number?.description == "199.99")
        #expect(read.canonicalFingerprint == stored.fingerprint)
    }
}

struct RegistryFileFailureTests {
    @Test func writingThroughAReadOnlyStoreIsATypedError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/r.sqlite"
        _ = try SchemaRegistry(store: try SQLiteSchemaStore(path: path)).register(["type": "object"], as: "Thing")
        let readOnly = SchemaRegistry(store: try SQLiteSchemaStore(path: path, readOnly: true))
        #expect(try readOnly.versions(of: "Thing").count == 1)
        #expect(throws: RegistryError.readOnly(path: path)) { try readOnly.register(["type": "array"], as: "Other") }
        #expect(try readOnly.eventTypes() == ["Thing"])
    }

    @Test func aWriterThatWaitsLongerThanTheBusyTimeoutGetsLockedNotACrash() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/r.sqlite"
        let holder = try SQLiteSchemaStore(path: path)
        let impatient = try SQLiteSchemaStore(path: path, busyTimeout: 0.2)
        let started = DispatchSemaphore(value: 0), finished = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = try? holder.write { store throws(RegistryError) in
                try store.setConfiguration(.default, for: "Thing")
                started.signal()
                Thread.sleep(forTimeInterval: 1.5)
            }
            finished.signal()
        }
        started.wait()
        #expect(throws: RegistryError.locked(path: path, seconds: 0.2)) {
            try impatient.write { store throws(RegistryError) in try store.setConfiguration(.default, for: "Other") }
        }
        finished.wait()
        #expect(try impatient.read { reader throws(RegistryError) in try reader.configuration(for: "Thing") } == .default)
    }
}

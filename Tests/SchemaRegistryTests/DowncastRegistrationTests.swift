import EventSchema
import EventUpcasting
import Foundation
@testable import SchemaRegistry
import StrataTestSupport
import Testing

/// Registration counts a break for older readers (the forward direction) as compatible when a
/// downcaster bridges it, as it does for upcasters and newer readers; the store keeps downcasters.
struct DowncastRegistrationTests {
    /// Toy v1 has `at` as unix seconds, v2 as a date-time: a break both ways. The upcaster 1-to-2
    /// bridges it for v2 readers; the downcaster 2-to-1, when written, for v1 readers.
    func toyFolder(_ directory: TemporaryDirectory, downcaster: String?) throws {
        try directory.write("Schemas/Toy/1.json", #"""
            {"type": "object", "required": ["at"], "additionalProperties": false,
             "properties": {"at": {"type": "integer", "minimum": 0, "maximum": 253402300799}}}
            """#)
        try directory.write("Schemas/Toy/2.json", #"""
            {"type": "object", "required": ["at"], "additionalProperties": false,
             "properties": {"at": {"type": "string", "format": "date-time"}}}
            """#)
        try directory.write("Upcasters/Toy/1-to-2.yaml", "steps:\n  - convert: /at\n    with: unix-seconds-to-rfc3339\n")
        if let downcaster { try directory.write("Upcasters/Toy/2-to-1.yaml", downcaster) }
    }

    func registry(_ directory: TemporaryDirectory, mode: CompatibilityMode) throws -> SchemaRegistry {
        let registry = SchemaRegistry(store: try SQLiteSchemaStore(path: directory.path + "/r.sqlite"))
        try registry.setConfiguration(CompatibilityConfiguration(mode: mode, policy: .strict), for: "Toy")
        return registry
    }

    @Test(arguments: [CompatibilityMode.forward, .forwardTransitive, .full, .fullTransitive])
    func aForwardBreakBridgedByADowncasterRegisters(_ mode: CompatibilityMode) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try toyFolder(directory, downcaster: "steps:\n  - convert: /at\n    with: rfc3339-to-whole-unix-seconds\n")
        let registry = try registry(directory, mode: mode)
        let result = try registry.sync(SchemaFolder(root: directory.path + "/Schemas"), upcasters: directory.path + "/Upcasters")
        let v2 = try #require(result.registrations.first { $0.version.version == 2 })
        #expect(v2.isNew && !v2.report.isCompatible && v2.report.isBridged)
        #expect(v2.report.bridges.contains { $0.isDowncast && $0.source == EventVersion("Toy", 2) && $0.targets == [EventVersion("Toy", 1)] })
        let expected = mode == .forward || mode == .forwardTransitive ? "downcasters" : "upcasters and downcasters"
        #expect(v2.report.summary.hasPrefix("Toy v2 is \(mode.rawValue) compatible through \(expected), which bridge:"), "\(v2.report.summary)")
        #expect(v2.report.summary.contains("downcasters from v2 to v1 (2-to-1.yaml): bridge it"), "\(v2.report.summary)")
        #expect(try registry.upcasters(of: "Toy").map(\.fileName) == ["1-to-2.json", "2-to-1.json"])
    }

    @Test func aForwardBreakWithoutADowncasterIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try toyFolder(directory, downcaster: nil)
        let registry = try registry(directory, mode: .forward)
        #expect {
            try registry.sync(SchemaFolder(root: directory.path + "/Schemas"), upcasters: directory.path + "/Upcasters")
        } throws: { error in
            guard case .incompatible(let report)? = error as? RegistryError else { return false }
            return !report.isAccepted && report.bridgeProblem?.contains("no downcaster from v2, so v2 events cannot be read as v1; add Toy/2-to-1.yaml") == true
        }
        #expect(try registry.eventTypes().isEmpty)  // all or nothing
    }

    /// A downcaster whose output the older schema refuses does not bridge: the report names the
    /// counterexample and its pointer.
    @Test func aDowncasterThatDoesNotBridgeIsRefusedWithACounterexample() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try toyFolder(directory, downcaster: "steps:\n  - convert: /at\n    with: rfc3339-to-unix-seconds\n  - set: /extra\n    value: 1\n")
        let registry = try registry(directory, mode: .forward)
        #expect {
            try registry.sync(SchemaFolder(root: directory.path + "/Schemas"), upcasters: directory.path + "/Upcasters")
        } throws: { error in
            guard case .incompatible(let report)? = error as? RegistryError else { return false }
            return !report.isAccepted && report.summary.contains("downcasters from v2 to v1 (2-to-1.yaml): do not bridge it")
                && report.summary.contains("Toy v1 at #")
        }
    }

    /// An upcaster and a downcaster from one version are stored side by side, and a second sync
    /// finds both unchanged.
    @Test func anUpcasterAndADowncasterFromOneVersionAreBothStored() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for version in 1...3 { try directory.write("Schemas/A/\(version).json", #"{"description": "v\#(version)"}"#) }
        for name in ["1-to-2", "2-to-3", "2-to-1", "3-to-2"] { try directory.write("Upcasters/A/\(name).yaml", "steps: []\n") }
        let registry = SchemaRegistry(store: try SQLiteSchemaStore(path: directory.path + "/r.sqlite"))
        let first = try registry.sync(SchemaFolder(root: directory.path + "/Schemas"), upcasters: directory.path + "/Upcasters")
        #expect(first.newUpcasters.count == 4)
        #expect(try registry.upcasters(of: "A").map(\.fileName) == ["1-to-2.json", "2-to-1.json", "2-to-3.json", "3-to-2.json"])
        let again = try registry.sync(SchemaFolder(root: directory.path + "/Schemas"), upcasters: directory.path + "/Upcasters")
        #expect(again.newUpcasters.isEmpty && again.unchangedUpcasters.count == 4)
        // A changed downcaster is a conflict naming it, like a changed upcaster.
        try directory.write("Upcasters/A/2-to-1.yaml", "steps:\n  - remove: /x\n")
        #expect {
            try registry.sync(SchemaFolder(root: directory.path + "/Schemas"), upcasters: directory.path + "/Upcasters")
        } throws: { error in
            guard case .conflictsWithRegistry(_, let version, let reason)? = error as? RegistryError else { return false }
            return version == 2 && reason.contains("differs from the registered downcaster from v2")
        }
        // The bundle carries every file, and its catalog downcasts.
        let written = try registry.writeBundle(to: directory.path + "/Catalog")
        #expect(written.upcasters == 4)
        let catalog = try Catalog(bundleAt: directory.path + "/Catalog")
        #expect(catalog.chain.allDowncasters.map(\.fromVersion) == [2, 3])
        #expect(try catalog.chain.path(for: "A", from: 3, to: 1).count == 2)
    }

    /// A registry file of the format before downcasters (one upcaster per starting version) is
    /// migrated when opened: its upcasters kept, a downcaster from the same version then stored.
    @Test func aRegistryOfTheEarlierFormatIsMigrated() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/old.sqlite"
        func fingerprint(_ text: String) throws -> String { try JSONValue(parsing: Array(text.utf8)).canonicalFingerprint }
        let script = RegistryMigrations.steps[0..<2].joined(separator: "\n") + """

            INSERT INTO schema (id, fingerprint, document) VALUES
                (1, '\(try fingerprint(#"{"description":"v1"}"#))', '{"description":"v1"}'),
                (2, '\(try fingerprint(#"{"description":"v2"}"#))', '{"description":"v2"}');
            INSERT INTO event_version (event_type, version, schema_id, registered_at) VALUES ('A', 1, 1, 't'), ('A', 2, 2, 't');
            INSERT INTO upcaster VALUES ('A', 1, 2, '\(try fingerprint(#"{"steps":[]}"#))', '{"steps":[]}', 't');
            PRAGMA user_version = 2;
            PRAGMA application_id = \(RegistryMigrations.applicationID);
            """
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        sqlite.arguments = ["sqlite3", path]
        let input = Pipe()
        sqlite.standardInput = input
        try sqlite.run()
        input.fileHandleForWriting.write(Data(script.utf8))
        try input.fileHandleForWriting.close()
        sqlite.waitUntilExit()
        #expect(sqlite.terminationStatus == 0)
        try directory.write("Schemas/A/1.json", #"{"description":"v1"}"#)
        try directory.write("Schemas/A/2.json", #"{"description":"v2"}"#)
        try directory.write("Upcasters/A/1-to-2.yaml", "steps: []\n")
        try directory.write("Upcasters/A/2-to-1.yaml", "steps: []\n")
        let registry = SchemaRegistry(store: try SQLiteSchemaStore(path: path))
        #expect(try registry.upcasters(of: "A").map(\.fileName) == ["1-to-2.json"])
        let result = try registry.sync(SchemaFolder(root: directory.path + "/Schemas"), upcasters: directory.path + "/Upcasters")
        #expect(result.newUpcasters.map(\.fileName) == ["2-to-1.json"])
        #expect(try registry.upcasters(of: "A").map(\.fileName) == ["1-to-2.json", "2-to-1.json"])
    }
}

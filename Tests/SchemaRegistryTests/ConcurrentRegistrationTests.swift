import EventSchema
import EventUpcasting
import Foundation
import SchemaRegistry
import StrataTestSupport
import Synchronization
import Testing

/// Registration thinks on a snapshot and writes briefly: a slow bridge verification holds no lock.
struct ConcurrentRegistrationTests {
    static let v1 = #"{"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}"#
    /// Requires `b`: breaking, bridged by a Swift upcaster that fills it in.
    static let v2 = #"{"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}, "required": ["a", "b"]}"#

    /// Holds a slow verification until the test opens it, so that "the others finished first"
    /// does not depend on how fast eight processes start on a loaded machine (sanitizers, CI).
    final class Gate: Sendable {
        private let opened = Mutex(false)
        /// Waits until the gate is opened, or `seconds` have passed (below the verification's time
        /// limit, so that a registration the others wait for still finishes and the test reports it).
        func wait(atMost seconds: Double) {
            let deadline = Date().addingTimeInterval(seconds)
            while !opened.withLock({ $0 }) && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        }
        func open() { opened.withLock { $0 = true } }
    }

    /// A Swift upcaster that fills `b` in, each payload held until `gate` opens (20 s at most).
    static func slowUpcaster(_ gate: Gate) -> SwiftUpcaster {
        { payload in
            gate.wait(atMost: 20)
            payload["b"] = "filled"
        }
    }

    /// Runs `slow`, whose verification waits at `gate`, on a thread and, while it runs, 8 `strata
    /// register` processes of other types into the registry at `path`; expects all 8 to finish,
    /// unlocked, before `slow` does, then opens the gate and returns what `slow` returned.
    static func expectOthersFinishFirst(path: String, in directory: TemporaryDirectory, gate: Gate,
                                        while slow: @escaping @Sendable () throws -> Int) throws -> Int? {
        let slowDone = Mutex(false)
        let slowOutcome = Mutex<Result<Int, any Error>?>(nil)
        let thread = Thread {
            let result = Result { try slow() }
            slowOutcome.withLock { $0 = result }
            slowDone.withLock { $0 = true }
        }
        thread.start()
        Thread.sleep(forTimeInterval: 0.3)  // let the verification start
        try directory.write("other.json", #"{"type": "object"}"#)
        let others = try (1...8).map { index in
            try StrataProcess.start(["register", "other.json", "--type", "Other\(index)", "--db", path], in: directory.path)
        }
        for (index, other) in others.enumerated() {
            let outcome = try other.wait()
            #expect(outcome.status == 0, "Other\(index + 1): \(outcome.error)")
            #expect(!outcome.error.contains("locked"))
        }
        // All eight finished while the slow verification was still running: none waited for it.
        let doneBeforeOthers = slowDone.withLock { $0 }
        #expect(!doneBeforeOthers)
        gate.open()
        while !slowDone.withLock({ $0 }) { Thread.sleep(forTimeInterval: 0.05) }
        return try slowOutcome.withLock { try $0?.get() }
    }

    @Test func aSlowVerificationInRegisterDoesNotHoldUpOtherProcesses() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/r.sqlite"
        let registry = SchemaRegistry(store: try SQLiteSchemaStore(path: path))
        try registry.register(try JSONValue(parsing: Self.v1), as: "Slow")
        let v2 = try JSONValue(parsing: Self.v2)
        // The verification waits at the gate until the eight others have finished.
        let gate = Gate()
        let context = BridgeContext(upcasters: [Upcaster(eventType: "Slow", fromVersion: 1, toVersion: 2, steps: [.swift(name: "addB")])],
                                    swiftUpcasters: ["addB": Self.slowUpcaster(gate)], generatedCount: 30)
        let version = try Self.expectOthersFinishFirst(path: path, in: directory, gate: gate) {
            try registry.register(v2, as: "Slow", bridging: context).version.version
        }
        #expect(version == 2)
        #expect(try registry.eventTypes().count == 9)
    }

    @Test func aSlowVerificationInSyncDoesNotHoldUpOtherProcesses() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/r.sqlite"
        try directory.write("Schemas/Slow/1.json", Self.v1)
        try directory.write("Schemas/Slow/2.json", Self.v2)
        try directory.write("Upcasters/Slow/1-to-2.yaml", "steps:\n  - swift: addB\n")
        let registry = SchemaRegistry(store: try SQLiteSchemaStore(path: path))
        let folder = try SchemaFolder(root: directory.path + "/Schemas")
        // The verification waits at the gate until the eight others have finished.
        let gate = Gate()
        let upcasters = directory.path + "/Upcasters"
        let registered = try Self.expectOthersFinishFirst(path: path, in: directory, gate: gate) {
            try registry.sync(folder, upcasters: upcasters, swiftUpcasters: ["addB": Self.slowUpcaster(gate)])
                .registrations.filter(\.isNew).count
        }
        #expect(registered == 2)
        #expect(try registry.versions(of: "Slow").map(\.version) == [1, 2])
        #expect(try registry.upcasters(of: "Slow").count == 1)
        #expect(try registry.eventTypes().count == 9)
    }

    @Test func aSlowVerificationInRegisterAllDoesNotHoldUpOtherProcesses() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/r.sqlite"
        let registry = SchemaRegistry(store: try SQLiteSchemaStore(path: path))
        try registry.register(try JSONValue(parsing: Self.v1), as: "Slow")
        let gate = Gate()
        let context = BridgeContext(upcasters: [Upcaster(eventType: "Slow", fromVersion: 1, toVersion: 2, steps: [.swift(name: "addB")])],
                                    swiftUpcasters: ["addB": Self.slowUpcaster(gate)], generatedCount: 30)
        let candidates = [(eventType: "Fresh", document: try JSONValue(parsing: Self.v1), file: String?.none),
                          (eventType: "Slow", document: try JSONValue(parsing: Self.v2), file: String?.none)]
        let stored = try Self.expectOthersFinishFirst(path: path, in: directory, gate: gate) {
            try registry.registerAll(candidates, bridging: context).filter(\.isNew).count
        }
        #expect(stored == 2)
        #expect(try registry.versions(of: "Slow").map(\.version) == [1, 2])
        #expect(try registry.versions(of: "Fresh").map(\.version) == [1])
        #expect(try registry.eventTypes().count == 10)
    }

    @Test func registerAllStoresEveryCandidateOrNone() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let registry = SchemaRegistry(store: try SQLiteSchemaStore(path: directory.path + "/r.sqlite"))
        try registry.register(try JSONValue(parsing: Self.v1), as: "Kept")
        // Kept v2 breaks BACKWARD with nothing to bridge it: Fresh, before it in the call, is not stored either.
        let refused = [(eventType: "Fresh", document: try JSONValue(parsing: Self.v1), file: String?.none),
                       (eventType: "Kept", document: try JSONValue(parsing: Self.v2), file: String?.none)]
        #expect(throws: RegistryError.self) { try registry.registerAll(refused) }
        #expect(try registry.eventTypes() == ["Kept"])
        #expect(try registry.versions(of: "Kept").map(\.version) == [1])

        let accepted = [(eventType: "Fresh", document: try JSONValue(parsing: Self.v1), file: String?.none),
                        (eventType: "Kept", document: try JSONValue(parsing: Self.v1), file: String?.none)]
        let registrations = try registry.registerAll(accepted)
        #expect(registrations.map(\.isNew) == [true, false])
        #expect(registrations[0].version.schemaID > 0)
        #expect(try registry.versions(of: "Fresh").map(\.version) == [1])
    }
}

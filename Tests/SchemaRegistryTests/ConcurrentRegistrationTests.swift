import EventSchema
import EventUpcasting
import Foundation
import SchemaRegistry
import StrataTestSupport
import Synchronization
import Testing

/// Registration thinks on a snapshot and writes briefly: a slow bridge verification holds no lock.
struct ConcurrentRegistrationTests {
    @Test func aSlowVerificationDoesNotHoldUpOtherProcesses() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/r.sqlite"
        let registry = SchemaRegistry(store: try SQLiteSchemaStore(path: path))
        try registry.register(try JSONValue(parsing: #"{"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}"#), as: "Slow")
        // v2 requires `b`: breaking, bridged by a Swift upcaster that takes 100 ms a payload (3 s in all).
        let slowV2 = try JSONValue(parsing: #"{"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}, "required": ["a", "b"]}"#)
        let addB: SwiftUpcaster = { payload in
            Thread.sleep(forTimeInterval: 0.1)
            payload["b"] = "filled"
        }
        let context = BridgeContext(upcasters: [Upcaster(eventType: "Slow", fromVersion: 1, toVersion: 2, steps: [.swift(name: "addB")])],
                                    swiftUpcasters: ["addB": addB], generatedCount: 30)
        let slowDone = Mutex(false)
        let slowOutcome = Mutex<Result<Int, RegistryError>?>(nil)
        let slow = Thread {
            let result = Result { () throws(RegistryError) -> Int in try registry.register(slowV2, as: "Slow", bridging: context).version.version }
            slowOutcome.withLock { $0 = result }
            slowDone.withLock { $0 = true }
        }
        slow.start()
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
        while !slowDone.withLock({ $0 }) { Thread.sleep(forTimeInterval: 0.05) }
        #expect(try slowOutcome.withLock { try $0?.get() } == 2)
        #expect(try registry.eventTypes().count == 9)
    }
}

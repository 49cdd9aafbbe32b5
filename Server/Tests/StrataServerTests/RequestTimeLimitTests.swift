import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SchemaRegistry
import StrataServerKit
import Testing

/// The per-request time limit: a registration that cannot finish in time (another connection holds
/// the SQLite file's write lock) answers 50002 at the limit, and the abandoned registration
/// finishes in the background once the lock is released.
struct RequestTimeLimitTests {
    @Test func aRequestPastTheLimitGets50002AndItsWorkFinishesInTheBackground() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("strata-timeout-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.path + "/registry.sqlite"
        try await TestServers.run([.sqlite(path: path)], requestTimeout: .milliseconds(200)) { bases in
            let base = bases[0]
            #expect(try await TestServers.json("GET", base.appendingPathComponent("subjects")).status == 200)
            // A writer of its own holds the write lock until released, as another process would.
            let held = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
            let other = try SQLiteSchemaStore(path: path)
            Thread.detachNewThread {
                try? other.write { store throws(RegistryError) in
                    try store.setMode(.readWrite, for: nil)
                    held.signal()
                    release.wait()
                }
            }
            held.wait()
            let registration = ["schema": #"{"type":"object"}"#, "schemaType": "JSON"]
            let reply = try await TestServers.json("POST", base.appendingPathComponent("subjects/orders-value/versions"), body: registration)
            release.signal()
            #expect(reply.status == 500)
            #expect((reply.json as? [String: Any])?["error_code"] as? Int == 50002)
            #expect((reply.json as? [String: Any])?["message"] as? String == "Register operation timed out")
            var versions: Any?
            for _ in 0..<100 where versions == nil {
                let answer = try await TestServers.json("GET", base.appendingPathComponent("subjects/orders-value/versions"))
                if answer.status == 200 { versions = answer.json } else { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(versions as? [Int] == [1])
        }
    }
}

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import ServiceLifecycle
import StrataServerKit
import Testing

/// The server over real HTTP on loopback: what the HTTP layer adds to the dialect (media types,
/// body limits, percent-encoded subjects, JSON errors for everything).
struct RegistryServerTests {
    /// Runs a server on a free port over a new SQLite registry while `body` runs.
    func withServer(maximumBodySize: Int = 1 << 20, _ body: @Sendable (URL) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("strata-server-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try await TestServers.run([.sqlite(path: folder.path + "/registry.sqlite")], maximumBodySize: maximumBodySize) { bases in
            try await body(bases[0])
        }
    }

    struct Reply {
        var status: Int
        var contentType: String?
        var json: Any?
    }

    func send(_ method: String, _ url: URL, body: Data? = nil) async throws -> Reply {
        let (status, contentType, data) = try await TestServers.send(method, url, body: body)
        return Reply(status: status, contentType: contentType, json: try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
    }

    static let schema = #"{"type":"object","properties":{"orderId":{"type":"string"}}}"#

    func registration(_ schema: String = Self.schema) throws -> Data {
        try JSONSerialization.data(withJSONObject: ["schema": schema, "schemaType": "JSON"])
    }

    @Test func aSchemaRegisteredOverHTTPReadsBack() async throws {
        try await withServer { base in
            let registered = try await send("POST", base.appendingPathComponent("subjects/orders-value/versions"), body: try registration())
            #expect(registered.status == 200)
            #expect(registered.contentType == "application/vnd.schemaregistry.v1+json")
            let id = try #require((registered.json as? [String: Any])?["id"] as? Int)
            let read = try await send("GET", URL(string: "\(base)/schemas/ids/\(id)?subject=orders-value")!)
            let object = try #require(read.json as? [String: Any])
            #expect(object["subject"] as? String == "orders-value")
            #expect(object["schemaType"] as? String == "JSON")
            #expect((try await send("GET", URL(string: "\(base)/subjects")!)).json as? [String] == ["orders-value"])
        }
    }

    @Test func percentEncodedSubjectsAreDecoded() async throws {
        try await withServer { base in
            let registered = try await send("POST", URL(string: "\(base)/subjects/Orders%2Evalue/versions")!, body: try registration())
            #expect(registered.status == 200)
            #expect((try await send("GET", URL(string: "\(base)/subjects")!)).json as? [String] == ["Orders.value"])
        }
    }

    @Test func everyFailureIsAConfluentJSONBody() async throws {
        try await withServer(maximumBodySize: 4096) { base in
            let unknown = try await send("GET", URL(string: "\(base)/associations/resources/-/orders?resourceType=topic")!)
            #expect(unknown.status == 404)
            #expect((unknown.json as? [String: Any])?["error_code"] as? Int == 404)

            let large = String(repeating: " ", count: 5000) + Self.schema
            let tooLarge = try await send("POST", base.appendingPathComponent("subjects/orders-value/versions"), body: try registration(large))
            #expect(tooLarge.status == 413)
            #expect((tooLarge.json as? [String: Any])?["error_code"] as? Int == 413)

            let malformed = try await send("POST", base.appendingPathComponent("subjects/orders-value/versions"), body: Data("{\"schema\":".utf8))
            #expect(malformed.status == 400)
            #expect((malformed.json as? [String: Any])?["error_code"] as? Int == 400)

            let deep = String(repeating: "[", count: 3_000)
            let tooDeep = try await send("POST", base.appendingPathComponent("subjects/orders-value/versions"), body: Data(deep.utf8))
            #expect(tooDeep.status == 400)
            // The server still answers.
            #expect((try await send("GET", URL(string: "\(base)/subjects")!)).status == 200)
        }
    }

    @Test func healthAndMetricsAreServed() async throws {
        try await withServer { base in
            let health = try await send("GET", base.appendingPathComponent("health"))
            #expect(health.status == 200)
            #expect((health.json as? [String: Any])?["status"] as? String == "UP")
            _ = try await send("POST", base.appendingPathComponent("subjects/orders-value/versions"), body: try registration())
            _ = try await send("POST", base.appendingPathComponent("subjects/orders-value/versions"), body: try registration(#"{"type":7}"#))
            _ = try await send("GET", base.appendingPathComponent("subjects/orders-value/versions/9"))
            let (status, contentType, data) = try await TestServers.send("GET", base.appendingPathComponent("metrics"))
            #expect(status == 200)
            #expect(contentType?.hasPrefix("text/plain") == true)
            let text = String(decoding: data, as: UTF8.self)
            #expect(text.contains(#"strata_server_requests_total{method="GET",route="/subjects/{subject}/versions/{version}",status="404"} 1"#))
            #expect(text.contains(#"strata_server_registrations_total{outcome="registered"} 1"#))
            #expect(text.contains(#"strata_server_registrations_total{outcome="invalid"} 1"#))
            #expect(text.contains("strata_server_request_duration_seconds_bucket"))
        }
    }
}

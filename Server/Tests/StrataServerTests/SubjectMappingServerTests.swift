import ConfluentAPI
import Foundation
import StrataServerKit
import Testing

/// A server started with a subject mapping, over real HTTP: a topic subject registers and reads
/// back as its event type.
struct SubjectMappingServerTests {
    @Test func aMappedTopicSubjectIsItsEventTypeOverHTTP() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("strata-server-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let mapping = try SubjectMapping(document: ["topics": ["orders": "OrderPlaced"]], file: "subjects.yaml")
        try await TestServers.run([.sqlite(path: folder.path + "/registry.sqlite")], subjects: mapping) { bases in
            let base = bases[0]
            let schema = #"{"title":"OrderPlaced","type":"object","properties":{"orderId":{"type":"string"}}}"#
            let registered = try await TestServers.json("POST", base.appendingPathComponent("subjects/orders-value/versions"),
                                                        body: ["schema": schema, "schemaType": "JSON"])
            #expect(registered.status == 200)
            let id = try #require((registered.json as? [String: Any])?["id"] as? Int)
            let byType = try await TestServers.json("GET", base.appendingPathComponent("subjects/OrderPlaced/versions/latest"))
            #expect((byType.json as? [String: Any])?["id"] as? Int == id)
            let bySubject = try await TestServers.json("GET", URL(string: "\(base)/schemas/ids/\(id)?subject=orders-value")!)
            #expect((bySubject.json as? [String: Any])?["subject"] as? String == "orders-value")
            #expect(try await TestServers.json("GET", base.appendingPathComponent("subjects")).json as? [String] == ["OrderPlaced", "orders-value"])
        }
    }
}

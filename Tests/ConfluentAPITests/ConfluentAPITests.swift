import ConfluentAPI
import EventSchema
import Foundation
import SchemaRegistry
import StrataTestSupport
import Testing

/// Confluent's REST dialect over a real SQLite registry, request by request, as a Confluent
/// client sends them.
struct ConfluentAPITests {
    let directory: TemporaryDirectory
    let api: ConfluentAPI

    init() throws {
        directory = try TemporaryDirectory()
        api = ConfluentAPI(registry: SchemaRegistry(store: try SQLiteSchemaStore(path: directory.path + "/registry.sqlite")))
    }

    static let orderV1 = #"{"type":"object","properties":{"orderId":{"type":"string"},"total":{"type":"number"}},"required":["orderId"],"additionalProperties":false}"#
    /// Adds an optional property to a closed model: BACKWARD compatible.
    static let orderV2 = #"{"type":"object","properties":{"orderId":{"type":"string"},"total":{"type":"number"},"note":{"type":"string"}},"required":["orderId"],"additionalProperties":false}"#
    /// Adds a required property to a closed model: breaks BACKWARD.
    static let orderBreaking = #"{"type":"object","properties":{"orderId":{"type":"string"},"total":{"type":"number"},"currency":{"type":"string"}},"required":["orderId","currency"],"additionalProperties":false}"#

    func send(_ method: String, _ path: String, _ query: [String: String] = [:], body: JSONValue? = nil) -> (status: Int, body: JSONValue) {
        let request = ConfluentRequest(method: method, path: path, query: query, body: body.map { Array($0.serialized().utf8) } ?? [])!
        let response = api.respond(to: request)
        switch response.body {
        case .json(let value): return (response.status, value)
        case .text(let text): return (response.status, .string(text))
        case .encoded(let bytes): return (response.status, try! JSONValue(parsing: bytes))
        }
    }

    func schemaBody(_ schema: String, type: String? = "JSON") -> JSONValue {
        var members: [JSONObject.Member] = [("schema", .string(schema))]
        if let type { members.append(("schemaType", .string(type))) }
        return .object(JSONObject(uniqueMembers: members))
    }

    func expectError(_ result: (status: Int, body: JSONValue), _ status: Int, _ code: Int, _ message: String? = nil,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == status, sourceLocation: sourceLocation)
        #expect(result.body["error_code"]?.number?.int64Value == Int64(code), "\(result.body.serialized())", sourceLocation: sourceLocation)
        if let message { #expect(result.body["message"]?.string == message, sourceLocation: sourceLocation) }
    }

    @Test func registeringIsIdempotentAndIdsAreSharedByIdenticalSchemas() {
        let first = send("POST", "/subjects/orders-value/versions", body: schemaBody(Self.orderV1))
        #expect(first.status == 200)
        let id = first.body["id"]?.number?.int64Value
        #expect(id != nil)
        #expect(send("POST", "/subjects/orders-value/versions", body: schemaBody(Self.orderV1)).body["id"]?.number?.int64Value == id)
        #expect(send("GET", "/subjects/orders-value/versions").body == [1])
        // The same schema under another subject: a version of its own with the same id.
        #expect(send("POST", "/subjects/OrderPlaced/versions", body: schemaBody(Self.orderV1)).body["id"]?.number?.int64Value == id)
        #expect(send("GET", "/subjects").body == ["OrderPlaced", "orders-value"])
        let second = send("POST", "/subjects/orders-value/versions", body: schemaBody(Self.orderV2))
        #expect(second.body["id"]?.number?.int64Value != id)
        #expect(send("GET", "/subjects/orders-value/versions").body == [1, 2])
        // Absent schemaType means JSON here (this registry holds JSON Schemas only).
        #expect(send("POST", "/subjects/orders-value/versions", body: schemaBody(Self.orderV2, type: nil)).status == 200)
    }

    @Test func versionsReadBackAsConfluentShowsThem() throws {
        let id = try #require(send("POST", "/subjects/orders-value/versions", body: schemaBody(Self.orderV1)).body["id"])
        let latest = send("GET", "/subjects/orders-value/versions/latest")
        #expect(latest.status == 200)
        #expect(latest.body["subject"] == "orders-value")
        #expect(latest.body["version"] == 1)
        #expect(latest.body["id"] == id)
        #expect(latest.body["schemaType"] == "JSON")
        #expect(try JSONValue(parsing: try #require(latest.body["schema"]?.string)) == JSONValue(parsing: Self.orderV1))
        #expect(send("GET", "/subjects/orders-value/versions/1").body == latest.body)
        #expect(send("GET", "/subjects/orders-value/versions/-1").body == latest.body)
        // The raw schema text.
        let raw = send("GET", "/subjects/orders-value/versions/1/schema")
        #expect(try JSONValue(parsing: try #require(raw.body.string)) == JSONValue(parsing: Self.orderV1))

        expectError(send("GET", "/subjects/nothing-here/versions/1"), 404, 40401, "Subject 'nothing-here' not found.")
        expectError(send("GET", "/subjects/orders-value/versions/7"), 404, 40402, "Version 7 not found.")
        for bad in ["0", "-2", "two", "2147483648"] {
            expectError(send("GET", "/subjects/orders-value/versions/\(bad)"), 422, 42202)
        }
        expectError(send("GET", "/subjects/nothing-here/versions"), 404, 40401)
    }

    @Test func schemasReadByIdWithAndWithoutASubject() throws {
        let id = try #require(send("POST", "/subjects/orders-value/versions", body: schemaBody(Self.orderV1)).body["id"]?.number?.int64Value)
        let plain = send("GET", "/schemas/ids/\(id)")
        #expect(plain.status == 200)
        #expect(plain.body["subject"] == nil)
        #expect(plain.body["schemaType"] == "JSON")
        let withSubject = send("GET", "/schemas/ids/\(id)", ["subject": "orders-value"])
        #expect(withSubject.body["subject"] == "orders-value")
        #expect(withSubject.body["version"] == 1)
        #expect(send("GET", "/schemas/ids/\(id)/versions").body == [["subject": "orders-value", "version": 1]])
        #expect(send("GET", "/schemas/ids/\(id)/subjects").body == ["orders-value"])
        #expect(send("GET", "/schemas/types").body == ["JSON"])
        expectError(send("GET", "/schemas/ids/9999"), 404, 40403, "Schema 9999 not found")
        expectError(send("GET", "/schemas/ids/9999/versions"), 404, 40403, "Schema not found")
        expectError(send("GET", "/schemas/ids/abc"), 404, 404)
    }

    @Test func lookingUpASchemaFindsItsVersion() {
        _ = send("POST", "/subjects/orders-value/versions", body: schemaBody(Self.orderV1))
        _ = send("POST", "/subjects/orders-value/versions", body: schemaBody(Self.orderV2))
        let found = send("POST", "/subjects/orders-value", body: schemaBody(Self.orderV1))
        #expect(found.status == 200)
        #expect(found.body["version"] == 1)
        expectError(send("POST", "/subjects/orders-value", body: schemaBody(Self.orderBreaking)), 404, 40403, "Schema not found")
        expectError(send("POST", "/subjects/other", body: schemaBody(Self.orderV1)), 404, 40401)
    }

    @Test func refusalsCarryConfluentCodesAndTheReasons() throws {
        _ = send("POST", "/subjects/orders-value/versions", body: schemaBody(Self.orderV1))
        let incompatible = send("POST", "/subjects/orders-value/versions", body: schemaBody(Self.orderBreaking))
        expectError(incompatible, 409, 40901)
        let message = try #require(incompatible.body["message"]?.string)
        #expect(message.hasPrefix("Schema being registered is incompatible with an earlier schema for subject \"orders-value\", details: [{errorType:\""))
        #expect(message.contains("{oldSchemaVersion: 1}"))
        #expect(message.hasSuffix("{validateFields: 'false', compatibility: 'BACKWARD'}]"))
        #expect(send("GET", "/subjects/orders-value/versions").body == [1])  // nothing stored

        expectError(send("POST", "/subjects/orders-value/versions", body: schemaBody(#"{"type":"strin"}"#)), 422, 42201)
        expectError(send("POST", "/subjects/orders-value/versions", body: schemaBody("{not json")), 422, 42201)
        expectError(send("POST", "/subjects/orders-value/versions", body: schemaBody(Self.orderV1, type: "AVRO")), 422, 42201)
        expectError(send("POST", "/subjects/orders-value/versions", body: ["schemaType": "JSON"]), 422, 42201, "Invalid schema of type JSON, details: Empty schema")
        expectError(send("POST", "/subjects/bad%20name/versions", body: schemaBody(Self.orderV1)), 422, 42208,
                    "The specified subject 'bad name' is not a valid.")
        expectError(send("POST", "/compatibility/subjects/bad%20name/versions/latest", body: schemaBody(Self.orderV1)), 422, 42208)
        // Versions start at 1, in an import as anywhere.
        expectError(send("POST", "/subjects/a/versions", body: ["schema": .string(Self.orderV1), "id": 7, "version": 0]), 400, 400)
        let malformed = api.respond(to: ConfluentRequest(method: "POST", path: "/subjects/a/versions", body: Array("{\"schema\":".utf8))!)
        #expect(malformed.status == 400)
        let notAnObject = api.respond(to: ConfluentRequest(method: "POST", path: "/subjects/a/versions", body: Array("[1]".utf8))!)
        #expect(notAnObject.status == 400)
        // Confluent ignores fields it does not know; so does Strata.
        let extra: JSONValue = ["schema": .string(Self.orderV1), "schemaType": "JSON", "metadata": ["properties": [:]], "ruleSet": nil]
        #expect(send("POST", "/subjects/orders-value/versions", body: extra).status == 200)
    }

    @Test func unknownRoutesAndMethodsGetJSONErrors() {
        expectError(send("GET", "/associations/resources/-/orders", ["resourceType": "topic"]), 404, 404, "HTTP 404 Not Found")
        expectError(send("PATCH", "/subjects"), 405, 405)
        // RFC 9110: a 405 names the methods the path is served with.
        func allowed(_ method: String, _ path: String) -> [String] {
            api.respond(to: ConfluentRequest(method: method, path: path)!).allowedMethods
        }
        #expect(allowed("TRACE", "/subjects/orders-value") == ["POST", "DELETE"])
        #expect(allowed("PUT", "/health") == ["GET"])
        #expect(allowed("GET", "/nowhere") == [])
        #expect(send("GET", "/").body == [:])
        #expect(ConfluentRequest(method: "GET", path: "/subjects/%zz") == nil)
    }

    @Test func compatibilityChecksAnswerAsConfluentDoes() throws {
        // `latest` of a subject with no versions: compatible, no 404.
        #expect(send("POST", "/compatibility/subjects/new-subject/versions/latest", body: schemaBody(Self.orderV1)).body == ["is_compatible": true])
        expectError(send("POST", "/compatibility/subjects/new-subject/versions/3", body: schemaBody(Self.orderV1)), 404, 40402)
        _ = send("POST", "/subjects/orders-value/versions", body: schemaBody(Self.orderV1))
        #expect(send("POST", "/compatibility/subjects/orders-value/versions/latest", body: schemaBody(Self.orderV2)).body == ["is_compatible": true])
        #expect(send("POST", "/compatibility/subjects/orders-value/versions/latest", body: schemaBody(Self.orderBreaking)).body == ["is_compatible": false])
        let verbose = send("POST", "/compatibility/subjects/orders-value/versions/1", ["verbose": "True"], body: schemaBody(Self.orderBreaking))
        #expect(verbose.body["is_compatible"] == false)
        let messages = try #require(verbose.body["messages"]?.array)
        #expect(messages.first?.string?.hasPrefix("{errorType:\"") == true)
        #expect(send("POST", "/compatibility/subjects/orders-value/versions", ["verbose": "true"], body: schemaBody(Self.orderV2)).body
                == ["is_compatible": true, "messages": []])
        // An invalid schema: 42201, or a verdict with the reason when verbose.
        expectError(send("POST", "/compatibility/subjects/orders-value/versions/latest", body: schemaBody(#"{"type":7}"#)), 422, 42201)
        let invalidVerbose = send("POST", "/compatibility/subjects/orders-value/versions/latest", ["verbose": "true"], body: schemaBody(#"{"type":7}"#))
        #expect(invalidVerbose.status == 200)
        #expect(invalidVerbose.body["is_compatible"] == false)
    }

    @Test func aCheckAgainstOneVersionIgnoresTransitivity() {
        _ = send("PUT", "/config/orders-value", body: ["compatibility": "NONE"])
        let totalAsString = #"{"type":"object","properties":{"orderId":{"type":"string"},"total":{"type":"string"}},"required":["orderId"],"additionalProperties":false}"#
        #expect(send("POST", "/subjects/orders-value/versions", body: schemaBody(Self.orderV1)).status == 200)
        #expect(send("POST", "/subjects/orders-value/versions", body: schemaBody(totalAsString)).status == 200)
        _ = send("PUT", "/config/orders-value", body: ["compatibility": "backward_transitive"])
        // orderV2 reads v1's data, not v2's (`total` changed type): a break against v2 only.
        #expect(send("POST", "/compatibility/subjects/orders-value/versions/1", body: schemaBody(Self.orderV2)).body == ["is_compatible": true])
        #expect(send("POST", "/compatibility/subjects/orders-value/versions/2", body: schemaBody(Self.orderV2)).body == ["is_compatible": false])
        #expect(send("POST", "/compatibility/subjects/orders-value/versions", body: schemaBody(Self.orderV2)).body == ["is_compatible": false])
    }

    @Test func configurationsAreReadSetAndRemoved() {
        #expect(send("GET", "/config").body == ["compatibilityLevel": "BACKWARD"])
        #expect(send("PUT", "/config", body: ["compatibility": "full"]).body == ["compatibility": "FULL"])
        #expect(send("GET", "/config").body == ["compatibilityLevel": "FULL"])
        expectError(send("PUT", "/config", body: ["compatibility": "SIDEWAYS"]), 422, 42203)
        // Either key may carry the level; a bad value in one is refused even when the other is good.
        expectError(send("PUT", "/config", body: ["compatibility": "FULL", "compatibilityLevel": "SIDEWAYS"]), 422, 42203)
        expectError(send("PUT", "/config", body: ["compatibilityLevel": "FULL", "compatibility": 3]), 422, 42203)
        expectError(send("GET", "/config/orders-value"), 404, 40408)
        #expect(send("GET", "/config/orders-value", ["defaultToGlobal": "true"]).body == ["compatibilityLevel": "FULL"])
        #expect(send("PUT", "/config/orders-value", body: ["compatibility": "NONE", "compatibilityPolicy": "lenient"]).body
                == ["compatibility": "NONE", "compatibilityPolicy": "LENIENT"])
        #expect(send("GET", "/config/orders-value").body == ["compatibilityLevel": "NONE", "compatibilityPolicy": "LENIENT"])
        #expect(send("DELETE", "/config/orders-value").body == ["compatibilityLevel": "NONE", "compatibilityPolicy": "LENIENT"])
        expectError(send("GET", "/config/orders-value"), 404, 40408)
        #expect(send("DELETE", "/config").body == ["compatibilityLevel": "FULL"])
        #expect(send("GET", "/config").body == ["compatibilityLevel": "BACKWARD"])
        // PSRC sends `config/` for the global level; the empty segment is dropped.
        #expect(send("GET", "/config/").body == ["compatibilityLevel": "BACKWARD"])
    }

    @Test func deletesAreSoftThenPermanentInConfluentsOrder() throws {
        let id = try #require(send("POST", "/subjects/orders-value/versions", body: schemaBody(Self.orderV1)).body["id"])
        _ = send("POST", "/subjects/orders-value/versions", body: schemaBody(Self.orderV2))
        expectError(send("DELETE", "/subjects/orders-value/versions/1", ["permanent": "true"]), 404, 40407)
        #expect(send("DELETE", "/subjects/orders-value/versions/1").body == 1)
        expectError(send("DELETE", "/subjects/orders-value/versions/1"), 404, 40406)
        #expect(send("GET", "/subjects/orders-value/versions").body == [2])
        #expect(send("GET", "/subjects/orders-value/versions", ["deleted": "true"]).body == [1, 2])
        expectError(send("GET", "/subjects/orders-value/versions/1"), 404, 40402)
        #expect(send("GET", "/subjects/orders-value/versions/1", ["deleted": "true"]).status == 200)
        // Old events still name the id: it stays readable.
        #expect(send("GET", "/schemas/ids/\(id.number!.int64Value!)").status == 200)
        #expect(send("DELETE", "/subjects/orders-value/versions/1", ["permanent": "true"]).body == 1)
        expectError(send("DELETE", "/subjects/orders-value", ["permanent": "true"]), 404, 40405)
        #expect(send("DELETE", "/subjects/orders-value").body == [2])
        expectError(send("DELETE", "/subjects/orders-value"), 404, 40404)
        #expect(send("GET", "/subjects").body == [])
        #expect(send("GET", "/subjects", ["deleted": "true"]).body == ["orders-value"])
        #expect(send("GET", "/subjects", ["deletedOnly": "true"]).body == ["orders-value"])
        #expect(send("DELETE", "/subjects/orders-value", ["permanent": "true"]).body == [2])
        expectError(send("DELETE", "/subjects/orders-value"), 404, 40401)
        // Registered again: the same id, numbering starts over.
        let again = send("POST", "/subjects/orders-value/versions", body: schemaBody(Self.orderV1))
        #expect(again.body["id"] == id)
        #expect(send("GET", "/subjects/orders-value/versions").body == [1])
    }

    @Test func largeIntegersAndDecimalsSurviveBitForBit() throws {
        let schema = #"{"type":"object","properties":{"sequence":{"type":"integer","maximum":1234567890123456789},"price":{"type":"number","multipleOf":0.01,"default":199.99}}}"#
        let id = try #require(send("POST", "/subjects/Priced/versions", body: schemaBody(schema)).body["id"]?.number?.int64Value)
        let text = try #require(send("GET", "/schemas/ids/\(id)").body["schema"]?.string)
        #expect(text.contains("1234567890123456789"))
        #expect(text.contains("199.99"))
        #expect(text.contains("0.01"))
        let raw = api.respond(to: ConfluentRequest(method: "GET", path: "/subjects/Priced/versions/1/schema")!)
        #expect(String(decoding: raw.bytes, as: UTF8.self).contains("\"maximum\":1234567890123456789"))
    }

    @Test func keptLookupsFollowWritesHereAndOtherServersWithinTheirLifetime() throws {
        let other = ConfluentAPI(registry: api.registry, lookupLifetime: .milliseconds(100))
        let id = try #require(send("POST", "/subjects/first/versions", body: schemaBody(Self.orderV1)).body["id"]?.number?.int64Value)
        let asked = try #require(ConfluentRequest(method: "GET", path: "/schemas/ids/\(id)", query: ["subject": "second"]))
        #expect(api.keptAnswer(to: asked) == nil)
        #expect(send("GET", "/schemas/ids/\(id)", ["subject": "second"]).body["subject"] == "first")
        #expect(api.keptAnswer(to: asked) != nil)
        #expect(other.respond(to: asked).status == 200)
        // A registration here drops what this API kept: the answer names the new holder at once.
        #expect(send("POST", "/subjects/second/versions", body: schemaBody(Self.orderV1)).body["id"]?.number?.int64Value == id)
        #expect(api.keptAnswer(to: asked) == nil)
        #expect(send("GET", "/schemas/ids/\(id)", ["subject": "second"]).body["subject"] == "second")
        // Another API over the same store sees it once its kept answer expires.
        Thread.sleep(forTimeInterval: 0.2)
        #expect(try JSONValue(parsing: other.respond(to: asked).bytes)["subject"] == "second")
    }

    @Test func readOnlyModeRefusesRegistrationsAndDeletesButNotReads() {
        _ = send("POST", "/subjects/orders-value/versions", body: schemaBody(Self.orderV1))
        #expect(send("GET", "/mode").body == ["mode": "READWRITE"])
        #expect(send("PUT", "/mode", body: ["mode": "readonly"]).body == ["mode": "READONLY"])
        #expect(send("GET", "/mode").body == ["mode": "READONLY"])
        expectError(send("POST", "/subjects/orders-value/versions", body: schemaBody(Self.orderV2)), 422, 42205,
                    "Subject orders-value is in read-only mode")
        expectError(send("DELETE", "/subjects/orders-value/versions/1"), 422, 42205)
        expectError(send("DELETE", "/subjects/orders-value"), 422, 42205)
        #expect(send("GET", "/subjects/orders-value/versions").body == [1])
        #expect(send("POST", "/compatibility/subjects/orders-value/versions/latest", body: schemaBody(Self.orderV2)).body == ["is_compatible": true])
        expectError(send("PUT", "/mode", body: ["mode": "SIDEWAYS"]), 422, 42204)
        // A subject's own mode wins over the registry's.
        #expect(send("PUT", "/mode/orders-value", body: ["mode": "READWRITE"]).body == ["mode": "READWRITE"])
        #expect(send("POST", "/subjects/orders-value/versions", body: schemaBody(Self.orderV2)).status == 200)
        expectError(send("GET", "/mode/other"), 404, 40409)
        #expect(send("GET", "/mode/other", ["defaultToGlobal": "true"]).body == ["mode": "READONLY"])
        #expect(send("DELETE", "/mode/orders-value").body == ["mode": "READWRITE"])
        expectError(send("DELETE", "/mode/orders-value"), 404, 40401)
        expectError(send("POST", "/subjects/orders-value/versions", body: schemaBody(Self.orderBreaking)), 422, 42205)
    }

    @Test func importModeKeepsTheIdsAndVersionsItIsGiven() throws {
        _ = send("POST", "/subjects/existing/versions", body: schemaBody(Self.orderV1))
        var withID: JSONValue = ["schema": .string(Self.orderV2), "schemaType": "JSON", "id": 42, "version": 3]
        expectError(send("POST", "/subjects/moved/versions", body: withID), 422, 42205, "Subject moved is not in import mode")
        expectError(send("PUT", "/mode", body: ["mode": "IMPORT"]), 422, 42205, "Cannot import since found existing subjects")
        #expect(send("PUT", "/mode", ["force": "true"], body: ["mode": "IMPORT"]).body == ["mode": "IMPORT"])
        #expect(send("POST", "/subjects/moved/versions", body: withID).body == ["id": 42])
        #expect(send("POST", "/subjects/moved/versions", body: withID).body == ["id": 42])  // idempotent
        #expect(send("GET", "/subjects/moved/versions").body == [3])
        #expect(send("GET", "/schemas/ids/42", ["subject": "moved"]).body["version"] == 3)
        expectError(send("POST", "/subjects/moved/versions", body: schemaBody(Self.orderV1)), 422, 42205,
                    "Subject moved is not in read-write mode")
        withID = ["schema": .string(Self.orderBreaking), "schemaType": "JSON", "id": 42]
        expectError(send("POST", "/subjects/other/versions", body: withID), 422, 42205, "Overwrite new schema with id 42 is not permitted.")
        // Back to READWRITE: new ids follow the imported one.
        _ = send("PUT", "/mode", body: ["mode": "READWRITE"])
        let next = try #require(send("POST", "/subjects/fresh/versions", body: schemaBody(Self.orderBreaking)).body["id"]?.number?.int64Value)
        #expect(next > 42)
    }
}

import ConfluentAPI
import EventSchema
import Foundation
import SchemaRegistry
import StrataTestSupport
import Testing

/// Subjects as Confluent's subject-name strategies make them, read as event types: topic-name
/// subjects through a table, record-name subjects (the schema's `title`) as the event type itself.
struct SubjectMappingTests {
    let directory: TemporaryDirectory
    let api: ConfluentAPI
    let client: ConfluentAPITests

    static let mappingFile = """
        topics:
          orders: OrderPlaced
        subjects:
          orders-key: OrderKey
        """
    static let order = #"{"title":"OrderPlaced","type":"object","properties":{"orderId":{"type":"string"}},"required":["orderId"]}"#

    init() throws {
        directory = try TemporaryDirectory()
        try directory.write("subjects.yaml", Self.mappingFile)
        let mapping = try SubjectMapping(file: directory.path + "/subjects.yaml")
        api = ConfluentAPI(registry: SchemaRegistry(store: try SQLiteSchemaStore(path: directory.path + "/registry.sqlite")), subjects: mapping)
        client = try ConfluentAPITests()
    }

    func send(_ method: String, _ path: String, _ query: [String: String] = [:], body: JSONValue? = nil) -> (status: Int, body: JSONValue) {
        let request = ConfluentRequest(method: method, path: path, query: query, body: body.map { Array($0.serialized().utf8) } ?? [])!
        let response = api.respond(to: request)
        guard case .json(let value) = response.body else { return (response.status, .null) }
        return (response.status, value)
    }

    @Test func aMappingFileNamesTopicsAndWholeSubjects() throws {
        let mapping = try SubjectMapping(file: directory.path + "/subjects.yaml")
        #expect(mapping.eventTypes == ["orders-value": "OrderPlaced", "orders-key": "OrderKey"])
        #expect(mapping.eventType(of: "orders-value") == "OrderPlaced")
        #expect(mapping.eventType(of: "payments-value") == "payments-value")
        #expect(mapping.subjects(of: "OrderPlaced") == ["OrderPlaced", "orders-value"])
        let error = #expect(throws: SubjectMappingError.self) { try SubjectMapping(document: ["topics": ["orders": "not a type"]], file: "m") }
        #expect(error?.description.hasPrefix("m: #/topics/orders: expected an event type name") == true)
        #expect(throws: SubjectMappingError(file: "m", pointer: "/topic", reason: "unknown key (expected topics or subjects)")) {
            try SubjectMapping(document: ["topic": [:]], file: "m")
        }
    }

    @Test func aTopicSubjectIsAnotherNameForItsEventTypeOnEveryRoute() throws {
        let body = client.schemaBody(Self.order)
        let id = try #require(send("POST", "/subjects/orders-value/versions", body: body).body["id"])
        // The record-name subject (the schema's title) is the same event type.
        #expect(send("POST", "/subjects/OrderPlaced/versions", body: body).body["id"] == id)
        #expect(try api.registry.versions(of: "OrderPlaced").count == 1)
        #expect(try api.registry.eventTypes() == ["OrderPlaced"])
        #expect(send("GET", "/subjects").body == ["OrderPlaced", "orders-value"])
        #expect(send("GET", "/subjects", ["subjectPrefix": "orders"]).body == ["orders-value"])
        #expect(send("GET", "/subjects/orders-value/versions/1").body["subject"] == "orders-value")
        #expect(send("GET", "/subjects/OrderPlaced/versions/1").body["id"] == id)
        #expect(send("POST", "/subjects/orders-value", body: body).body["version"] == 1)
        #expect(send("GET", "/schemas/ids/\(id)", ["subject": "orders-value"]).body["subject"] == "orders-value")
        #expect(send("GET", "/schemas/ids/\(id)/subjects").body == ["OrderPlaced", "orders-value"])
        // Configuration and mode set through one name hold for the other.
        #expect(send("PUT", "/config/orders-value", body: ["compatibility": "NONE"]).status == 200)
        #expect(send("GET", "/config/OrderPlaced").body["compatibilityLevel"] == "NONE")
        #expect(send("PUT", "/mode/orders-value", body: ["mode": "READONLY"]).status == 200)
        #expect(send("GET", "/mode/OrderPlaced").body["mode"] == "READONLY")
        #expect(send("DELETE", "/mode/OrderPlaced").status == 200)
        // Compatibility checks, references and deletes read the subject through the table too.
        #expect(send("POST", "/compatibility/subjects/orders-value/versions/latest", body: body).body["is_compatible"] == true)
        let shipment = #"{"type":"object","properties":{"order":{"$ref":"order.json"}}}"#
        let referencing: JSONValue = ["schema": .string(shipment), "references": [["name": "order.json", "subject": "orders-value", "version": 1]]]
        let shipmentID = try #require(send("POST", "/subjects/Shipment/versions", body: referencing).body["id"])
        #expect(send("GET", "/subjects/orders-value/versions/1/referencedby").body == [shipmentID])
        #expect(send("GET", "/schemas/ids/\(shipmentID)").body["references"] == [["name": "order.json", "subject": "OrderPlaced", "version": 1]])
        #expect(send("DELETE", "/subjects/Shipment").status == 200)
        #expect(send("DELETE", "/subjects/Shipment", ["permanent": "true"]).status == 200)
        #expect(send("DELETE", "/subjects/orders-value").body == [1])
        #expect(try api.registry.versions(of: "OrderPlaced").isEmpty)
        // A subject the table does not name is the event type of the same name.
        #expect(send("POST", "/subjects/payments-value/versions", body: body).status == 200)
        #expect(try api.registry.versions(of: "payments-value").count == 1)
    }
}

import ConfluentAPI
import EventSchema
import SchemaRegistry
import Testing

/// Confluent's `references` (name, subject, version) over a real SQLite registry: a `$ref` equal to
/// a reference's name stands for that subject's version, for validation, the compatibility check,
/// `referencedby` and deletes, and the references are part of the schema's identity.
struct ConfluentReferencesTests {
    let client: ConfluentAPITests

    init() throws {
        client = try ConfluentAPITests()
    }

    static let addressV1 = #"{"type":"object","properties":{"street":{"type":"string"}},"required":["street"],"additionalProperties":false}"#
    /// Adds an optional property to a closed model: BACKWARD compatible.
    static let addressV2 = #"{"type":"object","properties":{"street":{"type":"string"},"city":{"type":"string"}},"required":["street"],"additionalProperties":false}"#
    /// Changes `street`'s type: breaks any reader of the earlier versions.
    static let addressNumbered = #"{"type":"object","properties":{"street":{"type":"integer"}},"required":["street"],"additionalProperties":false}"#
    static let order = #"{"type":"object","properties":{"orderId":{"type":"string"},"shipTo":{"$ref":"Address.json"}},"required":["orderId","shipTo"],"additionalProperties":false}"#

    func body(_ schema: String, references: [(name: String, subject: String, version: Int)]) -> JSONValue {
        .object(JSONObject(uniqueMembers: [
            ("schema", .string(schema)), ("schemaType", "JSON"),
            ("references", .array(references.map { ["name": .string($0.name), "subject": .string($0.subject), "version": .number(JSONNumber($0.version))] })),
        ]))
    }

    func register(_ subject: String, _ schema: String, references: [(name: String, subject: String, version: Int)] = []) -> JSONValue? {
        let result = client.send("POST", "/subjects/\(subject)/versions", body: body(schema, references: references))
        #expect(result.status == 200, "\(result.body.serialized())")
        return result.body["id"]
    }

    @Test func aReferenceByNameResolvesToTheSubjectsVersionAndIsReadBack() throws {
        _ = register("Address", Self.addressV1)
        let id = try #require(register("Order", Self.order, references: [("Address.json", "Address", 1)]))
        let expected: JSONValue = [["name": "Address.json", "subject": "Address", "version": 1]]
        let version = client.send("GET", "/subjects/Order/versions/1")
        #expect(version.body["references"] == expected)
        // The schema as registered: its `$ref` still names the reference.
        #expect(try JSONValue(parsing: try #require(version.body["schema"]?.string)) == JSONValue(parsing: Self.order))
        #expect(client.send("GET", "/schemas/ids/\(id)").body["references"] == expected)
        #expect(client.send("GET", "/schemas/ids/\(id)", ["subject": "Order"]).body["references"] == expected)
        // Idempotent, and found by a lookup only with the same references.
        #expect(register("Order", Self.order, references: [("Address.json", "Address", 1)]) == id)
        #expect(client.send("POST", "/subjects/Order", body: body(Self.order, references: [("Address.json", "Address", 1)])).body["id"] == id)
        client.expectError(client.send("POST", "/subjects/Order", body: body(Self.order, references: [])), 404, 40403)
        // A version without references leaves the list out, as Confluent does.
        #expect(client.send("GET", "/subjects/Address/versions/1").body["references"] == nil)
        // A fragment after the name points into the referenced schema.
        let street = #"{"type":"object","properties":{"street":{"$ref":"addr#/properties/street"}}}"#
        let streetID = try #require(register("Street", street, references: [("addr", "Address", 1)]))
        #expect(client.send("GET", "/schemas/ids/\(streetID)").body["references"] == [["name": "addr", "subject": "Address", "version": 1]])
        // The snapshot `strata --registry` reads keeps them: a remote check resolves them as the server does.
        let snapshot = try RegistrySnapshot(json: client.send("GET", "/strata/v1/snapshot").body)
        #expect(snapshot == (try client.api.registry.snapshot()))
        #expect(snapshot.versions.first { $0.eventType == "Street" }?.namedReferences == [SchemaReference(name: "addr", eventType: "Address", version: 1)])
    }

    @Test func theSameTextWithOtherReferencesIsAnotherSchema() throws {
        _ = register("Address", Self.addressV1)
        _ = register("Address", Self.addressV2)
        let first = try #require(register("Order", Self.order, references: [("Address.json", "Address", 1)]))
        let second = try #require(register("Order", Self.order, references: [("Address.json", "Address", 2)]))
        #expect(first != second)
        #expect(client.send("GET", "/subjects/Order/versions").body == [1, 2])
        // Without its references the `$ref` names nothing the registry has.
        client.expectError(client.send("POST", "/subjects/Order/versions", body: client.schemaBody(Self.order)), 422, 42201)
    }

    @Test func theCompatibilityCheckFollowsReferences() {
        _ = client.send("PUT", "/config/Address", body: ["compatibility": "NONE"])
        _ = register("Address", Self.addressV1)
        _ = register("Address", Self.addressNumbered)
        _ = register("Order", Self.order, references: [("Address.json", "Address", 1)])
        let verdict = client.send("POST", "/compatibility/subjects/Order/versions/latest", ["verbose": "true"],
                                  body: body(Self.order, references: [("Address.json", "Address", 2)]))
        #expect(verdict.body["is_compatible"] == false)
        #expect(verdict.body["messages"]?.array?.first?.string?.contains("/properties/shipTo") == true, "\(verdict.body.serialized())")
        client.expectError(client.send("POST", "/subjects/Order/versions", body: body(Self.order, references: [("Address.json", "Address", 2)])),
                           409, 40901)
    }

    @Test func referencedVersionsListTheirReferrersAndCannotBeDeleted() throws {
        _ = register("Address", Self.addressV1)
        let id = try #require(register("Order", Self.order, references: [("Address.json", "Address", 1)]))
        #expect(client.send("GET", "/subjects/Address/versions/1/referencedby").body == [id])
        client.expectError(client.send("DELETE", "/subjects/Address/versions/1"), 422, 42206)
        client.expectError(client.send("DELETE", "/subjects/Address"), 422, 42206)
        // Once the referrer is gone for good, the version can go.
        #expect(client.send("DELETE", "/subjects/Order/versions/1").status == 200)
        #expect(client.send("DELETE", "/subjects/Order/versions/1", ["permanent": "true"]).status == 200)
        #expect(client.send("DELETE", "/subjects/Address/versions/1").status == 200)
    }

    @Test func aReferenceToAVersionTheRegistryLacksIsRefusedAsConfluentRefusesIt() {
        _ = register("Address", Self.addressV1)
        client.expectError(client.send("POST", "/subjects/Order/versions", body: body(Self.order, references: [("Address.json", "Address", 9)])),
                           422, 42201, #"Invalid schema of type JSON, details: No schema reference found for subject "Address" and version 9"#)
        client.expectError(client.send("POST", "/subjects/Order/versions", body: body(Self.order, references: [("Address.json", "Nowhere", 1)])),
                           422, 42201, #"Invalid schema of type JSON, details: No schema reference found for subject "Nowhere" and version 1"#)
        // A soft-deleted version cannot be referenced by a new schema.
        _ = client.send("DELETE", "/subjects/Address/versions/1")
        client.expectError(client.send("POST", "/subjects/Order/versions", body: body(Self.order, references: [("Address.json", "Address", 1)])),
                           422, 42201)
        #expect(client.send("GET", "/subjects").body == [])
    }
}

import EventSchema
import Testing

struct TopologyAnnotationsTests {
    static let annotated: JSONValue = [
        "title": "OrderPlaced",
        "x-context": "Ordering",
        "x-producers": ["checkout"],
        "x-consumers": ["warehouse", "billing"],
        "type": "object",
        "properties": ["orderId": ["type": "string", "maxLength": 12]],
        "required": ["orderId"],
        "additionalProperties": false,
    ]

    /// `annotated` with its topology keywords replaced by `keywords` (none when empty).
    static func annotated(with keywords: JSONObject) -> JSONValue {
        var object = annotated.removingTopologyAnnotations.object!
        for (key, value) in keywords { object[key] = value }
        return .object(object)
    }

    @Test func readsTheThreeKeywords() throws {
        let annotations = try TopologyAnnotations(schema: Self.annotated, file: "s.json")
        #expect(annotations == TopologyAnnotations(context: "Ordering", producers: ["checkout"], consumers: ["warehouse", "billing"]))
        #expect(try TopologyAnnotations(schema: ["type": "object"]).isEmpty)
        #expect(try TopologyAnnotations(schema: true).isEmpty)
        // Only the top level counts: the keywords inside a subschema are someone else's.
        #expect(try TopologyAnnotations(schema: ["properties": ["a": ["x-consumers": 5]]]).isEmpty)
    }

    static let malformed: [(keywords: JSONObject, pointer: String, reason: String)] = [
        (["x-context": 5], "/x-context", "x-context must be a non-empty string, the bounded context's name"),
        (["x-context": ""], "/x-context", "x-context must be a non-empty string, the bounded context's name"),
        (["x-context": ["Ordering"]], "/x-context", "x-context must be a non-empty string, the bounded context's name"),
        (["x-consumers": "billing"], "/x-consumers", "x-consumers must be an array of service names, got string"),
        (["x-producers": ["a": "b"]], "/x-producers", "x-producers must be an array of service names, got object"),
        (["x-consumers": ["billing", ""]], "/x-consumers/1", "x-consumers must list service names as non-empty strings"),
        (["x-consumers": ["billing", 7]], "/x-consumers/1", "x-consumers must list service names as non-empty strings"),
        (["x-producers": [.null]], "/x-producers/0", "x-producers must list service names as non-empty strings"),
        (["x-consumers": ["billing", "analytics", "billing"]], "/x-consumers/2", "x-consumers lists \"billing\" twice"),
    ]

    @Test(arguments: malformed)
    func aMalformedKeywordIsATypedErrorNamingFileAndPointer(_ malformed: (keywords: JSONObject, pointer: String, reason: String)) {
        let expected = SchemaError.invalidKeyword(file: "Schemas/OrderPlaced/3.json", pointer: JSONPointer(malformed.pointer)!, reason: malformed.reason)
        #expect(throws: expected) {
            try TopologyAnnotations(schema: Self.annotated(with: malformed.keywords), file: "Schemas/OrderPlaced/3.json")
        }
    }

    @Test func theErrorReadsAsOneLineWithFileAndPointer() {
        let error = SchemaError.invalidKeyword(file: "Schemas/OrderPlaced/3.json", pointer: JSONPointer("/x-consumers/1")!,
                                               reason: "x-consumers must list service names as non-empty strings")
        #expect(error.description == "Schemas/OrderPlaced/3.json: #/x-consumers/1: x-consumers must list service names as non-empty strings")
    }

    @Test func theKeywordsDoNotChangeValidation() throws {
        let plain = try JSONSchema(Self.annotated.removingTopologyAnnotations)
        let annotated = try JSONSchema(Self.annotated)
        let instances: [JSONValue] = [["orderId": "ord_1"], ["orderId": "ord_0123456789abc"], ["orderId": 1], [:], ["orderId": "a", "x": 1],
                                      ["x-consumers": ["billing"]], "x-context"]
        for instance in instances {
            #expect(annotated.validate(instance) == plain.validate(instance), "\(instance)")
        }
        #expect(annotated.isValid(["orderId": "ord_1"]))
        #expect(!annotated.isValid(["orderId": "ord_1", "x-context": "Ordering"]))
    }

    @Test func theCompatibilityCheckerSeesNoDifferenceWhenOnlyTheKeywordsChange() throws {
        let changes: [JSONObject] = [
            [:],
            ["x-context": "Billing", "x-producers": ["checkout", "pos"], "x-consumers": ["analytics"]],
            ["x-consumers": []],
            // Unknown keywords are ignored by the diff too, as by Confluent's.
            ["x-consumers": ["billing"], "x-owner": "team-a", "somethingElse": ["any": 1]],
        ]
        for change in changes {
            let updated = Self.annotated(with: change)
            #expect(try SchemaDiff.compare(original: Self.annotated, updated: updated) == [], "\(change)")
            #expect(try SchemaDiff.compare(original: updated, updated: Self.annotated) == [], "\(change)")
        }
        // A real change beside them is still reported.
        var narrowed = Self.annotated(with: ["x-consumers": ["analytics"]]).object!
        narrowed["properties"] = ["orderId": ["type": "string", "maxLength": 10]]
        #expect(try SchemaDiff.compare(original: Self.annotated, updated: .object(narrowed)).map(\.kind) == [.maxLengthDecreased])
    }

    @Test func theSchemaIdentitySetsOnlyTheTopologyKeywordsAside() {
        let moved = Self.annotated(with: ["x-consumers": ["analytics"], "x-context": "Billing"])
        let bare = Self.annotated(with: [:])
        #expect(moved.schemaIdentity == Self.annotated.schemaIdentity)
        #expect(bare.schemaIdentity == Self.annotated.schemaIdentity)
        #expect(bare.schemaIdentity == bare.canonicalFingerprint)
        // The fingerprint stays the exact document's.
        #expect(moved.canonicalFingerprint != Self.annotated.canonicalFingerprint)
        // Any other change, an annotation or an unknown keyword included, is another schema.
        #expect(Self.annotated(with: ["description": "changed"]).schemaIdentity != Self.annotated.schemaIdentity)
        #expect(Self.annotated(with: ["x-owner": "team-a"]).schemaIdentity != Self.annotated.schemaIdentity)
        // Keywords of that name inside a subschema are part of the schema.
        var nested = Self.annotated.object!
        nested["properties"] = ["orderId": ["type": "string", "maxLength": 12, "x-context": "Ordering"]]
        #expect(JSONValue.object(nested).schemaIdentity != Self.annotated.schemaIdentity)
    }
}

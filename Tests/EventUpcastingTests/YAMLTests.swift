import EventSchema
import EventUpcasting
import Testing

struct YAMLTests {
    @Test func yamlReadsAsTheSameValueAsJSON() throws {
        let yaml = """
        type: object
        required: [orderId, total]
        properties:
          orderId: {type: string, pattern: "^ord_"}
          sequence: {type: integer, maximum: 9223372036854775807}
          price: {multipleOf: 0.01}
        """
        let json = #"{"type":"object","required":["orderId","total"],"properties":{"orderId":{"type":"string","pattern":"^ord_"},"sequence":{"type":"integer","maximum":9223372036854775807},"price":{"multipleOf":0.01}}}"#
        let fromYAML = try JSONValue(yaml: yaml)
        #expect(fromYAML == (try JSONValue(parsing: json)))
        #expect(fromYAML.canonicalFingerprint == (try JSONValue(parsing: json)).canonicalFingerprint)
        #expect(fromYAML.object?.keys == ["type", "required", "properties"])
    }

    @Test func scalarsFollowTheYAML12CoreSchema() throws {
        let value = try JSONValue(yaml: """
        country: NO
        answer: yes
        quoted: "123"
        date: 2024-05-01
        hex: 0x1F
        octal: 0o17
        big: 123456789012345678901234567890
        price: 199.990
        leading: +1.5e3
        nothing: ~
        empty:
        flag: true
        """)
        #expect(value["country"] == "NO")
        #expect(value["answer"] == "yes")
        #expect(value["quoted"] == "123")
        #expect(value["date"] == "2024-05-01")
        #expect(value["hex"] == 31)
        #expect(value["octal"] == 15)
        #expect(value["big"]?.number?.description == "123456789012345678901234567890")
        #expect(value["price"]?.number?.description == "199.990")
        #expect(value["leading"]?.number == JSONNumber(1500))
        #expect(value["nothing"] == .null)
        #expect(value["empty"] == .null)
        #expect(value["flag"] == true)
    }

    @Test func anchorsAndAliasesResolve() throws {
        let value = try JSONValue(yaml: """
        definitions:
          money: &money {type: object, required: [currency]}
        properties:
          total: *money
        """)
        #expect(value["properties"]?["total"] == value["definitions"]?["money"])
    }

    @Test(arguments: [
        ("data: !!binary aGVsbG8=", "has no JSON meaning"),
        ("at: !!timestamp 2024-05-01", "has no JSON meaning"),
        ("x: !custom 1", "has no JSON meaning"),
        ("x: .inf", "no JSON meaning"),
        ("x: .nan", "no JSON meaning"),
        ("? [a, b]\n: 1", "must be a scalar"),
        ("a: 1\na: 2", "duplicate"),
        ("a: [1, 2", "expected"),
    ])
    func yamlWithoutJSONMeaningIsAnError(_ yaml: String, _ reason: String) {
        #expect {
            try JSONValue(yaml: yaml, file: "upcaster.yaml")
        } throws: { error in
            guard case .malformedDocument(let file, let syntax)? = error as? SchemaError else { return false }
            return file == "upcaster.yaml" && syntax.reason.contains(reason) && syntax.line >= 1
        }
    }

    @Test func aliasBombsAreStoppedByTheNodeLimit() {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let previous = "*a\(level - 1)"
            yaml += "a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
        }
        #expect(throws: SchemaError.self) { try JSONValue(yaml: yaml, maximumNodes: 1_000_000) }
    }
}

import EventSchema
import EventUpcasting
import Foundation
import SchemaRegistry
import StrataTestSupport
import Testing

/// A small catalog in a temporary folder, linted with a configuration.
struct LintFixture {
    let directory: TemporaryDirectory

    /// A clean event, `Ordered` v1 by default: every convention kept, with one valid example.
    static func clean(_ properties: String = "") -> String {
        """
        {"type": "object", "description": "An order.", "additionalProperties": false, "required": ["orderId"],
         "properties": {
           "orderId": {"description": "Order id.", "type": "string", "pattern": "^ord_[0-9]+$"},
           "placedAt": {"description": "When.", "type": "string", "format": "date-time"}\(properties.isEmpty ? "" : ", " + properties)
         }}
        """
    }

    init(_ files: [String: String] = [:]) throws {
        directory = try TemporaryDirectory()
        for (path, contents) in files { try directory.write(path, contents) }
    }

    /// Writes `Schemas/<type>/<version>.json` and one valid example for it.
    func event(_ type: String, version: Int = 1, schema: String = LintFixture.clean(), example: String? = #"{"orderId": "ord_1"}"#) throws {
        try directory.write("Schemas/\(type)/\(version).json", schema)
        if let example { try directory.write("Schemas/\(type)/examples/v\(version)/typical.json", example) }
    }

    func lint(_ configuration: String? = nil) throws -> LintReport {
        let settings = try configuration.map { try LintConfiguration(bytes: Array($0.utf8), file: "lint.yaml") } ?? LintConfiguration()
        return try Linter(configuration: settings).lint(schemas: directory.path + "/Schemas", upcasters: directory.path + "/Upcasters")
    }

    /// The rule ids of the report's findings, in order.
    func rules(_ configuration: String? = nil) throws -> [String] {
        try lint(configuration).findings.map(\.rule)
    }
}

struct LintTests {
    @Test func aCleanEventHasNoFindings() throws {
        let fixture = try LintFixture()
        defer { fixture.directory.remove() }
        try fixture.event("OrderPlaced")
        #expect(try fixture.rules() == [])
    }

    @Test(arguments: [("OrderPlace", true), ("OrderPlaced", false), ("EmailSent", false), ("InvoicePay", true)])
    func pastTense(name: String, fires: Bool) throws {
        let fixture = try LintFixture()
        defer { fixture.directory.remove() }
        try fixture.event(name)
        #expect(try fixture.rules() == (fires ? ["event-name-past-tense"] : []))
    }

    @Test func pascalCase() throws {
        let fixture = try LintFixture()
        defer { fixture.directory.remove() }
        try fixture.event("order_placed")
        try fixture.event("orderShipped")
        let report = try fixture.lint()
        #expect(report.findings.map(\.rule) == ["event-name-pascal-case", "event-name-pascal-case"])
        #expect(report.findings.map(\.issue.eventType) == ["orderShipped", "order_placed"])
    }

    @Test func aFloatMoneyPropertyIsAnErrorAndIntegerMinorUnitsAreNot() throws {
        let fixture = try LintFixture()
        defer { fixture.directory.remove() }
        try fixture.event("OrderPlaced", schema: LintFixture.clean(#""totalAmount": {"description": "Total.", "type": "number"}"#))
        try fixture.event("OrderShipped", schema: LintFixture.clean(#""amount": {"description": "Cents.", "type": "integer"}"#))
        let report = try fixture.lint()
        #expect(report.findings.map(\.rule) == ["money-not-number"])
        #expect(report.findings.first?.severity == .error)
        #expect(report.findings.first?.issue.pointer == JSONPointer("/properties/totalAmount"))
        #expect(!report.passes)
    }

    @Test func aNumberInsideTheMoneySchemaIsAnErrorAndAReferenceToItIsNot() throws {
        let fixture = try LintFixture()
        defer { fixture.directory.remove() }
        try fixture.event("Money", schema: #"""
            {"type": "object", "additionalProperties": false, "properties": {"value": {"description": "Value.", "type": "number"}}}
            """#, example: #"{"value": 1.5}"#)
        try fixture.event("OrderPlaced", schema: LintFixture.clean(#""total": {"description": "Total.", "$ref": "../Money/1.json"}"#))
        let report = try fixture.lint()
        #expect(report.findings.map(\.rule) == ["money-not-number"])
        #expect(report.findings.first?.issue.eventType == "Money")
    }

    @Test func onlyTheLatestVersionIsLinted() throws {
        let fixture = try LintFixture()
        defer { fixture.directory.remove() }
        try fixture.event("OrderPlaced", version: 1, schema: LintFixture.clean(#""amount": {"type": "number"}"#))
        try fixture.event("OrderPlaced", version: 2)
        #expect(try fixture.rules() == [])
        try fixture.event("OrderPlaced", version: 3, schema: LintFixture.clean(#""amount": {"type": "number"}"#))
        #expect(try fixture.rules() == ["property-description", "money-not-number"])
    }

    @Test func aPropertyWithoutDescription() throws {
        let fixture = try LintFixture()
        defer { fixture.directory.remove() }
        try fixture.event("OrderPlaced", schema: LintFixture.clean(#""note": {"type": "string"}"#))
        let report = try fixture.lint()
        #expect(report.findings.map(\.rule) == ["property-description"])
        #expect(report.findings.first?.severity == .warning)
        #expect(report.passes)
    }

    @Test func anObjectThatDoesNotStateAdditionalProperties() throws {
        let fixture = try LintFixture()
        defer { fixture.directory.remove() }
        try fixture.event("OrderPlaced", schema: LintFixture.clean(#""address": {"description": "Where.", "type": "object", "properties": {}}"#))
        try fixture.event("OrderShipped", schema: LintFixture.clean(#""extras": {"description": "Open.", "type": "object", "additionalProperties": true}"#))
        let report = try fixture.lint()
        #expect(report.findings.map(\.rule) == ["additional-properties-stated"])
        #expect(report.findings.first?.issue.pointer == JSONPointer("/properties/address"))
    }

    @Test func identifiersAndTimestampsWithoutFormatOrPattern() throws {
        let fixture = try LintFixture()
        defer { fixture.directory.remove() }
        try fixture.event("OrderPlaced", schema: LintFixture.clean("""
            "customerId": {"description": "Who.", "type": "string"},
            "shippedAt": {"description": "When.", "type": "integer"},
            "paidAt": {"description": "When.", "type": "string"},
            "sellerId": {"description": "Seller.", "type": "string", "format": "uuid"}
            """))
        let report = try fixture.lint()
        #expect(report.findings.map(\.rule) == ["identifier-format", "timestamp-format", "timestamp-format"])
        #expect(report.findings.compactMap(\.issue.pointer?.description) == ["/properties/customerId", "/properties/shippedAt", "/properties/paidAt"])
        #expect(try fixture.rules("rules: {timestamp-format: {allow-integers: true}}") == ["identifier-format", "timestamp-format"])
    }

    @Test func aGapBetweenVersions() throws {
        let fixture = try LintFixture()
        defer { fixture.directory.remove() }
        try fixture.event("OrderPlaced", version: 1)
        try fixture.event("OrderPlaced", version: 3)
        let report = try fixture.lint()
        #expect(report.findings.map(\.rule) == ["versions-contiguous"])
        #expect(report.findings.first?.issue.message == "OrderPlaced has no version 2 before version 3")
        try fixture.event("OrderPlaced", version: 2)
        #expect(try fixture.rules() == [])
    }

    @Test func aVersionWithoutAValidExample() throws {
        let fixture = try LintFixture()
        defer { fixture.directory.remove() }
        try fixture.event("OrderPlaced", version: 1, example: nil)
        try fixture.event("OrderShipped", version: 1, example: nil)
        try fixture.directory.write("Schemas/OrderShipped/examples/v1/invalid-missing-id.json", "{}")
        try fixture.event("PaymentRefunded", version: 1, example: #"{"orderId": 7}"#)
        let report = try fixture.lint()
        #expect(report.findings.map(\.rule) == ["version-examples", "version-examples", "version-examples"])
        #expect(report.findings.map(\.issue.eventType) == ["OrderPlaced", "OrderShipped", "PaymentRefunded"])
    }

    @Test func anUpcasterWithoutAGoldenExample() throws {
        let fixture = try LintFixture()
        defer { fixture.directory.remove() }
        try fixture.event("OrderPlaced", version: 1)
        try fixture.event("OrderPlaced", version: 2)
        try fixture.directory.write("Upcasters/OrderPlaced/1-to-2.yaml", "steps:\n  - set: /placedAt\n    value: \"2024-01-01T00:00:00Z\"\n")
        let report = try fixture.lint()
        #expect(report.findings.map(\.rule) == ["upcaster-golden-examples"])
        #expect(report.findings.first?.issue.file.hasSuffix("Upcasters/OrderPlaced/1-to-2.yaml") == true)
        try fixture.directory.write("Schemas/OrderPlaced/examples/v1/typical.expected.json", #"{"orderId": "ord_1", "placedAt": "2024-01-01T00:00:00Z"}"#)
        #expect(try fixture.rules() == [])
    }

    @Test func envelopeFieldsAreOffByDefault() throws {
        let fixture = try LintFixture()
        defer { fixture.directory.remove() }
        try fixture.event("OrderPlaced")
        #expect(try fixture.rules() == [])
        let configuration = "rules:\n  envelope-fields:\n    enabled: true\n    fields: [orderId, placedAt, eventId]\n"
        let report = try fixture.lint(configuration)
        #expect(report.findings.map(\.issue.message) == ["envelope field \"placedAt\" is not required", "envelope field \"eventId\" is not a property"])
    }

    @Test func sharedSchemasAreExemptFromEventNameRules() throws {
        let fixture = try LintFixture()
        defer { fixture.directory.remove() }
        try fixture.event("Money")
        #expect(try fixture.rules() == ["event-name-past-tense"])
        #expect(try fixture.rules("shared-schemas: [Money]") == [])
        try fixture.event("OrderPlaced", schema: LintFixture.clean(#""total": {"description": "Total.", "$ref": "../Money/1.json"}"#))
        #expect(try fixture.rules() == [])
    }

    @Test func configurationDisablesChangesSeverityOptionsAndIgnores() throws {
        let fixture = try LintFixture()
        defer { fixture.directory.remove() }
        try fixture.event("OrderPlace", schema: LintFixture.clean(#""note": {"type": "string"}"#))
        #expect(try fixture.rules() == ["event-name-past-tense", "property-description"])
        #expect(try fixture.rules("rules:\n  event-name-past-tense:\n    enabled: false\n") == ["property-description"])
        #expect(try fixture.rules("rules:\n  event-name-past-tense:\n    exceptions: [OrderPlace]\n") == ["property-description"])
        #expect(try fixture.rules("rules:\n  event-name-past-tense:\n    endings: [Place]\n") == ["property-description"])
        #expect(try fixture.rules("rules:\n  property-description:\n    ignore: [\"OrderPlace#/properties/note\"]\n") == ["event-name-past-tense"])
        #expect(try fixture.rules("rules:\n  property-description:\n    ignore: [\"OrderPlace#/properties/other\"]\n") == ["event-name-past-tense", "property-description"])
        let raised = try fixture.lint("rules:\n  property-description:\n    severity: error\n  event-name-past-tense: {severity: warning}\n")
        #expect(raised.findings.map(\.severity) == [.warning, .error])
        #expect(try fixture.rules("# only comments\n\n") == ["event-name-past-tense", "property-description"])
    }

    @Test(arguments: [
        ("rules:\n  no-such-rule: {}\n", "/rules/no-such-rule", "unknown rule \"no-such-rule\""),
        ("rules:\n  money-not-number:\n    severity: fatal\n", "/rules/money-not-number/severity", "severity is error or warning"),
        ("rules:\n  money-not-number:\n    currencies: [EUR]\n", "/rules/money-not-number/currencies", "unknown option \"currencies\""),
        ("rules:\n  money-not-number:\n    names: amount\n", "/rules/money-not-number/names", "expected a list of strings"),
        ("rules:\n  timestamp-format:\n    allow-integers: [yes]\n", "/rules/timestamp-format/allow-integers", "allow-integers is true or false"),
        ("rules:\n  identifier-format:\n    ignore: [\"Order Placed\"]\n", "/rules/identifier-format/ignore/0", "an ignore entry"),
        ("colour: blue\n", "/colour", "unknown key \"colour\""),
        ("- rules\n", "", "the configuration is a mapping"),
    ])
    func badConfigurationNamesFileAndPointer(text: String, pointer: String, reason: String) throws {
        let error = #expect(throws: RegistryError.self) { try LintConfiguration(bytes: Array(text.utf8), file: ".strata/lint.yaml") }
        guard case .invalidLintConfiguration(let file, let found, let message)? = error else {
            Issue.record("expected an invalid lint configuration, got \(String(describing: error))")
            return
        }
        #expect(file == ".strata/lint.yaml")
        #expect(found == JSONPointer(pointer))
        #expect(message.hasPrefix(reason), "\(message)")
        #expect(error?.description.hasPrefix(".strata/lint.yaml: #\(pointer): ") == true)
    }

    @Test func malformedYAMLIsASchemaErrorWithTheFile() throws {
        let error = #expect(throws: RegistryError.self) { try LintConfiguration(bytes: Array("rules: [unclosed\n".utf8), file: "lint.yaml") }
        guard case .schema(let schemaError)? = error else {
            Issue.record("expected a schema error, got \(String(describing: error))")
            return
        }
        #expect(schemaError.description.hasPrefix("lint.yaml"))
    }

    @Test func theExampleDomainIsCleanUnderTheCommittedConfiguration() throws {
        let root = Conformance.packageRoot.path
        let configuration = try LintConfiguration(file: root + "/.strata/lint.yaml")
        let report = try Linter(configuration: configuration).lint(schemas: root + "/Schemas", upcasters: root + "/Upcasters")
        #expect(report.findings.map { "\($0.rule) \($0.issue.eventType)" } == [])
        #expect(report.typeCount == 5)
        // Without the configuration's documented exceptions, the history shows.
        let defaults = try Linter().lint(schemas: root + "/Schemas", upcasters: root + "/Upcasters")
        #expect(defaults.findings.map(\.rule).sorted() == ["identifier-format", "identifier-format", "timestamp-format"])
    }
}

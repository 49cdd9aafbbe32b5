import EventSchema
import Foundation
import StrataTestSupport
import Testing

/// Confluent Schema Registry's own JSON Schema diff fixtures, replayed against ``SchemaDiff``.
@Suite("Confluent JSON Schema compatibility")
struct ConfluentCompatibilityTests {
    static let folder = "confluent-json-schema"
    static let files = [
        "diff-schema-examples.json",
        "diff-schema-examples-2020-12.json",
        "diff-combined-schema-examples.json",
        "diff-combined-schema-examples-2020-12.json",
    ]

    /// Reads a fixture file, dropping the trailing commas some of them carry (Confluent parses
    /// them with a lenient parser).
    static func load(_ name: String) throws -> JSONValue {
        let url = Conformance.root.appendingPathComponent(folder).appendingPathComponent(name)
        let text = try String(contentsOf: url, encoding: .utf8)
        let strict = text.replacingOccurrences(of: #",(\s*[}\]])"#, with: "$1", options: .regularExpression)
        return try JSONValue(parsing: strict)
    }

    @Test("every case agrees with Confluent", .enabled(if: Conformance.isAvailable), arguments: files)
    func fixtures(file: String) throws {
        guard case .array(let cases) = try Self.load(file) else {
            Issue.record("\(file): not an array of cases")
            return
        }
        var agreeing = 0
        for testCase in cases {
            let description = testCase["description"]?.string ?? "?"
            guard let original = testCase["original_schema"], let updated = testCase["update_schema"] else {
                Issue.record("\(file): \(description): missing schema")
                continue
            }
            let expected = (testCase["changes"]?.array ?? []).compactMap(\.string)
            let compatible = testCase["compatible"]?.bool ?? false
            let compatibleLenient = testCase["compatible_lenient"]?.bool ?? compatible
            let differences: [SchemaDifference]
            do {
                differences = try SchemaDiff.compare(original: original, updated: updated)
            } catch {
                Issue.record("\(file): \(description): expected \(expected), got error \(error)")
                continue
            }
            let got = differences.map(\.description)
            let strict = differences.allSatisfy { $0.kind.isCompatible(under: .strict) }
            let lenient = differences.allSatisfy { $0.kind.isCompatible(under: .lenient) }
            var agrees = true
            if got.sorted() != expected.sorted() {
                Issue.record("\(file): \(description): expected \(expected), got \(got)")
                agrees = false
            }
            if strict != compatible {
                Issue.record("\(file): \(description): expected strict verdict \(compatible), got \(strict)")
                agrees = false
            }
            if lenient != compatibleLenient {
                Issue.record("\(file): \(description): expected lenient verdict \(compatibleLenient), got \(lenient)")
                agrees = false
            }
            if agrees { agreeing += 1 }
        }
        print("\(file): \(agreeing)/\(cases.count) cases agree")
        TotalCounter.shared.add(agreeing, of: cases.count)
    }

    @Test("a recursive schema compared with itself has no differences", .enabled(if: Conformance.isAvailable))
    func recursiveSchema() throws {
        let schema = try Conformance.load(Self.folder + "/recursive-schema.json")
        #expect(try SchemaDiff.compare(original: schema, updated: schema) == [])
    }

    @Test("references resolve across documents through the resolver")
    func crossDocumentReference() throws {
        let money = try JSONValue(parsing: #"{"type": "object", "properties": {"amount": {"type": "string", "maxLength": 10}}}"#)
        let moneyV2 = try JSONValue(parsing: #"{"type": "object", "properties": {"amount": {"type": "string", "maxLength": 5}}}"#)
        let original = try JSONValue(parsing: #"{"properties": {"total": {"$ref": "Money/1.json"}}}"#)
        let updated = try JSONValue(parsing: #"{"properties": {"total": {"$ref": "../Money/2.json"}}}"#)
        let resolver = InMemorySchemaResolver(documents: [
            "strata:///Money/1.json": money,
            "strata:///Money/2.json": moneyV2,
        ])
        let differences = try SchemaDiff.compare(
            original: original, updated: updated,
            originalBaseURI: "strata:///OrderPlaced.json", updatedBaseURI: "strata:///OrderPlaced/2.json",
            resolver: resolver)
        #expect(differences.map(\.description) == ["MAX_LENGTH_DECREASED #/properties/total/properties/amount/maxLength"])
        #expect(throws: SchemaError.self) {
            try SchemaDiff.compare(original: original, updated: original)
        }
    }

    @Test("anchors, $id and $defs resolve inside a document")
    func localReferences() throws {
        let original = try JSONValue(parsing: #"""
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://example.com/order",
             "properties": {"a": {"$ref": "#name"}, "b": {"$ref": "item"}},
             "$defs": {"name": {"$anchor": "name", "type": "string"}, "item": {"$id": "item", "type": "integer"}}}
            """#)
        let updated = try JSONValue(parsing: #"""
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://example.com/order",
             "properties": {"a": {"$ref": "#/$defs/name"}, "b": {"$ref": "#/$defs/item"}},
             "$defs": {"name": {"type": "string", "minLength": 1}, "item": {"type": "number"}}}
            """#)
        let differences = try SchemaDiff.compare(original: original, updated: updated)
        #expect(Set(differences.map(\.description)) == ["MIN_LENGTH_ADDED #/properties/a/minLength", "TYPE_EXTENDED #/properties/b"])
    }

    @Test("every kind explains itself")
    func explanations() {
        for kind in SchemaDifference.Kind.allCases {
            #expect(!kind.explanation.isEmpty)
            if kind.isCompatible(under: .strict) { #expect(kind.isCompatible(under: .lenient)) }
        }
    }
}

/// Adds up agreement over the parameterised fixture runs and prints the total once all are in.
final class TotalCounter: @unchecked Sendable {
    static let shared = TotalCounter()
    private let lock = NSLock()
    private var agreeing = 0
    private var total = 0
    private var files = 0

    func add(_ count: Int, of cases: Int) {
        lock.lock()
        defer { lock.unlock() }
        agreeing += count
        total += cases
        files += 1
        if files == ConfluentCompatibilityTests.files.count {
            print("total: \(agreeing)/\(total) cases agree")
        }
    }
}

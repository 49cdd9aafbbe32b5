import EventSchema
import EventUpcasting
import Foundation
import StrataTestSupport
import Testing

struct SchemaFolderTests {
    static let examples = Conformance.packageRoot.appendingPathComponent("Schemas").path

    @Test func exampleDomainExamplesBehaveAsNamed() throws {
        let folder = try SchemaFolder(root: Self.examples)
        #expect(folder.schemas.map { "\($0.eventType)/\($0.version)" } == [
            "CustomerRegistered/1", "CustomerRegistered/2", "Money/1", "OrderPlaced/1", "OrderPlaced/2", "OrderPlaced/3",
            "OrderShipped/1", "OrderShipped/2", "PaymentRefunded/1",
        ])
        let outcomes = try folder.checkExamples()
        #expect(outcomes.count > 50)
        for outcome in outcomes where !outcome.isAsExpected {
            Issue.record("\(outcome.example.path): \(outcome.example.expectsValid ? outcome.errors.map(\.description).joined(separator: "; ") : "accepted")")
        }
        #expect(outcomes.contains { !$0.example.expectsValid })
    }

    @Test func everyExampleVersionHasValidAndLatestHasInvalidExamples() throws {
        let folder = try SchemaFolder(root: Self.examples)
        for schema in folder.schemas {
            let examples = try folder.examples(of: schema)
            #expect(examples.filter(\.expectsValid).count >= 2, "\(schema.eventType) v\(schema.version)")
        }
    }

    @Test func int64SequencesInExamplesSurviveExactly() throws {
        let path = Self.examples + "/OrderPlaced/examples/v3/typical.json"
        let value = try DocumentReader().read(file: path)
        #expect(try value["sequence"]?.number?.int64() == 1234567890123456789)
    }

    @Test func versionGapIsALayoutError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("OrderPlaced/1.json", "{}")
        try directory.write("OrderPlaced/3.json", "{}")
        #expect(throws: UpcastingError.invalidFolderLayout(path: directory.path + "/OrderPlaced", reason: "OrderPlaced has no version 2 before version 3")) {
            try SchemaFolder(root: directory.path)
        }
    }

    @Test(arguments: ["Order Placed", "1Order", "Order$Placed"])
    func badEventTypeNamesAreLayoutErrors(_ name: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("\(name)/1.json", "{}")
        #expect(throws: UpcastingError.self) { try SchemaFolder(root: directory.path) }
    }

    @Test func badVersionFileNamesAreLayoutErrors() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("OrderPlaced/v1.json", "{}")
        #expect(throws: UpcastingError.self) { try SchemaFolder(root: directory.path) }
    }

    @Test func malformedSchemaNamesItsFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write("OrderPlaced/1.yaml", "type: [object\n")
        try directory.write("OrderPlaced/examples/v1/typical.json", "{}")
        #expect {
            try SchemaFolder(root: directory.path).checkExamples()
        } throws: { error in
            guard case .schema(.malformedDocument(let named, _))? = error as? UpcastingError else { return false }
            return named == file
        }
    }

    @Test func documentsLargerThanTheLimitAreRefusedWithoutReadingThemWhole() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write("big.json", "[" + String(repeating: "1,", count: 10_000) + "1]")
        #expect(throws: SchemaError.documentTooLarge(file: file, limit: 1_000)) {
            try DocumentReader(maximumBytes: 1_000).read(file: file)
        }
        #expect(throws: SchemaError.unreadableDocument(file: directory.path + "/missing.json", reason: "no such file")) {
            try DocumentReader().read(file: directory.path + "/missing.json")
        }
    }
}

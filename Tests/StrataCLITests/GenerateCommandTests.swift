import Foundation
import StrataTestSupport
import Testing

struct GenerateCommandTests {
    @Test func generatesTheExampleDomain() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let run = try StrataProcess.run(["generate", "swift", "--schemas", "Schemas", "--out", directory.path + "/Generated"])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.error.isEmpty)
        #expect(run.output == "wrote 7 files to \(directory.path)/Generated\n")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path + "/Generated").sorted()
        #expect(files == ["CustomerRegistered.swift", "Money.swift", "OrderPlaced.swift", "OrderShipped.swift", "PaymentRefunded.swift",
                          "StrataEventTypes.swift", "StrataShared.swift"])
    }

    @Test func warningsGoToStandardError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("Schemas/Odd/1.json", #"{"type": "object", "properties": {"code": {"type": "string", "not": {"const": ""}}}}"#)
        let run = try StrataProcess.run(["generate", "swift", "--schemas", "Schemas", "--out", "Generated"], in: directory.path)
        #expect(run.status == 0)
        #expect(run.error == "Schemas/Odd/1.json: warning: #/properties/code/not: `not` is not checked; the type accepts what the other keywords allow\n")
    }

    @Test func aBadSchemaFolderFailsInOneLine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("Schemas/Bad/1.json", #"{"type": "object", "properties": {"x": {"$ref": "../Nowhere/1.json"}}}"#)
        let run = try StrataProcess.run(["generate", "swift", "--schemas", "Schemas", "--out", "Generated"], in: directory.path)
        #expect(run.status == 65)
        #expect(run.error.split(separator: "\n").count == 1)
        #expect(run.error.hasPrefix("strata: "))
        #expect(run.error.contains("Bad/1.json"))
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/Generated"))
    }

    @Test func aMissingFolderAndBadUsageFail() throws {
        let missing = try StrataProcess.run(["generate", "swift", "--schemas", "NoSuchFolder", "--out", "/tmp/strata-never"])
        #expect(missing.status == 65)
        #expect(missing.error == "strata: NoSuchFolder: no such folder\n")
        let both = try StrataProcess.run(["generate", "swift", "--schemas", "Schemas", "--bundle", "Catalog", "--out", "x"])
        #expect(both.status == 64)
    }
}

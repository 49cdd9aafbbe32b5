import Foundation
import StrataTestSupport
import Testing

struct CheckCommandTests {
    /// A git repository holding a copy of the example domain, committed.
    func repository() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try FileManager.default.copyItem(atPath: Conformance.packageRoot.path + "/Schemas", toPath: directory.path + "/Schemas")
        #expect(try directory.commitAll(message: "schemas") == [0, 0, 0])
        return directory
    }

    func addBreakingVersion(to directory: TemporaryDirectory) throws {
        try FileManager.default.copyItem(atPath: Conformance.packageRoot.path + "/docs/examples/OrderShipped-3-breaking.json",
                                         toPath: directory.path + "/Schemas/OrderShipped/3.json")
    }

    @Test func unchangedFolderPassesAgainstGit() throws {
        let directory = try repository()
        defer { directory.remove() }
        let run = try StrataProcess.run(["check", "Schemas", "--against-git", "HEAD"], in: directory.path)
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.hasSuffix("9 schemas checked, 0 failing\n"))
    }

    @Test func breakingNewVersionFailsWithGitHubAnnotationsOnTheRightLines() throws {
        let directory = try repository()
        defer { directory.remove() }
        try addBreakingVersion(to: directory)
        let run = try StrataProcess.run(["check", "Schemas", "--against-git", "HEAD", "--format", "github"], in: directory.path)
        #expect(run.status == 1)
        let lines = run.output.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.contains { $0.hasPrefix("::error file=Schemas/OrderShipped/3.json,line=41,") && $0.contains("REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/weightGrams") })
        #expect(lines.contains { $0.hasPrefix("::error file=Schemas/OrderShipped/3.json,line=12,") })
    }

    @Test func theGitGateWorksOnARepositoryOutsideTheCurrentDirectory() throws {
        let directory = try repository()
        defer { directory.remove() }
        let elsewhere = try TemporaryDirectory()
        defer { elsewhere.remove() }
        let unchanged = try StrataProcess.run(["check", directory.path + "/Schemas", "--against-git", "HEAD"], in: elsewhere.path)
        #expect(unchanged.status == 0, "\(unchanged.error)")
        try addBreakingVersion(to: directory)
        let broken = try StrataProcess.run(["check", directory.path + "/Schemas", "--against-git", "HEAD"], in: elsewhere.path)
        #expect(broken.status == 1)
        #expect(broken.output.contains("BREAK OrderShipped v3"))
    }

    @Test func aChangedRegisteredVersionFails() throws {
        let directory = try repository()
        defer { directory.remove() }
        let file = directory.path + "/Schemas/Money/1.json"
        let text = try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(of: "\"^[A-Z]{3}$\"", with: "\"^[A-Z]{2,3}$\"")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let run = try StrataProcess.run(["check", "Schemas", "--against-git", "HEAD"], in: directory.path)
        #expect(run.status == 1)
        #expect(run.output.contains("BREAK Money v1 (Schemas/Money/1.json): changed after registration"))
    }

    @Test func checkAgainstTheRegistryAndOneFileWithJSONOutput() throws {
        let directory = try repository()
        defer { directory.remove() }
        for arguments in [["config", "OrderPlaced", "--mode", "NONE"], ["config", "CustomerRegistered", "--mode", "NONE"], ["sync", "Schemas"]] {
            #expect(try StrataProcess.run(arguments, in: directory.path).status == 0)
        }
        try addBreakingVersion(to: directory)
        let run = try StrataProcess.run(["check", "Schemas/OrderShipped/3.json", "--format", "json"], in: directory.path)
        #expect(run.status == 1)
        #expect(run.output.contains(#""outcome": "incompatible""#))
        #expect(!run.output.contains("Money"))
        #expect(try StrataProcess.run(["list"], in: directory.path).output.contains("OrderShipped: v1, v2  [BACKWARD, STRICT]"))
    }

    @Test func checkOfAMissingPathIsBadUsage() throws {
        let run = try StrataProcess.run(["check", "NoSuchFolder"])
        #expect(run.status == 64)
    }
}

struct DiffAndSyncCommandTests {
    @Test func diffPrintsEveryDifferenceAndExitsOneOnABreak() throws {
        let compatible = try StrataProcess.run(["diff", "Schemas/OrderShipped/1.json", "Schemas/OrderShipped/2.json"])
        #expect(compatible.status == 0)
        #expect(compatible.output.contains("ok    OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/estimatedDelivery"))
        let breaking = try StrataProcess.run(["diff", "Schemas/OrderShipped/2.json", "docs/examples/OrderShipped-3-breaking.json", "--format", "json"])
        #expect(breaking.status == 1)
        #expect(breaking.output.contains(#""compatible": false"#))
        let references = try StrataProcess.run(["diff", "Schemas/OrderPlaced/2.json", "Schemas/OrderPlaced/3.json"])
        #expect(references.status == 1)
        #expect(references.output.contains("#/properties/placedAt"))
    }

    @Test func syncRefusesTheExampleDomainUnderBackwardAndWritesNothing() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try FileManager.default.copyItem(atPath: Conformance.packageRoot.path + "/Schemas", toPath: directory.path + "/Schemas")
        let run = try StrataProcess.run(["sync", "Schemas"], in: directory.path)
        #expect(run.status == 1)
        #expect(run.error.contains("is not BACKWARD compatible"))
        #expect(try StrataProcess.run(["list"], in: directory.path).output.hasPrefix("no event types"))
    }
}

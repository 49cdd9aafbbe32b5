import Foundation
import StrataTestSupport
import Testing

struct RegistryCommandTests {
    /// A copy of the example domain in a temporary folder, with its own registry file.
    func workspace() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try FileManager.default.copyItem(atPath: Conformance.packageRoot.path + "/Schemas", toPath: directory.path + "/Schemas")
        return directory
    }

    @Test func registerListShowAndARefusedBreakingChange() throws {
        let directory = try workspace()
        defer { directory.remove() }
        let registered = try StrataProcess.run(["register", "Schemas/Money/1.json", "--type", "Money"], in: directory.path)
        #expect(registered.status == 0)
        #expect(registered.output == "registered Money v1 (schema id 1, BACKWARD)\n")
        #expect(FileManager.default.fileExists(atPath: directory.path + "/.strata/registry.sqlite"))
        let again = try StrataProcess.run(["register", "Schemas/Money/1.json", "--type", "Money"], in: directory.path)
        #expect(again.output == "Money v1 is already registered with this schema\n")

        try directory.write("money-v2.json", #"{"type": "object", "properties": {"minorUnits": {"type": "string"}, "currency": {"type": "string"}}, "required": ["minorUnits", "currency"]}"#)
        let refused = try StrataProcess.run(["register", "money-v2.json", "--type", "Money"], in: directory.path)
        #expect(refused.status == 1)
        #expect(refused.error.contains("Money v2 is not BACKWARD compatible"))
        #expect(refused.error.contains("#/properties/minorUnits"))

        let list = try StrataProcess.run(["list"], in: directory.path)
        #expect(list.output == "Money: v1  [BACKWARD, STRICT]\n")
        let show = try StrataProcess.run(["show", "Money", "1", "--format", "json"], in: directory.path)
        #expect(show.output.contains(#""fingerprint""#))
        #expect(show.output.contains(#""minorUnits""#))
    }

    @Test func registryLocationComesFromOptionThenEnvironment() throws {
        let directory = try workspace()
        defer { directory.remove() }
        let viaEnvironment = try StrataProcess.run(["register", "Schemas/Money/1.json", "--type", "Money"], in: directory.path,
                                                   environment: ["STRATA_DB": directory.path + "/env.sqlite"])
        #expect(viaEnvironment.status == 0)
        #expect(FileManager.default.fileExists(atPath: directory.path + "/env.sqlite"))
        let viaOption = try StrataProcess.run(["list", "--db", directory.path + "/env.sqlite"], in: directory.path)
        #expect(viaOption.output.hasPrefix("Money: v1"))
    }

    @Test func badInputIsOneLineAndNonZero() throws {
        let directory = try workspace()
        defer { directory.remove() }
        let badType = try StrataProcess.run(["register", "Schemas/Money/1.json", "--type", "Money Value"], in: directory.path)
        #expect(badType.status == 64)
        #expect(badType.error.split(separator: "\n").count == 1)
        let badMode = try StrataProcess.run(["config", "Money", "--mode", "SIDEWAYS"], in: directory.path)
        #expect(badMode.status == 64)
        try directory.write("junk.sqlite", String(repeating: "junk", count: 1000))
        let notSQLite = try StrataProcess.run(["list", "--db", "junk.sqlite"], in: directory.path)
        #expect(notSQLite.status == 65)
        #expect(notSQLite.error.hasPrefix("strata: junk.sqlite: not a Strata registry"))
        let dangling = try StrataProcess.run(["register", "Schemas/OrderPlaced/3.json", "--type", "OrderPlaced"], in: directory.path)
        #expect(dangling.status == 65)
        #expect(dangling.error.contains("../Money/1.json"))
        #expect(try StrataProcess.run(["list"], in: directory.path).output.hasPrefix("no event types"))
    }

    @Test func concurrentRegistrationsFromSeveralProcessesLoseAndDuplicateNothing() throws {
        let directory = try workspace()
        defer { directory.remove() }
        let writers = 8
        for writer in 0..<writers {
            try directory.write("thing-\(writer).json", #"{"type": "object", "description": "writer \#(writer)"}"#)
        }
        let outcomes = try (0..<writers).map { writer in
            try StrataProcess.start(["register", "thing-\(writer).json", "--type", "Thing", "--db", "shared.sqlite"], in: directory.path)
        }.map { try $0.wait() }
        for outcome in outcomes {
            #expect(outcome.status == 0, "\(outcome.error)")
            #expect(!outcome.error.contains("locked"))
        }
        let show = try StrataProcess.run(["show", "Thing", "--db", "shared.sqlite", "--format", "json"], in: directory.path)
        let versions = show.output.components(separatedBy: #""version": "#).count - 1
        #expect(versions == writers)
        let registered = Set(outcomes.map(\.output))
        #expect(registered.count == writers)
    }
}

import Foundation
import StrataTestSupport
import Testing

/// `strata --registry http://…` where no server answers: the failures a CI job must see in one
/// line with an exit code. Runs against a real strata-server are in scripts/remote-cli-test.sh.
struct RemoteRegistryCommandTests {
    /// A loopback port nothing listens on.
    static let nowhere = "http://127.0.0.1:1"

    @Test(arguments: [["list"], ["show", "Money"], ["check", "Schemas"], ["config"], ["bundle", "--out", "Catalog"],
                      ["sync", "Schemas"], ["register", "Schemas/Money/1.json", "--type", "Money"], ["config", "--mode", "NONE"]])
    func anUnreachableServerIsOneLineAndExit66(arguments: [String]) throws {
        let outcome = try StrataProcess.run(arguments + ["--registry", Self.nowhere])
        #expect(outcome.status == 66, "\(outcome.error)")
        #expect(outcome.error.hasPrefix("strata: \(Self.nowhere): cannot open the registry: cannot reach the server"), "\(outcome.error)")
        #expect(outcome.error.split(separator: "\n").count == 1)
    }

    @Test func theEnvironmentNamesTheServer() throws {
        let outcome = try StrataProcess.run(["list"], environment: ["STRATA_REGISTRY": Self.nowhere])
        #expect(outcome.status == 66)
        #expect(outcome.error.contains(Self.nowhere))
    }

    @Test func aMalformedFileFailsBeforeAnyRequest() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("broken.json", "{")
        let outcome = try StrataProcess.run(["register", "broken.json", "--type", "Money", "--registry", Self.nowhere], in: directory.path)
        #expect(outcome.status == 65, "\(outcome.error)")
    }

    @Test func deleteIsRefusedAgainstAServer() throws {
        let outcome = try StrataProcess.run(["delete", "Money", "1", "--registry", Self.nowhere])
        #expect(outcome.status == 73)
        #expect(outcome.error.contains("does not write to a server"))
    }
}

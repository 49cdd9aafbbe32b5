import Foundation
import StrataTestSupport
import Testing

struct LintCommandTests {
    /// A folder with one event type whose latest version breaks two conventions: a float money
    /// property (an error) and a property without a description (a warning).
    func failingCatalog() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.write("Schemas/OrderPlace/1.json", """
            {
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "amount": {"description": "Total.", "type": "number"},
                "note": {"type": "string"}
              }
            }
            """)
        try directory.write("Schemas/OrderPlace/examples/v1/typical.json", #"{"amount": 1.5}"#)
        return directory
    }

    @Test func theExampleDomainIsCleanUnderTheCommittedConfiguration() throws {
        let run = try StrataProcess.run(["lint", "Schemas"])
        #expect(run.status == 0, "\(run.output)\(run.error)")
        #expect(run.output == "5 types linted: 0 error(s), 0 warning(s)\n")
    }

    @Test func textFindingsNameFileLineRuleAndFix() throws {
        let directory = try failingCatalog()
        defer { directory.remove() }
        let run = try StrataProcess.run(["lint"], in: directory.path)
        #expect(run.status == 1)
        let lines = run.output.split(separator: "\n").map(String.init)
        try #require(lines.count == 4, "\(run.output)")
        #expect(lines[0].hasPrefix("Schemas/OrderPlace: error: [event-name-past-tense] OrderPlace: \"OrderPlace\" does not end in the past tense"))
        #expect(lines[1].hasPrefix("Schemas/OrderPlace/1.json:6: warning: [property-description] OrderPlace v1 #/properties/note: property \"note\" has no description. Fix: "))
        #expect(lines[2].hasPrefix("Schemas/OrderPlace/1.json:5: error: [money-not-number] OrderPlace v1 #/properties/amount: "))
        #expect(lines[3] == "1 types linted: 2 error(s), 1 warning(s)")
    }

    @Test func jsonReportsEveryFinding() throws {
        let directory = try failingCatalog()
        defer { directory.remove() }
        let run = try StrataProcess.run(["lint", "Schemas", "--format", "json"], in: directory.path)
        #expect(run.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        #expect(report["passed"] as? Bool == false)
        #expect(report["errors"] as? Int == 2)
        #expect(report["warnings"] as? Int == 1)
        let findings = try #require(report["findings"] as? [[String: Any]])
        let money = try #require(findings.first { $0["rule"] as? String == "money-not-number" })
        #expect(money["pointer"] as? String == "#/properties/amount")
        #expect(money["line"] as? Int == 5)
        #expect(money["file"] as? String == "Schemas/OrderPlace/1.json")
        #expect(money["version"] as? Int == 1)
        #expect(money["severity"] as? String == "error")
    }

    @Test func githubAnnotationsPerSeverity() throws {
        let directory = try failingCatalog()
        defer { directory.remove() }
        let run = try StrataProcess.run(["lint", "--format", "github"], in: directory.path)
        #expect(run.status == 1)
        let lines = run.output.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.contains { $0.hasPrefix("::warning file=Schemas/OrderPlace/1.json,line=6,title=strata lint property-description::") })
        #expect(lines.contains { $0.hasPrefix("::error file=Schemas/OrderPlace/1.json,line=5,title=strata lint money-not-number::") })
    }

    @Test func theConfigurationFileDecidesSeverity() throws {
        let directory = try failingCatalog()
        defer { directory.remove() }
        try directory.write(".strata/lint.yaml", """
            rules:
              event-name-past-tense: {exceptions: [OrderPlace]}
              money-not-number: {severity: warning}
            """)
        let run = try StrataProcess.run(["lint"], in: directory.path)
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.hasSuffix("1 types linted: 0 error(s), 2 warning(s)\n"))
        let explicit = try StrataProcess.run(["lint", "--config", directory.path + "/.strata/lint.yaml"])
        #expect(explicit.status == 0)
    }

    @Test func aBadConfigurationIsOneLineNamingFileAndPointer() throws {
        let directory = try failingCatalog()
        defer { directory.remove() }
        try directory.write(".strata/lint.yaml", "rules:\n  money-as-float: {}\n")
        let run = try StrataProcess.run(["lint"], in: directory.path)
        #expect(run.status == 65)
        #expect(run.output.isEmpty)
        #expect(run.error.hasPrefix("strata: .strata/lint.yaml: #/rules/money-as-float: unknown rule \"money-as-float\""))
        #expect(run.error.split(separator: "\n").count == 1)
        let missing = try StrataProcess.run(["lint", "--config", "no-such.yaml"], in: directory.path)
        #expect(missing.status == 66)
        let usage = try StrataProcess.run(["lint", "--format", "xml"], in: directory.path)
        #expect(usage.status == 64)
    }

    @Test func checkLintsWithTheConfigurationAndCountsFindings() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try FileManager.default.copyItem(atPath: Conformance.packageRoot.path + "/Schemas", toPath: directory.path + "/Schemas")
        #expect(try directory.commitAll(message: "schemas") == [0, 0, 0])
        // No configuration: check does not lint.
        let unlinted = try StrataProcess.run(["check", "Schemas", "--against-git", "HEAD"], in: directory.path)
        #expect(unlinted.status == 0)
        #expect(!unlinted.output.contains("types linted"))
        // The defaults find three warnings in the domain's history; warnings do not fail check.
        try directory.write(".strata/lint.yaml", "# defaults\n")
        let warned = try StrataProcess.run(["check", "Schemas", "--against-git", "HEAD"], in: directory.path)
        #expect(warned.status == 0, "\(warned.error)")
        #expect(warned.output.contains("9 schemas checked, 0 failing\n"))
        #expect(warned.output.hasSuffix("5 types linted: 0 error(s), 3 warning(s)\n"))
        // An error does.
        try directory.write(".strata/lint.yaml", "rules:\n  identifier-format: {severity: error}\n")
        let failed = try StrataProcess.run(["check", "Schemas", "--against-git", "HEAD", "--format", "json"], in: directory.path)
        #expect(failed.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(failed.output.utf8)) as? [String: Any])
        #expect(report["passed"] as? Bool == true)
        let lint = try #require(report["lint"] as? [String: Any])
        #expect(lint["errors"] as? Int == 2)
        #expect(lint["warnings"] as? Int == 1)
        let skipped = try StrataProcess.run(["check", "Schemas", "--against-git", "HEAD", "--no-lint"], in: directory.path)
        #expect(skipped.status == 0)
    }
}

import EventSchema
import Foundation
import StrataTestSupport
import Testing

/// `strata graph --topology`, and `strata check` naming the consumers a change affects.
struct TopologyCommandTests {
    /// A small folder: a context each for `shop` and `ledger`, a consumer outside any, an event
    /// type nobody consumes, and a shared type that states nothing.
    func fixture() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.write("S/Placed/1.json", #"{"x-context": "Sales", "x-producers": ["shop"], "x-consumers": ["mailer", "ledger"]}"#)
        try directory.write("S/Paid/1.json", #"{"x-context": "Money", "x-producers": ["ledger"], "x-consumers": ["shop"]}"#)
        try directory.write("S/Audited/1.json", #"{"x-producers": ["ledger"]}"#)
        try directory.write("S/Shared/1.json", #"{"type": "object"}"#)
        return directory
    }

    @Test func theFixtureAsMermaid() throws {
        let directory = try fixture()
        defer { directory.remove() }
        let run = try StrataProcess.run(["graph", "--topology", "--schemas", "S"], in: directory.path)
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output == """
            flowchart LR
              subgraph c1_Money["Money"]
                s1_ledger["ledger"]
              end
              subgraph c2_Sales["Sales"]
                s3_shop["shop"]
              end
              s2_mailer["mailer"]
              e1_Audited(["Audited"])
              s1_ledger -->|"Audited"| e1_Audited
              s1_ledger -->|"Paid"| s3_shop
              s3_shop -->|"Placed"| s1_ledger
              s3_shop -->|"Placed"| s2_mailer

            """)
    }

    @Test func theFixtureAsDot() throws {
        let directory = try fixture()
        defer { directory.remove() }
        let run = try StrataProcess.run(["graph", "--topology", "--schemas", "S", "--format", "dot"], in: directory.path)
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output == """
            digraph topology {
              rankdir=LR;
              node [shape=box];
              subgraph cluster_c1_Money {
                label="Money";
                s1_ledger [label="ledger"];
              }
              subgraph cluster_c2_Sales {
                label="Sales";
                s3_shop [label="shop"];
              }
              s2_mailer [label="mailer"];
              e1_Audited [label="Audited", shape=ellipse];
              s1_ledger -> e1_Audited [label="Audited"];
              s1_ledger -> s3_shop [label="Paid"];
              s3_shop -> s1_ledger [label="Placed"];
              s3_shop -> s2_mailer [label="Placed"];
            }

            """)
    }

    @Test func oneEventTypeOnly() throws {
        let directory = try fixture()
        defer { directory.remove() }
        let run = try StrataProcess.run(["graph", "Paid", "--topology", "--schemas", "S"], in: directory.path)
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains(#"s1_ledger -->|"Paid"| s2_shop"#))
        #expect(!run.output.contains("Placed") && !run.output.contains("mailer"))
    }

    /// Names from schema files that would end a label, a node, a group or a line.
    func hostileFixture() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.write("S/Evil/1.json", #"""
            {"x-context": "Ctx\"] end\nsubgraph x[", "x-producers": ["a\"b", "c]d"],
             "x-consumers": ["line1\nline2", "back\\slash\"", "#1 |pipe|; x&amp;y"]}
            """#)
        return directory
    }

    @Test func hostileNamesAreEscapedInMermaid() throws {
        let directory = try hostileFixture()
        defer { directory.remove() }
        let run = try StrataProcess.run(["graph", "--topology", "--schemas", "S"], in: directory.path)
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output == """
            flowchart LR
              subgraph c1_Ctxendsubgraphx["Ctx#34;#93; end#10;subgraph x#91;"]
                s2_ab["a#34;b"]
                s4_cd["c#93;d"]
              end
              s1_1pipexampy["#35;1 #124;pipe#124;#59; x#38;amp#59;y"]
              s3_backslash["back#92;slash#34;"]
              s5_line1line2["line1#10;line2"]
              s2_ab -->|"Evil"| s1_1pipexampy
              s2_ab -->|"Evil"| s3_backslash
              s2_ab -->|"Evil"| s5_line1line2
              s4_cd -->|"Evil"| s1_1pipexampy
              s4_cd -->|"Evil"| s3_backslash
              s4_cd -->|"Evil"| s5_line1line2

            """)
    }

    @Test func hostileNamesAreEscapedInDot() throws {
        let directory = try hostileFixture()
        defer { directory.remove() }
        let run = try StrataProcess.run(["graph", "--topology", "--schemas", "S", "--format", "dot"], in: directory.path)
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output == #"""
            digraph topology {
              rankdir=LR;
              node [shape=box];
              subgraph cluster_c1_Ctxendsubgraphx {
                label="Ctx\"] end\nsubgraph x[";
                s2_ab [label="a\"b"];
                s4_cd [label="c]d"];
              }
              s1_1pipexampy [label="#1 |pipe|; x&amp;amp;y"];
              s3_backslash [label="back\\slash\""];
              s5_line1line2 [label="line1\nline2"];
              s2_ab -> s1_1pipexampy [label="Evil"];
              s2_ab -> s3_backslash [label="Evil"];
              s2_ab -> s5_line1line2 [label="Evil"];
              s4_cd -> s1_1pipexampy [label="Evil"];
              s4_cd -> s3_backslash [label="Evil"];
              s4_cd -> s5_line1line2 [label="Evil"];
            }

            """#)
    }

    /// The fenced block of `language` in a document of the repository.
    func fencedBlock(_ language: String, in document: String) throws -> String {
        let text = try String(contentsOf: Conformance.packageRoot.appendingPathComponent(document), encoding: .utf8)
        guard let start = text.range(of: "```\(language)\n"), let end = text.range(of: "\n```", range: start.upperBound..<text.endIndex) else {
            Issue.record("\(document) has no \(language) block")
            return ""
        }
        return String(text[start.upperBound..<end.lowerBound])
    }

    @Test func theExampleDomainsPictureIsTheOneInTheREADME() throws {
        let run = try StrataProcess.run(["graph", "--topology"])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output == (try fencedBlock("mermaid", in: "README.md")) + "\n")
        #expect(run.output == (try fencedBlock("mermaid", in: "docs/topology.md")) + "\n")
        #expect(try StrataProcess.run(["graph", "--topology"]).output == run.output)
    }

    @Test func theExampleDomainAsDotIsTheOneInTheGuide() throws {
        let run = try StrataProcess.run(["graph", "--topology", "--format", "dot"])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output == (try fencedBlock("dot", in: "docs/topology.md")) + "\n")
    }

    @Test func aMalformedKeywordStopsTheGraphNamingFileAndPointer() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("S/Thing/1.json", #"{"x-consumers": "billing"}"#)
        let run = try StrataProcess.run(["graph", "--topology", "--schemas", "S"], in: directory.path)
        #expect(run.status == 65)
        #expect(run.error == "strata: S/Thing/1.json: #/x-consumers: x-consumers must be an array of service names, got string\n")
        #expect(run.output.isEmpty)
    }

    @Test func topologyWithVerifyIsBadUsage() throws {
        let run = try StrataProcess.run(["graph", "--topology", "--verify"])
        #expect(run.status == 64)
    }
}

/// `strata check` names the consumers each change it reports affects. The breaking OrderShipped v3
/// that `addBreakingVersion(to:)` adds states no keywords: v2's consumers stay the truth.
extension CheckCommandTests {
    @Test func aBreakingChangeNamesItsConsumersInText() throws {
        let directory = try repository()
        defer { directory.remove() }
        try addBreakingVersion(to: directory)
        let run = try StrataProcess.run(["check", "Schemas", "--against-git", "HEAD"], in: directory.path)
        #expect(run.status == 1)
        let lines = run.output.split(separator: "\n").map(String.init)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("BREAK OrderShipped v3") }) else {
            Issue.record("no BREAK line: \(run.output)")
            return
        }
        let block = lines[(start + 1)...].prefix { $0.hasPrefix("  ") }
        #expect(block.last == "  affects: analytics, notifications")
        // Unchanged versions name nobody.
        #expect(lines.filter { $0.hasPrefix("  affects:") }.count == 1)
    }

    @Test func aBreakingChangeNamesItsConsumersInJSONAndAnnotations() throws {
        let directory = try repository()
        defer { directory.remove() }
        try addBreakingVersion(to: directory)
        let json = try StrataProcess.run(["check", "Schemas", "--against-git", "HEAD", "--format", "json"], in: directory.path)
        #expect(json.status == 1)
        let schemas = try JSONValue(parsing: json.output)["schemas"]?.array ?? []
        let shipped = schemas.first { $0["eventType"] == "OrderShipped" && $0["version"] == 3 }
        #expect(shipped?["affects"] == ["analytics", "notifications"])
        #expect(schemas.first { $0["eventType"] == "OrderPlaced" && $0["version"] == 3 }?["affects"] == nil)
        let github = try StrataProcess.run(["check", "Schemas", "--against-git", "HEAD", "--format", "github"], in: directory.path)
        let annotations = github.output.split(separator: "\n").filter { $0.hasPrefix("::error") }
        #expect(annotations.count == 2)
        #expect(annotations.allSatisfy { $0.hasSuffix(" (affects: analytics, notifications)") })
    }

    @Test func aCompatibleNewVersionNamesItsConsumersToo() throws {
        let directory = try repository()
        defer { directory.remove() }
        let v3 = try String(contentsOfFile: directory.path + "/Schemas/OrderPlaced/3.json", encoding: .utf8)
        try directory.write("Schemas/OrderPlaced/4.json", v3.replacingOccurrences(of: #""x-consumers": ["analytics", "billing", "notifications", "warehouse"]"#,
                                                                                   with: #""x-consumers": ["billing", "fraud"]"#))
        let run = try StrataProcess.run(["check", "Schemas", "--against-git", "HEAD"], in: directory.path)
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("ok    OrderPlaced v4 (Schemas/OrderPlaced/4.json): new, BACKWARD compatible\n  affects: billing, fraud\n"))
    }

    @Test func changingOnlyTheKeywordsOfARegisteredVersionPasses() throws {
        let directory = try repository()
        defer { directory.remove() }
        let file = directory.path + "/Schemas/OrderShipped/2.json"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let changed = text.replacingOccurrences(of: #""x-consumers": ["analytics", "notifications"]"#, with: #""x-consumers": ["analytics", "billing", "notifications"]"#)
        #expect(changed != text)
        try changed.write(toFile: file, atomically: true, encoding: .utf8)
        let run = try StrataProcess.run(["check", "Schemas", "--against-git", "HEAD"], in: directory.path)
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("ok    OrderShipped v2 (Schemas/OrderShipped/2.json): unchanged\n"))
        // Against the registry too, and sync registers nothing new.
        for arguments in [["config", "OrderPlaced", "--mode", "NONE"], ["config", "CustomerRegistered", "--mode", "NONE"], ["sync", "Schemas"]] {
            #expect(try StrataProcess.run(arguments, in: directory.path).status == 0)
        }
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let again = try StrataProcess.run(["sync", "Schemas"], in: directory.path)
        #expect(again.status == 0, "\(again.error)")
        #expect(again.output.hasSuffix("0 new, 9 unchanged\n"))
        #expect(try StrataProcess.run(["check", "Schemas"], in: directory.path).status == 0)
    }

    @Test func aMalformedKeywordIsAnErrorLineAndExit65() throws {
        let directory = try repository()
        defer { directory.remove() }
        let file = directory.path + "/Schemas/PaymentRefunded/1.json"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try text.replacingOccurrences(of: #""x-context": "Billing""#, with: #""x-context": ["Billing"]"#).write(toFile: file, atomically: true, encoding: .utf8)
        let run = try StrataProcess.run(["check", "Schemas", "--against-git", "HEAD"], in: directory.path)
        #expect(run.status == 65)
        #expect(run.output.contains("ERROR PaymentRefunded v1 (Schemas/PaymentRefunded/1.json): Schemas/PaymentRefunded/1.json: #/x-context: x-context must be a non-empty string, the bounded context's name\n"))
    }
}

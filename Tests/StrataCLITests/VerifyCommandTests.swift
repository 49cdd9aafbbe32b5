import Foundation
import StrataTestSupport
import Testing

struct VerifyCommandTests {
    @Test func theExampleDomainsDeclarativeChainsVerify() throws {
        let run = try StrataProcess.run(["verify"])
        #expect(run.status == 0, "\(run.error)")
        let lines = run.output.split(separator: "\n").map(String.init)
        #expect(lines.contains("ok   OrderPlaced v1 → OrderPlaced v3 (1-to-2.yaml, 2-to-3.yaml)"))
        #expect(lines.contains("     generated: 200 payloads upcast and valid"))
        #expect(lines.contains("     golden: 4/4 examples"))
        #expect(lines.contains { $0.hasPrefix("skip CustomerRegistered: v1 names the Swift upcaster splitName") })
        // OrderShipped v1 has no upcaster: v2 is BACKWARD compatible with it, so it reads unchanged.
        #expect(lines.contains("ok   OrderShipped v1 → OrderShipped v2 (1-to-2: compatible, no upcaster)"))
        // The downcaster 3-to-2, towards v2.
        #expect(lines.contains("ok   OrderPlaced v3 → OrderPlaced v2 (3-to-2.yaml)"))
        #expect(lines.last == "4 chain(s) verified")
    }

    /// A folder whose v2 requires `flag`, with an upcaster that forgets to set it.
    func brokenFolder(_ directory: TemporaryDirectory) throws {
        try directory.write("Schemas/Toy/1.json", #"{"type": "object", "required": ["amount"], "properties": {"amount": {"type": "integer"}}}"#)
        try directory.write("Schemas/Toy/2.json", #"{"type": "object", "required": ["amount", "flag"], "properties": {"amount": {"type": "integer"}, "flag": {"type": "boolean"}}}"#)
        try directory.write("Upcasters/Toy/1-to-2.yaml", "steps:\n  - remove: /old\n")
    }

    @Test func aForgottenDefaultFailsWithACounterexampleInEveryFormat() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try brokenFolder(directory)
        let text = try StrataProcess.run(["verify", "Toy"], in: directory.path)
        #expect(text.status == 1)
        #expect(text.output.contains("FAIL Toy v1 → Toy v2 (1-to-2.yaml)"))
        #expect(text.output.contains("REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL #/properties/flag"))
        #expect(text.output.contains(#"generated: counterexample {"amount":0}"#))
        let json = try StrataProcess.run(["verify", "--format", "json"], in: directory.path)
        #expect(json.status == 1)
        #expect(json.output.contains(#""verdict": "failed""#))
        let github = try StrataProcess.run(["verify", "--format", "github"], in: directory.path)
        #expect(github.output.hasPrefix("::error file=Upcasters/Toy/1-to-2.yaml,title=upcaster does not bridge::Toy v1 does not reach Toy v2"))
    }

    /// `remove: /o/*` empties `o`: verify proves it bridges to a `v2` whose `o` is empty, on the
    /// schemas and by example, and catches it as a wrong bridge to a `v2` that keeps `o/a`.
    @Test func removingEveryMemberIsProvedWhereItBridgesAndCaughtWhereItDoesNot() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("Schemas/Bag/1.json", """
            {"type": "object", "required": ["o", "keep"], "additionalProperties": false, "properties": {
             "o": {"type": "object", "required": ["a"], "additionalProperties": false, "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}}},
             "keep": {"type": "integer"}}}
            """)
        try directory.write("Schemas/Bag/2.json", """
            {"type": "object", "required": ["o", "keep"], "additionalProperties": false, "properties": {
             "o": {"type": "object", "additionalProperties": false}, "keep": {"type": "integer"}}}
            """)
        try directory.write("Upcasters/Bag/1-to-2.yaml", "steps:\n  - remove: /o/*\n")
        let bridged = try StrataProcess.run(["verify", "Bag"], in: directory.path)
        #expect(bridged.status == 0, "\(bridged.output)\(bridged.error)")
        let lines = bridged.output.split(separator: "\n").map(String.init)
        #expect(lines.first == "ok   Bag v1 → Bag v2 (1-to-2.yaml)")
        #expect(lines.contains { $0.hasPrefix("     symbolic: bridged") }, "\(bridged.output)")
        #expect(lines.contains("     generated: 200 payloads upcast and valid"))
        // A v2 that still requires o/a: the removal does not bridge it, and both methods say so.
        try directory.write("Schemas/Bag/2.json", """
            {"type": "object", "required": ["o", "keep"], "additionalProperties": false, "properties": {
             "o": {"type": "object", "required": ["a"], "additionalProperties": false, "properties": {"a": {"type": "integer"}}}, "keep": {"type": "integer"}}}
            """)
        let broken = try StrataProcess.run(["verify", "Bag"], in: directory.path)
        #expect(broken.status == 1)
        #expect(broken.output.contains("FAIL Bag v1 → Bag v2 (1-to-2.yaml)"))
        #expect(broken.output.contains("breaking difference(s) remain:") && broken.output.contains("#/properties/o/properties/a"), "\(broken.output)")
        #expect(broken.output.contains(#"generated: counterexample {"o":{"a":0},"keep":0}"#), "\(broken.output)")
        #expect(broken.output.contains(#"Bag v2 at #/o: required property "a" is missing"#), "\(broken.output)")
    }

    @Test func checkCountsABridgeAsCompatibleAndFailsABrokenOne() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try brokenFolder(directory)
        let broken = try StrataProcess.run(["check", "Schemas", "--db", "r.sqlite"], in: directory.path)
        #expect(broken.status == 1)
        #expect(broken.output.contains("BREAK Toy v2 (Schemas/Toy/2.json): new, not BACKWARD compatible (STRICT)"))
        try directory.write("Upcasters/Toy/1-to-2.yaml", "steps:\n  - set: /flag\n    value: false\n")
        let bridged = try StrataProcess.run(["check", "Schemas", "--db", "r.sqlite"], in: directory.path)
        #expect(bridged.status == 0, "\(bridged.output)\(bridged.error)")
        #expect(bridged.output.contains("ok    Toy v2 (Schemas/Toy/2.json): new, BACKWARD compatible through upcasters (Upcasters/Toy/1-to-2.yaml), which bridge:"))
    }

    @Test func anUnknownTypeIsAnErrorAndATypeWithOneVersionSaysSo() throws {
        let unknown = try StrataProcess.run(["verify", "NoSuchType"])
        #expect(unknown.status == 65)
        #expect(unknown.error == "strata: Schemas: has no event type NoSuchType\n")
        let none = try StrataProcess.run(["verify", "PaymentRefunded"])
        #expect(none.status == 0)
        #expect(none.output == "no upcasters, so no chains to verify\n")
    }

    @Test func aVersionWithoutUpcasterIsVerifiedAsReadUnchangedByItsCompatibleSuccessor() throws {
        let run = try StrataProcess.run(["verify", "OrderShipped"])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output == """
            ok   OrderShipped v1 → OrderShipped v2 (1-to-2: compatible, no upcaster)
                 symbolic: compatible
                 generated: 200 payloads upcast and valid
                 golden: 3/3 examples
            1 chain(s) verified

            """)
    }

    @Test func aVersionWithoutUpcasterWhoseSuccessorBreaksItFailsNamingTheMissingFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("Schemas/Toy/1.json", #"{"type": "object", "properties": {"amount": {"type": "integer"}}, "required": ["amount"]}"#)
        try directory.write("Schemas/Toy/2.json", #"{"type": "object", "properties": {"amount": {"type": "string"}}, "required": ["amount"]}"#)
        try directory.write("Upcasters/.keep", "")
        let run = try StrataProcess.run(["verify"], in: directory.path)
        #expect(run.status == 1, "\(run.error)")
        #expect(run.output.contains("FAIL Toy v1 → v2 (no upcaster)"))
        #expect(run.output.contains("not BACKWARD compatible (STRICT); add Toy/1-to-2.yaml:"))
        #expect(run.output.contains("TYPE_CHANGED #/properties/amount"))
        let github = try StrataProcess.run(["verify", "--format", "github"], in: directory.path)
        #expect(github.status == 1)
        #expect(github.output.hasPrefix("::error title=no upcaster::Toy: no upcaster from v1, and v2 is not BACKWARD compatible with it (STRICT)"))
        // Reading v1 fails at load, before any line, naming the differences and the file to add.
        try directory.write("in.jsonl", #"{"amount": 1}"# + "\n")
        let upcast = try StrataProcess.run(["upcast", "in.jsonl", "--type", "Toy", "--from", "1"], in: directory.path)
        #expect(upcast.status == 65)
        #expect(upcast.error.contains("Toy: no upcaster from v1, and v2 is not BACKWARD compatible with it (STRICT): TYPE_CHANGED #/properties/amount; add an upcaster Toy/1-to-2.yaml"), "\(upcast.error)")
        #expect(upcast.output.isEmpty)
    }

    @Test func theGraphDrawsACompatibleEdgeForAVersionWithoutUpcaster() throws {
        let run = try StrataProcess.run(["graph", "OrderShipped"])
        #expect(run.status == 0)
        #expect(run.output.contains(#"OrderShipped_v1 -->|"1-to-2 (compatible)"| OrderShipped_v2"#))
    }

    @Test func theGraphDrawsVersionsAndUpcasterEdges() throws {
        let mermaid = try StrataProcess.run(["graph", "OrderPlaced", "--verify"])
        #expect(mermaid.status == 0)
        #expect(mermaid.output.contains(#"OrderPlaced_v1 -->|"1-to-2 (declarative), bridges"| OrderPlaced_v2"#))
        let dot = try StrataProcess.run(["graph", "--format", "dot"])
        #expect(dot.output.contains(#"CustomerRegistered_v1 -> CustomerRegistered_v2 [label="1-to-2 (swift: splitName)"];"#))
    }
}

struct BridgedRegisterCommandTests {
    @Test func registerAcceptsABridgedVersionAndRefusesABrokenBridgeWithACounterexample() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("Schemas/Toy/1.json", #"{"type": "object", "required": ["amount"], "properties": {"amount": {"type": "integer"}}}"#)
        try directory.write("Schemas/Toy/2.json", #"{"type": "object", "required": ["amount", "flag"], "properties": {"amount": {"type": "integer"}, "flag": {"type": "boolean"}}}"#)
        try directory.write("Upcasters/Toy/1-to-2.yaml", "steps:\n  - remove: /old\n")
        #expect(try StrataProcess.run(["register", "Schemas/Toy/1.json", "--type", "Toy", "--db", "r.sqlite"], in: directory.path).status == 0)
        let refused = try StrataProcess.run(["register", "Schemas/Toy/2.json", "--type", "Toy", "--db", "r.sqlite"], in: directory.path)
        #expect(refused.status == 1)
        #expect(refused.error.contains("upcasters from v1 (1-to-2.yaml): do not bridge it"))
        #expect(refused.error.contains(#"counterexample: {"amount":0} → Toy v2 at #: required property "flag" is missing"#))
        try directory.write("Upcasters/Toy/1-to-2.yaml", "steps:\n  - set: /flag\n    value: false\n")
        let accepted = try StrataProcess.run(["register", "Schemas/Toy/2.json", "--type", "Toy", "--db", "r.sqlite"], in: directory.path)
        #expect(accepted.status == 0, "\(accepted.error)")
        #expect(accepted.output.hasPrefix("registered Toy v2"))
        #expect(accepted.output.contains("Toy v2 is BACKWARD compatible through upcasters, which bridge:"))
        // The upcaster that justified it is registered with it.
        let shown = try StrataProcess.run(["show", "Toy", "--db", "r.sqlite"], in: directory.path)
        #expect(shown.output.contains("upcaster v1 -> v2"), "\(shown.output)")
    }
}

import Foundation
import StrataTestSupport
import Testing

/// `strata upcast --to` an older version, and `verify`, `graph` and `check` with downcasters.
struct DowncastCommandTests {
    static let root = Conformance.packageRoot.path

    /// The example's v3 golden examples, on one line each, downcast to their pinned v2 forms.
    @Test func upcastFrom3To2GivesThePinnedV2Forms() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let names = ["typical", "big-sequence", "placed-at-with-offset"]
        /// The pretty-printed file on one line, compact, its text (big integers included) as written.
        func line(_ path: String) throws -> String {
            try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
                .map { $0.trimmingCharacters(in: .whitespaces) }.joined().replacingOccurrences(of: "\": ", with: "\":")
        }
        let input = try directory.write("v3.jsonl", try names.map { try line(Self.root + "/Schemas/OrderPlaced/examples/v3/\($0).json") }.joined(separator: "\n") + "\n")
        let run = try StrataProcess.run(["upcast", input, "--type", "OrderPlaced", "--from", "3", "--to", "2", "--validate"])
        #expect(run.status == 0, "\(run.error)")
        let expected = try names.map { try line(Self.root + "/Schemas/OrderPlaced/examples/v3/\($0).v2.expected.json") }
        #expect(run.output.split(separator: "\n").map(String.init) == expected)
        #expect(run.output.contains(#""placedAt":1718042701,"sequence":1234567890123456789}"#))
    }

    @Test func downcastingPastTheLastDowncasterStopsBeforeReading() throws {
        let run = try StrataProcess.run(["upcast", "--type", "OrderPlaced", "--from", "3", "--to", "1"])
        #expect(run.status == 65)
        #expect(run.error == "strata: OrderPlaced: no downcaster from v2, so v3 events cannot be read as v1; add OrderPlaced/2-to-1.yaml\n")
    }

    /// Toy v1 has `at` as unix seconds up to `maximum`, v2 as a date-time; 1-to-2 upcasts it and
    /// 2-to-1 (when `downcaster`) takes it back.
    func toyFolder(_ directory: TemporaryDirectory, maximum: Int64 = 253_402_300_799, downcaster: Bool = true) throws {
        try directory.write("Schemas/Toy/1.json", #"""
            {"type": "object", "required": ["at"], "additionalProperties": false,
             "properties": {"at": {"type": "integer", "minimum": 0, "maximum": \#(maximum)}}}
            """#)
        try directory.write("Schemas/Toy/2.json", #"""
            {"type": "object", "required": ["at"], "additionalProperties": false,
             "properties": {"at": {"type": "string", "format": "date-time"}}}
            """#)
        try directory.write("Upcasters/Toy/1-to-2.yaml", "steps:\n  - convert: /at\n    with: unix-seconds-to-rfc3339\n")
        if downcaster { try directory.write("Upcasters/Toy/2-to-1.yaml", "steps:\n  - convert: /at\n    with: rfc3339-to-whole-unix-seconds\n") }
    }

    @Test func verifyProvesTheExampleDowncasterWithItsGoldenForms() throws {
        let run = try StrataProcess.run(["verify", "OrderPlaced"])
        #expect(run.status == 0, "\(run.output)\(run.error)")
        let lines = run.output.split(separator: "\n").map(String.init)
        let start = try #require(lines.firstIndex(of: "ok   OrderPlaced v3 → OrderPlaced v2 (3-to-2.yaml)"), "\(run.output)")
        #expect(lines[start + 2] == "     generated: 200 payloads downcast and valid")
        #expect(lines[start + 3] == "     golden: 4/4 examples")
    }

    /// A downcaster whose output the older schema refuses (v1 ends in 2001, v2 dates do not) fails
    /// verification, exit 1, with the counterexample and its pointer; a wrong pinned form fails too.
    @Test func verifyCatchesAnInvalidDowncasterWithThePointer() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try toyFolder(directory, maximum: 1_000_000_000)
        let run = try StrataProcess.run(["verify", "Toy"], in: directory.path)
        #expect(run.status == 1, "\(run.output)\(run.error)")
        #expect(run.output.contains("FAIL Toy v2 → Toy v1 (2-to-1.yaml)"), "\(run.output)")
        #expect(run.output.contains("Toy v1 at #/at: "), "\(run.output)")
        #expect(run.output.contains("ok   Toy v1 → Toy v2 (1-to-2.yaml)"), "\(run.output)")

        let pinned = try TemporaryDirectory()
        defer { pinned.remove() }
        try toyFolder(pinned)
        try pinned.write("Schemas/Toy/examples/v2/noon.json", #"{"at": "2024-06-10T12:00:00.5Z"}"#)
        try pinned.write("Schemas/Toy/examples/v2/noon.v1.expected.json", #"{"at": 1718020801}"#)
        let wrong = try StrataProcess.run(["verify", "Toy"], in: pinned.path)
        #expect(wrong.status == 1)
        #expect(wrong.output.contains(#"downcasts to {"at":1718020800}, not the pinned "#), "\(wrong.output)")
        try pinned.write("Schemas/Toy/examples/v2/noon.v1.expected.json", #"{"at": 1718020800}"#)
        #expect(try StrataProcess.run(["verify", "Toy"], in: pinned.path).status == 0)
    }

    @Test func graphDrawsDowncastEdges() throws {
        let run = try StrataProcess.run(["graph", "OrderPlaced", "--verify"])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains(#"OrderPlaced_v3 -->|"3-to-2 (downcast, declarative), bridges"| OrderPlaced_v2"#), "\(run.output)")
        #expect(run.output.contains(#"OrderPlaced_v2 -->|"2-to-3 (declarative), bridges"| OrderPlaced_v3"#), "\(run.output)")
        let dot = try StrataProcess.run(["graph", "OrderPlaced", "--format", "dot"])
        #expect(dot.output.contains(#"OrderPlaced_v3 -> OrderPlaced_v2 [label="3-to-2 (downcast, declarative)"];"#), "\(dot.output)")
    }

    /// In FORWARD mode, v2 breaks v1 readers; the downcaster bridges it and check passes saying
    /// so; without it, check fails.
    @Test(arguments: ["FORWARD", "FULL_TRANSITIVE"])
    func checkInForwardModesCountsADowncasterBridgeAsCompatible(_ mode: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try toyFolder(directory)
        try FileManager.default.removeItem(atPath: directory.path + "/Schemas/Toy/2.json")
        #expect(try directory.commitAll(message: "v1") == [0, 0, 0])
        try toyFolder(directory)
        let bridged = try StrataProcess.run(["check", "Schemas", "--against-git", "HEAD", "--mode", mode], in: directory.path)
        #expect(bridged.status == 0, "\(bridged.output)\(bridged.error)")
        let through = mode == "FORWARD" ? "downcasters (Upcasters/Toy/2-to-1.yaml)" : "upcasters and downcasters (Upcasters/Toy/1-to-2.yaml, Upcasters/Toy/2-to-1.yaml)"
        #expect(bridged.output.contains("ok    Toy v2 (Schemas/Toy/2.json): new, \(mode) compatible through \(through), which bridge:"), "\(bridged.output)")
        #expect(bridged.output.contains("BREAK TYPE_CHANGED #/properties/at (forward against v1)"), "\(bridged.output)")
        #expect(bridged.output.contains("ok   Toy v2 → Toy v1 (2-to-1.yaml)"), "\(bridged.output)")

        try FileManager.default.removeItem(atPath: directory.path + "/Upcasters/Toy/2-to-1.yaml")
        let unbridged = try StrataProcess.run(["check", "Schemas", "--against-git", "HEAD", "--mode", mode], in: directory.path)
        #expect(unbridged.status == 1, "\(unbridged.output)\(unbridged.error)")
        #expect(unbridged.output.contains("BREAK Toy v2 (Schemas/Toy/2.json): new, not \(mode) compatible"), "\(unbridged.output)")
    }
}

import StrataTestSupport
import Testing

struct ExamplesCommandTests {
    @Test func exampleDomainPasses() throws {
        let run = try StrataProcess.run(["examples", "Schemas"])
        #expect(run.status == 0)
        #expect(run.output.contains("ok   OrderPlaced v3: "))
        #expect(run.output.hasSuffix(" not as expected\n"))
        #expect(run.output.contains(", 0 not as expected"))
    }

    @Test func anExampleThatBreaksItsSchemaFails() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("Schemas/Money/1.json", #"{"type": "object", "required": ["currency"]}"#)
        try directory.write("Schemas/Money/examples/v1/typical.json", "{}")
        try directory.write("Schemas/Money/examples/v1/invalid-anything.json", #"{"currency": "EUR"}"#)
        let run = try StrataProcess.run(["examples", "Schemas"], in: directory.path)
        #expect(run.status == 1)
        #expect(run.output.contains("FAIL Money v1"))
        #expect(run.output.contains("Schemas/Money/examples/v1/typical.json: #: required property \"currency\" is missing"))
        #expect(run.output.contains("invalid-anything.json: expected to be invalid, but the schema accepts it"))
    }

    @Test func versionGapIsReportedInOneLine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("Schemas/Money/2.json", "{}")
        let run = try StrataProcess.run(["examples", "Schemas"], in: directory.path)
        #expect(run.status == 65)
        #expect(run.error == "strata: Schemas/Money: Money has no version 1 before version 2\n")
    }
}

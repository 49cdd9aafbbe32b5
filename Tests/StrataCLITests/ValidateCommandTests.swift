import Foundation
import StrataTestSupport
import Testing

struct ValidateCommandTests {
    @Test func validPayloadExitsZero() throws {
        let run = try StrataProcess.run(["validate", "Schemas/OrderPlaced/examples/v3/typical.json", "--schema", "Schemas/OrderPlaced/3.json"])
        #expect(run.status == 0)
        #expect(run.output == "valid\n")
    }

    @Test func invalidPayloadPrintsEachViolationAndExitsOne() throws {
        let run = try StrataProcess.run(["validate", "Schemas/OrderPlaced/examples/v3/invalid-lowercase-currency.json", "--schema", "Schemas/OrderPlaced/3.json"])
        #expect(run.status == 1)
        #expect(run.output == "#/total/currency: string does not match the pattern ^[A-Z]{3}$ (Schemas/Money/1.json#/properties/currency/pattern)\n")
    }

    @Test func jsonFormatPrintsBasicOutput() throws {
        let run = try StrataProcess.run(["validate", "Schemas/OrderPlaced/examples/v3/invalid-missing-order-id.json",
                                         "--schema", "Schemas/OrderPlaced/3.json", "--format", "json"])
        #expect(run.status == 1)
        #expect(run.output.contains(#""valid": false"#))
        #expect(run.output.contains(#""keywordLocation": "/required""#))
        #expect(run.output.contains(#""error": "required property \"orderId\" is missing""#))
    }

    @Test func formatAssertionIsOnRequest() throws {
        let file = "Schemas/OrderPlaced/examples/v3/invalid-date-only-placed-at.json"
        #expect(try StrataProcess.run(["validate", file, "--schema", "Schemas/OrderPlaced/3.json"]).status == 0)
        let asserted = try StrataProcess.run(["validate", file, "--schema", "Schemas/OrderPlaced/3.json", "--assert-format"])
        #expect(asserted.status == 1)
        #expect(asserted.output.contains("is not a valid date-time"))
    }

    @Test func readsThePayloadFromStandardInput() throws {
        let run = try StrataProcess.run(["validate", "-", "--schema", "Schemas/Money/1.json"],
                                        standardInput: Conformance.packageRoot.path + "/Schemas/Money/examples/v1/typical.json")
        #expect(run.status == 0)
    }

    @Test func yamlSchemasWork() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let schema = try directory.write("s.yaml", "type: object\nrequired: [currency]\n")
        let payload = try directory.write("p.json", "{}")
        let run = try StrataProcess.run(["validate", payload, "--schema", schema])
        #expect(run.status == 1)
        #expect(run.output == "#: required property \"currency\" is missing (s.yaml#/required)\n" || run.output.contains("required property \"currency\" is missing"))
    }

    @Test func badUsageExits64() throws {
        #expect(try StrataProcess.run(["validate", "Schemas/Money/examples/v1/typical.json"]).status == 64)
        #expect(try StrataProcess.run(["validate", "x.json", "--schema", "Schemas/Money/1.json", "--format", "xml"]).status == 64)
    }

    @Test func malformedPayloadIsOneLineNamingFileAndPosition() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let payload = try directory.write("broken.json", "{\"minorUnits\": 12,\n \"currency\": EUR}")
        let run = try StrataProcess.run(["validate", payload, "--schema", "Schemas/Money/1.json"])
        #expect(run.status == 65)
        #expect(run.error.split(separator: "\n").count == 1)
        #expect(run.error.contains("broken.json: malformed document at line 2, column 14"))
    }

    @Test func missingFileExits66() throws {
        let run = try StrataProcess.run(["validate", "nope.json", "--schema", "Schemas/Money/1.json"])
        #expect(run.status == 66)
        #expect(run.error == "strata: nope.json: cannot read: no such file\n")
    }

    @Test func invalidSchemaPointsIntoTheSchemaFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let schema = try directory.write("s.json", #"{"properties": {"n": {"pattern": "([a-z]"}}}"#)
        let payload = try directory.write("p.json", "{}")
        let run = try StrataProcess.run(["validate", payload, "--schema", schema])
        #expect(run.status == 65)
        #expect(run.error.contains("s.json: #/properties/n/pattern: invalid regular expression ([a-z]"))
    }

    @Test func aGigabyteOnStandardInputIsRefusedWithBoundedMemory() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let big = directory.path + "/big.json"
        #expect(FileManager.default.createFile(atPath: big, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: big))
        try handle.truncate(atOffset: 1 << 30)  // a sparse 1 GiB file
        try handle.close()
        let run = try StrataProcess.run(["validate", "-", "--schema", "Schemas/Money/1.json"], standardInput: big)
        #expect(run.status == 65)
        #expect(run.error == "strata: <stdin>: document is larger than the limit of 67108864 bytes\n")
    }
}

import Foundation
import StrataTestSupport
import Testing

struct UpcastCommandTests {
    @Test func streamsJSONLinesToTheCurrentVersionKeepingInt64Exact() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let line = #"{"orderId":"ord_7Kq2XbN9wR","customer":"cus_1","amount":199.99,"currency":"EUR","lines":[{"sku":"SKU-1","quantity":1,"unitPrice":199.99}],"placedAt":1718042701,"sequence":1234567890123456789}"#
        let input = try directory.write("v1.jsonl", Array(repeating: line, count: 1000).joined(separator: "\n") + "\n")
        let run = try StrataProcess.run(["upcast", input, "--type", "OrderPlaced", "--from", "1", "--validate"])
        #expect(run.status == 0, "\(run.error)")
        let lines = run.output.split(separator: "\n")
        #expect(lines.count == 1000)
        #expect(lines[0] == #"{"orderId":"ord_7Kq2XbN9wR","customerId":"cus_1","lines":[{"sku":"SKU-1","quantity":1,"unitPrice":{"minorUnits":19999,"currency":"EUR"}}],"placedAt":"2024-06-10T18:05:01Z","sequence":1234567890123456789,"total":{"minorUnits":19999,"currency":"EUR"}}"#)
        // Without --validate the lines go through the bytes path (a flat tree, written back out):
        // the same text, on one thread or two.
        for jobs in ["1", "2"] {
            let bytesPath = try StrataProcess.run(["upcast", input, "--type", "OrderPlaced", "--from", "1", "--jobs", jobs])
            #expect(bytesPath.status == 0, "\(bytesPath.error)")
            #expect(bytesPath.output == run.output)
        }
    }

    @Test func aBadLineIsReportedByNumberAndStopsUnlessKeepGoing() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let good = #"{"orderId":"ord_7Kq2XbN9wR","customer":"c","amount":1.5,"currency":"EUR","lines":[],"placedAt":0,"sequence":1}"#
        let input = try directory.write("mixed.jsonl", [good, "{not json", #"{"amount": 1.234}"#, good].joined(separator: "\n"))
        let stopping = try StrataProcess.run(["upcast", input, "--type", "OrderPlaced", "--from", "1"])
        #expect(stopping.status == 1)
        #expect(stopping.output.split(separator: "\n").count == 1)
        #expect(stopping.error.hasPrefix("strata: line 2: malformed JSON at line 1, column 2"))
        let going = try StrataProcess.run(["upcast", input, "--type", "OrderPlaced", "--from", "1", "--keep-going"])
        #expect(going.status == 1)
        #expect(going.output.split(separator: "\n").count == 2)
        #expect(going.error.contains("strata: line 3: OrderPlaced v1 step 2 at /amount: 1.234 has more than 2 decimals"))
    }

    /// `--jobs 2` writes exactly what `--jobs 1` writes, standard output and standard error, on a
    /// file of several batches with bad lines (malformed, failing a step, too long) and blank lines
    /// in it, with and without --keep-going.
    @Test func twoJobsWriteWhatOneJobWrites() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var lines: [String] = []
        for index in 0..<9_000 {
            switch index {
            case 4: lines.append("{not json")
            case 2_047, 2_048: lines.append("")
            case 3_000: lines.append(#"{"amount": 1.234}"#)
            case 5_000: lines.append(#"{"note": ""# + String(repeating: "x", count: 5_000) + #""}"#)
            case 8_999: lines.append("[1,")
            default:
                lines.append(#"{"orderId":"ord_7Kq2XbN9wR","customer":"cus_\#(index)","amount":\#(index).99,"currency":"EUR","lines":[{"sku":"SKU-1","quantity":1,"unitPrice":\#(index % 100).5}],"placedAt":\#(1_700_000_000 + index),"note":"n\u00e9\"","sequence":\#(1_234_567_890_123_456_789 - index)}"#)
            }
        }
        let input = try directory.write("mixed.jsonl", lines.joined(separator: "\n") + "\n")
        for options in [["--keep-going"], [], ["--envelope", "--keep-going"]] {
            let arguments = ["upcast", input, "--type", "OrderPlaced", "--from", "1", "--max-line-bytes", "4096"] + options
            let one = try StrataProcess.run(arguments + ["--jobs", "1"])
            let two = try StrataProcess.run(arguments + ["--jobs", "2"])
            #expect(one.status == 1)
            #expect(two.status == one.status)
            #expect(two.output == one.output, "\(options)")
            #expect(two.error == one.error, "\(options)")
            if options.contains("--keep-going") {
                #expect(one.output.split(separator: "\n").count == 9_000 - 2 - 4)
                #expect(one.error.split(separator: "\n").map { $0.prefix(14) } == ["strata: line 5", "strata: line 3", "strata: line 5", "strata: line 9"])
                #expect(one.error.contains("line 3001: OrderPlaced v1 step"))
                #expect(one.error.contains("line 5001: longer than 4096 bytes"))
                #expect(one.error.contains("line 9000: malformed JSON"))
            } else {
                #expect(one.output.split(separator: "\n").count == 4)
                #expect(one.error.hasPrefix("strata: line 5: malformed JSON"))
            }
        }
        let zero = try StrataProcess.run(["upcast", input, "--type", "OrderPlaced", "--from", "1", "--jobs", "0"])
        #expect(zero.status == 64)
    }

    @Test func validationCatchesAWrongUpcasterWithTheStepNamed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try FileManager.default.copyItem(atPath: Conformance.packageRoot.path + "/Schemas", toPath: directory.path + "/Schemas")
        // A forgotten default: v2 of this toy type requires `flag`, the upcaster never sets it.
        try directory.write("Schemas/Toggle/1.json", #"{"type": "object"}"#)
        try directory.write("Schemas/Toggle/2.json", #"{"type": "object", "required": ["flag"]}"#)
        try directory.write("Upcasters/Toggle/1-to-2.yaml", "steps:\n  - remove: /old\n")
        let input = try directory.write("in.jsonl", "{\"old\": 1}\n")
        let run = try StrataProcess.run(["upcast", "in.jsonl", "--type", "Toggle", "--from", "1", "--validate"], in: directory.path)
        #expect(run.status == 1)
        #expect(run.error == "strata: line 1: after Toggle v1→v2 (Upcasters/Toggle/1-to-2.yaml): #: required property \"flag\" is missing\n")
        _ = input
    }

    /// `remove: /o/*` removes every member of an object (and every element of an array); it once
    /// set each member to null.
    @Test func removingEveryMemberEmptiesTheObject() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("Schemas/Bag/1.json", #"{"type": "object", "properties": {"o": {"type": ["object", "array"]}, "keep": {"type": "integer"}}}"#)
        try directory.write("Schemas/Bag/2.json", #"{"type": "object", "properties": {"o": {"type": ["object", "array"], "maxProperties": 0, "maxItems": 0}, "keep": {"type": "integer"}}}"#)
        try directory.write("Upcasters/Bag/1-to-2.yaml", "steps:\n  - remove: /o/*\n")
        try directory.write("in.jsonl", #"{"o":{"a":1,"b":2},"keep":3}"# + "\n" + #"{"o":[1,2],"keep":3}"# + "\n")
        let run = try StrataProcess.run(["upcast", "in.jsonl", "--type", "Bag", "--from", "1", "--validate"], in: directory.path)
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output == #"{"o":{},"keep":3}"# + "\n" + #"{"o":[],"keep":3}"# + "\n")
    }

    @Test func aSplittingChainNeedsEnvelopesAndKeepsTheLineAsPosition() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("Schemas/Checkout/1.json", #"{"type": "object", "required": ["orderId", "amount"]}"#)
        try directory.write("Schemas/OrderSubmitted/1.json", #"{"type": "object", "required": ["orderId"], "not": {"required": ["amount"]}}"#)
        try directory.write("Schemas/PaymentTaken/1.json", #"{"type": "object", "required": ["orderId", "amount"]}"#)
        try directory.write("Upcasters/Checkout/1-to-1.yaml", """
            steps:
              - split:
                  - {type: OrderSubmitted, steps: [{remove: /amount}]}
                  - {type: PaymentTaken}
            """)
        try directory.write("in.jsonl", #"{"orderId":"a","amount":199.99}"# + "\n" + #"{"orderId":"b","amount":1234567890123456789}"# + "\n")
        let plain = try StrataProcess.run(["upcast", "in.jsonl", "--type", "Checkout", "--from", "1"], in: directory.path)
        #expect(plain.status == 64)
        #expect(plain.error == "strata: Checkout v1: its upcaster splits the event into 2; pass --envelope to write typed events\n")
        let run = try StrataProcess.run(["upcast", "in.jsonl", "--type", "Checkout", "--from", "1", "--envelope", "--validate"], in: directory.path)
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.split(separator: "\n") == [
            #"{"type":"OrderSubmitted","version":1,"position":1,"subIndex":0,"data":{"orderId":"a"}}"#,
            #"{"type":"PaymentTaken","version":1,"position":1,"subIndex":1,"data":{"orderId":"a","amount":199.99}}"#,
            #"{"type":"OrderSubmitted","version":1,"position":2,"subIndex":0,"data":{"orderId":"b"}}"#,
            #"{"type":"PaymentTaken","version":1,"position":2,"subIndex":1,"data":{"orderId":"b","amount":1234567890123456789}}"#,
        ])
    }
}

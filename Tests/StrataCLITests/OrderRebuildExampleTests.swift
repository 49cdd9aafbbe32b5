import Foundation
import StrataTestSupport
import Testing

/// The worked example of docs/aggregates.md, run as the built `order-rebuild` process: the example
/// domain's orders rebuilt from JSON Lines and from a real SQLite table.
struct OrderRebuildExampleTests {
    static let program = StrataProcess.executable.deletingLastPathComponent().appendingPathComponent("order-rebuild")

    func run(_ arguments: [String]) throws -> StrataProcess.Outcome {
        try StrataProcess.run(arguments, program: Self.program)
    }

    @Test func rebuildsTheSameOrdersFromJSONLinesAndFromSQLite() throws {
        let outcome = try run([])
        #expect(outcome.status == 0, "\(outcome.error)")
        let sections = outcome.output.components(separatedBy: "\nFrom ")
        #expect(sections.count == 2, "\(outcome.output)")
        let fromLines = sections[0].split(separator: "\n").dropFirst().filter { $0.hasPrefix("  ") }
        let fromTable = sections[1].split(separator: "\n").dropFirst().prefix { $0.hasPrefix("  ") }
        #expect(fromLines.count == 4 && Array(fromLines) == Array(fromTable), "\(outcome.output)")
        #expect(fromLines.contains("  order-ord_7Kq2XbN9wR  revision 2  shipped  total 199.99 EUR  refunded 49.90 EUR  1 parcel  last sequence 1234567890123456789"))
        #expect(fromLines.contains("  order-ord_Zp4Hc2Ww9Q  revision 1  shipped  total 12.50 USD  refunded 0  1 parcel  last sequence 9223372036854775807"))
        #expect(outcome.output.contains("from the v2 snapshot at revision 1, 1 event applied; same as the full replay: true"))
        #expect(outcome.output.contains("from the v1 snapshot at revision 1, 1 event applied; same as the full replay: true"))
        #expect(outcome.output.contains("fell back: order-ord_7Kq2XbN9wR: the OrderSnapshot v9 snapshot at revision 1 is not readable (OrderSnapshot v9: no such version in the catalog); replayed the stream from revision 0; same as the full replay: true"))
    }

    @Test func aGapInTheTableStopsTheRebuildNamingStreamAndRevisions() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let original = try String(contentsOf: Conformance.packageRoot.appendingPathComponent("Examples/Aggregates/orders.sql"), encoding: .utf8)
        let gap = original.replacingOccurrences(of: "('order-ord_3mT8vLq1', 2,", with: "('order-ord_3mT8vLq1', 4,")
        #expect(gap != original)
        let script = try directory.write("gap.sql", gap)
        let outcome = try run(["--sql", script])
        #expect(outcome.status == 65)
        #expect(outcome.error == "order-rebuild: order-ord_3mT8vLq1: revision 4 follows a gap: expected revision 2, found 4\n")
    }

    @Test func aMissingFileOrAnUnknownOptionExitsWithItsCode() throws {
        let missing = try run(["--jsonl", "/nonexistent/orders.jsonl"])
        #expect(missing.status == 66 && missing.error == "order-rebuild: /nonexistent/orders.jsonl: cannot read the file\n")
        let usage = try run(["--format", "json"])
        #expect(usage.status == 64 && usage.error.hasPrefix("order-rebuild: unknown option --format\nusage: order-rebuild"))
    }
}

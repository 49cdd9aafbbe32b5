// The worked example of docs/aggregates.md: rebuilds the example domain's orders from their stored
// events (OrderPlaced v1, v2 and v3, OrderShipped v1 and v2, PaymentRefunded v1), from JSON Lines
// of KurrentDB-style records and from an SQLite table of plain rows, then from snapshots.
//
//     swift run order-rebuild [--jsonl FILE] [--sql FILE | --db FILE] [--root DIR]
//
// Exit codes: 0 done, 64 usage, 65 a stream that does not rebuild, 66 a file that cannot be read.
import EventUpcasting
import Foundation
import GRDB
import OrderAggregate

struct Options {
    var root = "."
    var jsonl = "Examples/Aggregates/orders.jsonl"
    var sql: String? = "Examples/Aggregates/orders.sql"
    var database: String?

    init(arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            if argument == "--help" || argument == "-h" {
                print(Self.synopsis)
                exit(0)
            }
            guard let value = iterator.next() else { Self.usage("\(argument) needs a value") }
            switch argument {
            case "--root": root = value
            case "--jsonl": jsonl = value
            case "--sql": sql = value; database = nil
            case "--db": database = value; sql = nil
            default: Self.usage("unknown option \(argument)")
            }
        }
    }

    func path(_ relative: String) -> String {
        relative.hasPrefix("/") ? relative : (root as NSString).appendingPathComponent(relative)
    }

    /// The one line of usage, printed by `--help` and after a usage error.
    static let synopsis = "usage: order-rebuild [--jsonl FILE] [--sql FILE | --db FILE] [--root DIR]"

    static func usage(_ message: String) -> Never {
        fail("\(message)\n\(synopsis)", code: 64)
    }
}

func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data("order-rebuild: \(message)\n".utf8))
    exit(code)
}

/// One line per order: stream, revision, status, amounts and the int64 sequence, all exact.
func summary(_ rebuilt: Rebuilt<Order>) -> String {
    let order = rebuilt.aggregate
    let refunded = order.refunded.sorted { $0.key < $1.key }.map { Money(minorUnits: $0.value, currency: $0.key).formatted }
    return [rebuilt.stream, "revision \(rebuilt.revision.map(String.init) ?? "-")", order.status.rawValue,
            "total \(order.total?.formatted ?? "-")", "refunded \(refunded.isEmpty ? "0" : refunded.joined(separator: " + "))",
            "\(order.shipments.count) parcel\(order.shipments.count == 1 ? "" : "s")",
            "last sequence \(order.lastSequence.map(String.init) ?? "-")"].joined(separator: "  ")
}

/// A column that is missing, NULL or of the wrong kind in the `events` table.
struct BadColumn: Error, CustomStringConvertible {
    var description: String
}

/// The value of `name` in `row`, or a ``BadColumn`` naming the column and the row's stream and revision.
func column<Value: DatabaseValueConvertible>(_ row: Row, _ name: String) throws -> Value {
    guard let stored = row[name] as DatabaseValue?, let value = Value.fromDatabaseValue(stored) else {
        let at = (row["stream"] as DatabaseValue?).map { "\($0), revision \((row["revision"] as DatabaseValue?) ?? .null)" } ?? "a row"
        throw BadColumn(description: "events table, \(at): the column \(name) is missing or not a \(Value.self)")
    }
    return value
}

/// The rows of the `events` table, in stream and revision order.
func rows(of queue: DatabaseQueue) throws -> [StreamRow] {
    try queue.read { db in
        try Row.fetchAll(db, sql: "SELECT stream, revision, type, version, payload FROM events ORDER BY stream, revision").map { row in
            StreamRow(stream: try column(row, "stream"), revision: try column(row, "revision"), eventType: try column(row, "type"),
                      version: try column(row, "version"), payload: Array((try column(row, "payload") as String).utf8))
        }
    }
}

/// The SQLite database: the one given, or a new one in a temporary file made from the SQL script.
func database(_ options: Options) throws -> DatabaseQueue {
    if let file = options.database {
        guard FileManager.default.fileExists(atPath: options.path(file)) else { fail("\(file): no such database", code: 66) }
        return try DatabaseQueue(path: options.path(file))
    }
    let script = options.path(options.sql ?? "")
    guard let sql = try? String(contentsOfFile: script, encoding: .utf8) else { fail("\(script): cannot read the file", code: 66) }
    let file = NSTemporaryDirectory() + "order-rebuild-\(UUID().uuidString).sqlite"
    let queue = try DatabaseQueue(path: file)
    try queue.write { db in try db.execute(sql: sql) }
    return queue
}

let options = Options(arguments: CommandLine.arguments)
do {
    let chain = try UpcasterChain(folder: options.path("Upcasters"), schemas: SchemaFolder(root: options.path("Schemas")),
                                  eventTypes: ["OrderPlaced", "OrderShipped", "PaymentRefunded"])
    let snapshots = options.path("Examples/Aggregates/Snapshots")
    let snapshotChain = try UpcasterChain(folder: snapshots + "/Upcasters", schemas: SchemaFolder(root: snapshots + "/Schemas"))
    let rebuilder = AggregateRebuilder<Order>(chain: chain, snapshotChain: snapshotChain)

    let records = try KurrentRecord.jsonLines(file: options.path(options.jsonl))
    print("From \(options.jsonl) (KurrentDB records, version in metadata.schemaVersion):")
    let fromLines = try rebuilder.rebuildAll(from: records)
    for rebuilt in fromLines.sorted(by: { $0.stream < $1.stream }) { print("  " + summary(rebuilt)) }

    let queue: DatabaseQueue
    do { queue = try database(options) } catch { fail("\(error)", code: 66) }
    print("From SQLite \(options.database ?? "table events, made from " + (options.sql ?? "")) (stream, revision, type, version, payload):")
    let fromTable = try rebuilder.rebuildAll(from: try rows(of: queue))
    for rebuilt in fromTable.sorted(by: { $0.stream < $1.stream }) { print("  " + summary(rebuilt)) }

    // Snapshots: written at a revision, then read back (v2), read through the upcaster (v1), or
    // not readable (v9), which falls back to the whole stream and says why.
    guard let first = fromLines.first(where: { $0.stream == "order-ord_7Kq2XbN9wR" }) else { exit(0) }
    let stream = records.filter { $0.stream == first.stream }
    let prefix = try rebuilder.rebuild(first.stream, from: stream.prefix(2))
    let written = try rebuilder.snapshot(of: prefix)
    print("Snapshot \(written.snapshotType) v\(written.version) of \(written.stream) at revision \(written.revision): \(String(decoding: written.payload, as: UTF8.self))")
    let legacy = StoredSnapshot(stream: first.stream, revision: 1, snapshotType: "OrderSnapshot", version: 1, payload: Array("""
        {"status":"shipped","orderId":"ord_7Kq2XbN9wR","customerId":"cus_Fz81mQ4pL2","totalMinorUnits":19999,"currency":"EUR","lineCount":3,\
        "shipments":[{"carrier":"DHL","trackingNumber":"JJD0099887766554433"}],"refundedMinorUnits":0,"lastSequence":1234567890123456789}
        """.utf8))
    var unreadable = written
    unreadable.version = 9
    for snapshot in [written, legacy, unreadable] {
        let rebuilt = try rebuilder.rebuild(first.stream, from: stream, snapshot: snapshot)
        let how = rebuilt.snapshotFallback.map { "fell back: \($0)" }
            ?? "from the v\(snapshot.version) snapshot at revision \(snapshot.revision), \(rebuilt.eventsApplied) event applied"
        print("  \(summary(rebuilt))\n    \(how); same as the full replay: \(rebuilt.aggregate == first.aggregate)")
    }
} catch let error as RebuildError {
    if case .invalidRecord(_, 0, _) = error { fail("\(error)", code: 66) }
    fail("\(error)", code: 65)
} catch let error as UpcastingError {
    fail("\(error)", code: 66)
} catch {
    fail("\(error)", code: 65)
}

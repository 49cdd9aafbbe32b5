// The example of docs/operating.md: reads the example domain's stored orders (JSON Lines of
// KurrentDB-style records, OrderPlaced v1, v2 and v3 among them) through an event stream, with a
// Prometheus registry bootstrapped as the swift-metrics backend, then prints the registry's
// exposition text: which event types and stored versions were read, the upcaster steps they took,
// the upcast time and the failures.
//
//     swift run stream-metrics [--jsonl FILE] [--root DIR]
//
// Exit codes: 0 done, 64 usage, 65 a record that could not be read, 66 a file that cannot be read
// (the exposition is printed in every case but 64).
import EventUpcasting
import Foundation
import Metrics
import OrderAggregate
import Prometheus

var root = "."
var file = "Examples/Aggregates/orders.jsonl"
let synopsis = "usage: stream-metrics [--jsonl FILE] [--root DIR]"

func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data("stream-metrics: \(message)\n".utf8))
    exit(code)
}

var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    if argument == "--help" || argument == "-h" {
        print(synopsis)
        exit(0)
    }
    guard let value = arguments.next() else { fail("\(argument) needs a value\n\(synopsis)", code: 64) }
    switch argument {
    case "--jsonl": file = value
    case "--root": root = value
    default: fail("unknown option \(argument)\n\(synopsis)", code: 64)
    }
}
@MainActor func path(_ relative: String) -> String { relative.hasPrefix("/") ? relative : (root as NSString).appendingPathComponent(relative) }

// The backend first: handles made before the bootstrap would stay no-ops.
let registry = PrometheusCollectorRegistry()
MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))

let reader: EventReader
do {
    let chain = try UpcasterChain(folder: path("Upcasters"), schemas: SchemaFolder(root: path("Schemas")),
                                  eventTypes: Order.eventTypes.names)
    reader = EventReader(chain: chain, types: Order.eventTypes.types)
} catch {
    fail("\(error)", code: 66)
}

// A record that cannot be read ends the stream; the metrics read so far, and its failure, are
// printed all the same.
let metrics = ReadMetrics()
var status: Int32 = 0
do {
    for try await _ in reader.events(jsonLines: FileChunks(path: path(file)), source: file, metrics: metrics) {}
} catch {
    FileHandle.standardError.write(Data("stream-metrics: \(error)\n".utf8))
    status = error.kind == "unreadable_source" ? 66 : 65
}

var exposition: [UInt8] = []
registry.emit(into: &exposition)
print(String(decoding: exposition, as: UTF8.self), terminator: "")
exit(status)

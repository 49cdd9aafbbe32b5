// Strata's benchmarks: the read path measured in one release-mode process.
//
//     swift run -c release StrataBenchmarks [--events N] [--rounds R] [--only NAME] [--read-path-only]
//
// Every figure is the best of R rounds over the same N generated payloads. Foundation's
// JSONDecoder and JSONSerialization run on the same bytes in the same process, for comparison.
import EventSchema
import EventUpcasting
import Foundation
import OrderAggregate
import SchemaRegistry

// MARK: - Setup

struct Settings {
    var events = 200_000
    var rounds = 5
    var only: String?
    /// Run the headline read path alone, with no start-up check and no other line: for a profiler
    /// or an instruction count (`scripts/count-instructions.sh`).
    var readPathOnly = false
    /// The Python that runs jsonschema-rs for `--only validate-vs-rust`.
    var python = "python3"

    init(arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--events": events = iterator.next().flatMap(Int.init) ?? events
            case "--rounds": rounds = iterator.next().flatMap(Int.init) ?? rounds
            case "--only": only = iterator.next()
            case "--read-path-only": readPathOnly = true; only = "upcast"
            case "--python": python = iterator.next() ?? python
            default:
                print("usage: StrataBenchmarks [--events N] [--rounds R] [--only NAME] [--read-path-only] [--python PATH]")
                exit(64)
            }
        }
    }
}

func identifier(_ prefix: String, length: Int, using generator: inout SplitMix64) -> String {
    let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    return prefix + String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
}

func sku(using generator: inout SplitMix64) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    let words = (0..<3).map { _ in String((0..<Int.random(in: 4...7, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }) }
    return words.joined(separator: "-")
}

/// `OrderPlaced` v3 payloads of about 500 bytes, each with an int64 `sequence` above 2^60.
func orderPlacedV3Payloads(count: Int) -> [[UInt8]] {
    var generator = SplitMix64(seed: 42)
    let currencies = ["EUR", "USD", "GBP", "JPY"]
    return (0..<count).map { position in
        let currency = currencies.randomElement(using: &generator)!
        let lines: [JSONValue] = (0..<3).map { _ in
            [
                "sku": .string(sku(using: &generator)),
                "quantity": .number(JSONNumber(Int.random(in: 1...9, using: &generator))),
                "unitPrice": ["minorUnits": .number(JSONNumber(Int.random(in: 100...99_999, using: &generator))), "currency": .string(currency)],
            ]
        }
        let payload: JSONValue = [
            "orderId": .string(identifier("ord_", length: 16, using: &generator)),
            "customerId": .string(identifier("cus_", length: 16, using: &generator)),
            "total": ["minorUnits": .number(JSONNumber(Int.random(in: 1_000...999_999, using: &generator))), "currency": .string(currency)],
            "lines": .array(lines),
            "placedAt": .string("2024-0\(Int.random(in: 1...9, using: &generator))-1\(Int.random(in: 0...9, using: &generator))T1\(Int.random(in: 0...9, using: &generator)):3\(Int.random(in: 0...9, using: &generator)):0\(Int.random(in: 0...9, using: &generator)).123+02:00"),
            "sequence": .number(JSONNumber((1 << 60) + Int64(position) * 7_919)),
        ]
        return payload.serializedBytes()
    }
}

/// Runs `body` `rounds` times and returns the best wall-clock seconds.
func best(of rounds: Int, _ name: String = "", _ body: () -> Void) -> Double {
    if let only = settings.only, !name.hasPrefix(only) { return .nan }
    var fastest = Double.infinity
    let clock = ContinuousClock()
    for _ in 0..<rounds {
        let elapsed = clock.measure(body)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        fastest = min(fastest, seconds)
    }
    return fastest
}

func report(_ name: String, events: Int, bytes: Int, seconds: Double, note: String = "") {
    guard !seconds.isNaN else { return }
    let perSecond = Double(events) / seconds
    let megabytes = Double(bytes) / 1_048_576 / seconds
    let line = "\(name.padding(toLength: 46, withPad: " ", startingAt: 0)) \(String(format: "%10.0f", perSecond)) events/s \(String(format: "%8.1f", megabytes)) MB/s \(String(format: "%7.2f", seconds * 1e9 / Double(events) / 1000)) µs/event"
    print(note.isEmpty ? line : line + "  " + note)
}

// Foundation's path, for comparison: the same payloads decoded into Codable structs.
struct MoneyV1: Codable { var minorUnits: Int64; var currency: String }
struct OrderLineV3: Codable { var sku: String; var quantity: Int; var unitPrice: MoneyV1 }
struct OrderPlacedV3: Codable { var orderId: String; var customerId: String; var total: MoneyV1; var lines: [OrderLineV3]; var placedAt: String; var sequence: Int64 }

// MARK: - Run

let settings = Settings(arguments: CommandLine.arguments)
let payloads = orderPlacedV3Payloads(count: settings.events)
let totalBytes = payloads.reduce(0) { $0 + $1.count }
let datas = payloads.map { Data($0) }
print("Strata benchmarks: \(settings.events) OrderPlaced v3 payloads, \(totalBytes / settings.events) bytes each on average, best of \(settings.rounds) rounds")
print("")

// Sanity: every payload parses, keeps its sequence exactly, and is valid.
let schemasRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Schemas").path
let folder = try SchemaFolder(root: schemasRoot)
let orderPlaced = folder.schemas.first { $0.eventType == "OrderPlaced" && $0.version == 3 }!
let annotating = try folder.compile(orderPlaced)
let asserting = try folder.compile(orderPlaced, options: JSONSchema.Options(assertsFormat: true))
for (position, bytes) in payloads.enumerated() where settings.only == nil {
    let value = try JSONValue(parsing: bytes)
    let sequence = try value["sequence"]?.number?.int64()
    precondition(sequence == (1 << 60) + Int64(position) * 7_919, "sequence lost")
    precondition(asserting.isValid(value), "generated payload \(position) is invalid: \(asserting.validate(value).errors)")
}

var sink = 0

let parse = best(of: settings.rounds, "parse") {
    for bytes in payloads {
        if case .object(let object)? = try? JSONValue(parsing: bytes) { sink &+= object.count }
    }
}
report("parse: bytes -> JSONValue", events: payloads.count, bytes: totalBytes, seconds: parse)

let serialization = best(of: settings.rounds, "foundation") {
    for data in datas {
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] { sink &+= object.count }
    }
}
report("  Foundation JSONSerialization (untyped)", events: payloads.count, bytes: totalBytes, seconds: serialization,
       note: String(format: "Strata is %.1fx", serialization / parse))

let values = settings.only == nil || settings.only == "validate" ? payloads.map { try! JSONValue(parsing: $0) } : []
let validateOnly = best(of: settings.rounds, "validate") {
    for value in values where annotating.isValid(value) { sink &+= 1 }
}
report("validate: JSONValue -> verdict", events: values.count, bytes: totalBytes, seconds: validateOnly)

let validate = best(of: settings.rounds, "parse+validate") {
    for bytes in payloads {
        if let value = try? JSONValue(parsing: bytes), annotating.isValid(value) { sink &+= 1 }
    }
}
report("parse + validate OrderPlaced v3", events: payloads.count, bytes: totalBytes, seconds: validate)

let validateAsserting = best(of: settings.rounds, "parse+validate") {
    for bytes in payloads {
        if let value = try? JSONValue(parsing: bytes), asserting.isValid(value) { sink &+= 1 }
    }
}
report("parse + validate, format asserted", events: payloads.count, bytes: totalBytes, seconds: validateAsserting)

let decoder = JSONDecoder()
let foundation = best(of: settings.rounds, "foundation") {
    for data in datas {
        if let order = try? decoder.decode(OrderPlacedV3.self, from: data) { sink &+= order.lines.count }
    }
}
report("  Foundation JSONDecoder -> struct", events: payloads.count, bytes: totalBytes, seconds: foundation,
       note: String(format: "parse + validate is %.1fx faster", foundation / validate))

let canonical = best(of: 1, "canonical") {
    for value in values.prefix(20_000) { sink &+= value.canonicalFingerprint.utf8.count }
}
report("canonical form + SHA-256 fingerprint", events: 20_000, bytes: totalBytes / settings.events * 20_000, seconds: canonical)

// MARK: - The read path: stored v1 bytes -> upcast v1 -> v3 -> typed struct

struct MoneyRead: Decodable { var minorUnits: Int64; var currency: String }
struct OrderLineRead: Decodable { var sku: String; var quantity: Int; var unitPrice: MoneyRead }
struct OrderPlacedRead: Decodable {
    var orderId: String; var customerId: String; var total: MoneyRead; var lines: [OrderLineRead]
    var placedAt: Date; var sequence: Int64
}
// The headline reads into `OrderPlaced`, the struct `strata generate swift` writes for OrderPlaced v3
// (Generated/, which conforms to `PayloadDecodable`; scripts/bench.sh checks it is current).
/// A struct that reads nothing of its payload: reading into it times the parse and the steps alone.
struct ReadsNothing: PayloadDecodable {
    init(payload: PayloadValue) {}
    init(from decoder: any Decoder) {}
}
// What a Foundation user writes: decode the stored v1 shape, convert in code.
struct OrderLineV1: Decodable { var sku: String; var quantity: Int; var unitPrice: Double }
struct OrderPlacedV1: Decodable {
    var orderId: String; var customer: String; var amount: Double; var currency: String
    var lines: [OrderLineV1]; var placedAt: Int64; var note: String?; var sequence: Int64
}

/// `OrderPlaced` v1 payloads of about 500 bytes with a float amount and an int64 sequence above 2^60.
func orderPlacedV1Payloads(count: Int) -> [[UInt8]] {
    var generator = SplitMix64(seed: 7)
    return (0..<count).map { position in
        let lines: [JSONValue] = (0..<3).map { _ in
            [
                "sku": .string(sku(using: &generator)),
                "quantity": .number(JSONNumber(Int.random(in: 1...9, using: &generator))),
                "unitPrice": .number(JSONNumber(exactly: "\(Int.random(in: 1...999, using: &generator)).\(Int.random(in: 10...99, using: &generator))")!),
            ]
        }
        let payload: JSONValue = [
            "orderId": .string(identifier("ord_", length: 16, using: &generator)),
            "customer": .string(identifier("cus_", length: 16, using: &generator)),
            "amount": .number(JSONNumber(exactly: "\(Int.random(in: 1...9999, using: &generator)).\(Int.random(in: 10...99, using: &generator))")!),
            "currency": "EUR",
            "lines": .array(lines),
            "placedAt": .number(JSONNumber(Int64(1_700_000_000 + position))),
            "note": .string(identifier("", length: 40, using: &generator)),
            "sequence": .number(JSONNumber((1 << 60) + Int64(position) * 7_919)),
        ]
        return payload.serializedBytes()
    }
}

if settings.only == nil || settings.only == "upcast" {
    let upcastPayloads = orderPlacedV1Payloads(count: settings.events)
    let upcastBytes = upcastPayloads.reduce(0) { $0 + $1.count }
    let upcastersRoot = URL(fileURLWithPath: schemasRoot).deletingLastPathComponent().appendingPathComponent("Upcasters").path
    let chain = try UpcasterChain(folder: upcastersRoot, schemas: folder, eventTypes: ["OrderPlaced"])
    var types = EventTypeMap()
    types.register(OrderPlacedRead.self, as: "OrderPlaced")
    let reader = EventReader(chain: chain, types: types)
    let decoder = JSONValueDecoder()
    // Every sequence survives exactly, on all three paths, which agree.
    for (position, bytes) in upcastPayloads.enumerated() where !settings.readPathOnly {
        let order = try reader.read(OrderPlaced.self, eventType: "OrderPlaced", version: 1, payload: bytes)
        precondition(order.sequence == (1 << 60) + Int64(position) * 7_919, "sequence lost")
        let viaDecodable = try reader.read(OrderPlacedRead.self, eventType: "OrderPlaced", version: 1, payload: bytes)
        var value = try JSONValue(parsing: bytes)
        try chain.upcast(&value, eventType: "OrderPlaced", from: 1)
        let viaValue = try decoder.decode(OrderPlacedRead.self, from: value)
        for other in [viaDecodable, viaValue] {
            precondition(other.sequence == order.sequence && other.total.minorUnits == order.total.minorUnits
                         && other.lines.map(\.unitPrice.minorUnits) == order.lines.map(\.unitPrice.minorUnits)
                         && other.placedAt == order.placedAt && other.customerId == order.customerId, "the paths disagree")
        }
    }
    // One reader's buffers kept from one read to the next, as a consumer reading a stream on one thread keeps them.
    var buffers = ReadBuffers()
    let strataSeconds = best(of: settings.rounds, "upcast") {
        for bytes in upcastPayloads {
            if let order = try? reader.read(OrderPlaced.self, eventType: "OrderPlaced", version: 1, payload: bytes, buffers: &buffers) {
                sink &+= order.lines.count
            }
        }
    }
    report("read path: v1 bytes -> upcast -> v3 struct", events: upcastPayloads.count, bytes: upcastBytes, seconds: strataSeconds)
    if settings.readPathOnly { exit(0) }
    // Where the read path's time goes: the same reads into a struct that reads nothing, first of a
    // type the chain does not know (parse only), then of OrderPlaced v1 (parse and the ten steps).
    let parseOnlySeconds = best(of: settings.rounds, "upcast") {
        for bytes in upcastPayloads {
            if (try? reader.read(ReadsNothing.self, eventType: "NotInTheCatalog", version: 1, payload: bytes, buffers: &buffers)) != nil { sink &+= 1 }
        }
    }
    report("    of which parse", events: upcastPayloads.count, bytes: upcastBytes, seconds: parseOnlySeconds)
    let parseStepsSeconds = best(of: settings.rounds, "upcast") {
        for bytes in upcastPayloads {
            if (try? reader.read(ReadsNothing.self, eventType: "OrderPlaced", version: 1, payload: bytes, buffers: &buffers)) != nil { sink &+= 1 }
        }
    }
    report("    parse + upcast, no decode", events: upcastPayloads.count, bytes: upcastBytes, seconds: parseStepsSeconds)
    // The same read with new buffers for every read.
    let unbufferedSeconds = best(of: settings.rounds, "upcast") {
        for bytes in upcastPayloads {
            if let order = try? reader.read(OrderPlaced.self, eventType: "OrderPlaced", version: 1, payload: bytes) {
                sink &+= order.lines.count
            }
        }
    }
    report("  without kept buffers", events: upcastPayloads.count, bytes: upcastBytes, seconds: unbufferedSeconds)
    // The same reader on payloads already at v3: parse and decode, no step.
    let currentSeconds = best(of: settings.rounds, "upcast") {
        for bytes in payloads {
            if let order = try? reader.read(OrderPlaced.self, eventType: "OrderPlaced", version: 3, payload: bytes, buffers: &buffers) {
                sink &+= order.lines.count
            }
        }
    }
    report("  v3 bytes, already current -> v3 struct", events: payloads.count, bytes: totalBytes, seconds: currentSeconds)
    // The same read into a plain Decodable struct, through JSONValueDecoder's containers.
    let decodableSeconds = best(of: settings.rounds, "upcast") {
        for bytes in upcastPayloads {
            if let order = try? reader.read(OrderPlacedRead.self, eventType: "OrderPlaced", version: 1, payload: bytes, buffers: &buffers) {
                sink &+= order.lines.count
            }
        }
    }
    report("  into a Decodable struct", events: upcastPayloads.count, bytes: upcastBytes, seconds: decodableSeconds,
           note: String(format: "%.2fx the PayloadDecodable read", strataSeconds / decodableSeconds))
    // The general path, through JSONValue (what a Swift upcaster or an envelope reads), and where its time goes.
    let valueSeconds = best(of: settings.rounds, "upcast") {
        for bytes in upcastPayloads {
            guard var value = try? JSONValue(parsing: bytes) else { continue }
            guard (try? chain.upcast(&value, eventType: "OrderPlaced", from: 1)) != nil else { continue }
            if let order = try? decoder.decode(OrderPlacedRead.self, from: value) { sink &+= order.lines.count }
        }
    }
    report("  through JSONValue", events: upcastPayloads.count, bytes: upcastBytes, seconds: valueSeconds)
    let parseSeconds = best(of: settings.rounds, "upcast") {
        for bytes in upcastPayloads {
            if case .object(let object)? = try? JSONValue(parsing: bytes) { sink &+= object.count }
        }
    }
    report("    of which parse", events: upcastPayloads.count, bytes: upcastBytes, seconds: parseSeconds)
    let parseUpcastSeconds = best(of: settings.rounds, "upcast") {
        for bytes in upcastPayloads {
            guard var value = try? JSONValue(parsing: bytes) else { continue }
            guard (try? chain.upcast(&value, eventType: "OrderPlaced", from: 1)) != nil else { continue }
            if case .object(let object) = value { sink &+= object.count }
        }
    }
    report("    parse + upcast, no decode", events: upcastPayloads.count, bytes: upcastBytes, seconds: parseUpcastSeconds)
    let upcastDatas = upcastPayloads.map { Data($0) }
    let foundationDecoder = JSONDecoder()
    let foundationSeconds = best(of: settings.rounds, "upcast") {
        for data in upcastDatas {
            guard let old = try? foundationDecoder.decode(OrderPlacedV1.self, from: data) else { continue }
            let total = MoneyRead(minorUnits: Int64((old.amount * 100).rounded()), currency: old.currency)
            let order = OrderPlacedRead(orderId: old.orderId, customerId: old.customer, total: total,
                                        lines: old.lines.map { OrderLineRead(sku: $0.sku, quantity: $0.quantity,
                                                                             unitPrice: MoneyRead(minorUnits: Int64(($0.unitPrice * 100).rounded()), currency: old.currency)) },
                                        placedAt: Date(timeIntervalSince1970: TimeInterval(old.placedAt)), sequence: old.sequence)
            sink &+= order.lines.count
        }
    }
    report("  Foundation JSONDecoder v1 + conversion in code", events: upcastPayloads.count, bytes: upcastBytes, seconds: foundationSeconds,
           note: String(format: "Strata is %.1fx", foundationSeconds / strataSeconds))
}

// MARK: - Verifying upcasters

if settings.only == nil || settings.only == "verify" {
    let upcastersRoot = URL(fileURLWithPath: schemasRoot).deletingLastPathComponent().appendingPathComponent("Upcasters").path
    let splitName: SwiftUpcaster = { payload in
        guard case .string(let name)? = payload["name"] else { return }
        let parts = name.split(separator: " ", maxSplits: 1).map(String.init)
        payload["name"] = nil
        payload["givenName"] = .string(parts.first ?? name)
        payload["familyName"] = .string(parts.count > 1 ? parts[1] : "")
    }
    let chain = try UpcasterChain(folder: upcastersRoot, schemas: folder, swiftUpcasters: ["splitName": splitName])
    var verifier = BridgeVerifier(schemas: try VersionedSchemas(folder: folder), chain: chain,
                                  golden: try BridgeVerifier.goldenExamples(in: folder))
    var chains = 0
    let domainSeconds = best(of: settings.rounds, "verify") {
        chains = 0
        for type in ["OrderPlaced", "CustomerRegistered"] {
            for report in (try? verifier.verify(eventType: type)) ?? [] {
                precondition(report.isBridged, "\(report.source) does not verify")
                chains += 1
            }
        }
    }
    if !domainSeconds.isNaN {
        print("verify: example domain, \(chains) chains x 200".padding(toLength: 47, withPad: " ", startingAt: 0)
              + String(format: "%8.1f ms", domainSeconds * 1e3))
    }
    verifier.generatedCount = 1_000
    let chainSeconds = best(of: settings.rounds, "verify") {
        precondition((try? verifier.verify(EventVersion("OrderPlaced", 1)))?.isBridged == true)
    }
    if !chainSeconds.isNaN {
        print("verify: OrderPlaced v1 -> v3, 1,000 payloads".padding(toLength: 47, withPad: " ", startingAt: 0)
              + String(format: "%8.1f ms", chainSeconds * 1e3))
    }
}

// MARK: - Compatibility and registration

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let confluent = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/conformance/confluent-json-schema")
var confluentCases: [(JSONValue, JSONValue)] = []
for name in ["diff-schema-examples.json", "diff-schema-examples-2020-12.json", "diff-combined-schema-examples.json", "diff-combined-schema-examples-2020-12.json"] {
    guard let data = FileManager.default.contents(atPath: confluent.appendingPathComponent(name).path) else { continue }
    let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: #",(\s*[}\]])"#, with: "$1", options: .regularExpression)
    if case .array(let cases) = try JSONValue(parsing: text) {
        for item in cases { if let a = item["original_schema"], let b = item["update_schema"] { confluentCases.append((a, b)) } }
    }
}
if confluentCases.isEmpty {
    print("diff: \(confluent.path) is absent; the Confluent corpus benchmark is skipped")
} else {
    let rounds = 200
    let diffSeconds = best(of: settings.rounds, "diff") {
        for _ in 0..<rounds {
            for (original, updated) in confluentCases { sink &+= (try? SchemaDiff.compare(original: original, updated: updated))?.count ?? 0 }
        }
    }
    if !diffSeconds.isNaN {
        print("diff: Confluent corpus (\(confluentCases.count) cases)".padding(toLength: 47, withPad: " ", startingAt: 0)
              + String(format: "%8.2f µs/case", diffSeconds * 1e6 / Double(rounds * confluentCases.count)))
    }
}

if settings.only == nil || settings.only == "registry" {
    let folder = NSTemporaryDirectory() + "strata-bench-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let registry = SchemaRegistry(store: try SQLiteSchemaStore(path: folder + "/registry.sqlite"))
    try registry.setConfiguration(CompatibilityConfiguration(mode: .backwardTransitive, policy: .strict), for: "OrderPlaced")
    var document = try DocumentReader().read(file: packageRoot.appendingPathComponent("Schemas/OrderPlaced/1.json").path)
    func nextVersion(_ index: Int) -> JSONValue {
        guard case .object(var root) = document, case .object(var properties)? = root["properties"] else { return document }
        properties["extra\(index)"] = ["type": "string", "maxLength": 64]
        root["properties"] = .object(properties)
        document = .object(root)
        return document
    }
    for index in 1...50 { _ = try registry.register(nextVersion(index), as: "OrderPlaced") }
    let measured = 20
    let clock = ContinuousClock()
    var durations: [Double] = []
    for index in 51...(50 + measured) {
        let candidate = nextVersion(index)
        let elapsed = clock.measure { _ = try? registry.register(candidate, as: "OrderPlaced") }
        durations.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3)
    }
    durations.sort()
    print("register: BACKWARD_TRANSITIVE against 50-69 versions".padding(toLength: 47, withPad: " ", startingAt: 0)
          + String(format: "%8.2f ms median, %.2f ms worst", durations[durations.count / 2], durations.last!))
}

if settings.only == nil || settings.only == "regex" {
    // The worst a document's patterns can cost: linear-time searches that visit a 5,000-state NFA at
    // every position, until the document's regular-expression budget runs out (docs/json-schema.md).
    let schema = try JSONSchema(try JSONValue(parsing: #"{"items": {"pattern": "(?:a|b){1000}c"}}"#))
    let document = JSONValue.array(Array(repeating: .string(String(repeating: "a", count: 2_000)), count: 40))
    var exhausted = false
    let seconds = best(of: settings.rounds, "regex") { exhausted = !schema.isValid(document) }
    precondition(exhausted, "the regex budget was not exhausted")
    print("regex: one document spending its whole budget".padding(toLength: 47, withPad: " ", startingAt: 0)
          + String(format: "%8.1f ms (isValid; validate takes at most twice)", seconds * 1e3))
}

if settings.only == "validate-vs-rust" {
    try validateAgainstJSONSchemaRS()
}

if settings.only == nil || settings.only == "check" {
    let strata = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("strata")
    if FileManager.default.isExecutableFile(atPath: strata.path) {
        var durations: [Double] = []
        let clock = ContinuousClock()
        for _ in 0..<10 {
            let process = Process()
            process.executableURL = strata
            process.arguments = ["check", "Schemas", "--db", NSTemporaryDirectory() + "strata-bench-none.sqlite"]
            process.currentDirectoryURL = packageRoot
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let elapsed = clock.measure {
                try? process.run()
                process.waitUntilExit()
            }
            durations.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3)
        }
        durations.sort()
        print("strata check Schemas (cold process)".padding(toLength: 47, withPad: " ", startingAt: 0)
              + String(format: "%8.1f ms median of 10", durations[5]))
    } else {
        print("strata check: build the release binary first (scripts/bench.sh does) to time it")
    }
}

// MARK: - strata upcast: a JSON Lines file of v1 events through the release binary

if settings.only == nil || settings.only == "upcast-cli" {
    let strata = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("strata")
    if FileManager.default.isExecutableFile(atPath: strata.path) {
        let lines = orderPlacedV1Payloads(count: settings.events)
        var text: [UInt8] = []
        for line in lines { text += line; text.append(0x0A) }
        let file = NSTemporaryDirectory() + "strata-bench-upcast-" + UUID().uuidString
        defer { for suffix in ["", ".1", ".2"] { try? FileManager.default.removeItem(atPath: file + suffix) } }
        try Data(text).write(to: URL(fileURLWithPath: file))
        /// Runs `strata upcast` on the file with `jobs` threads, its output going to `output`.
        func upcast(jobs: Int, to output: FileHandle) {
            let process = Process()
            process.executableURL = strata
            process.arguments = ["upcast", file, "--type", "OrderPlaced", "--from", "1", "--jobs", String(jobs)]
            process.currentDirectoryURL = packageRoot
            process.standardOutput = output
            try? process.run()
            process.waitUntilExit()
            precondition(process.terminationStatus == 0, "strata upcast --jobs \(jobs) failed")
        }
        // Sanity: both job counts write the same bytes, one line per event, every sequence exact.
        for jobs in [1, 2] {
            precondition(FileManager.default.createFile(atPath: file + ".\(jobs)", contents: nil))
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file + ".\(jobs)"))
            upcast(jobs: jobs, to: handle)
            try handle.close()
        }
        let one = try Data(contentsOf: URL(fileURLWithPath: file + ".1"))
        let two = try Data(contentsOf: URL(fileURLWithPath: file + ".2"))
        precondition(one == two, "--jobs 2 wrote other bytes than --jobs 1")
        let written = one.split(separator: 0x0A)
        precondition(written.count == lines.count, "strata upcast wrote \(written.count) lines for \(lines.count)")
        for (position, line) in written.enumerated() where position % 997 == 0 {
            let sequence = try JSONValue(parsing: Array(line))["sequence"]?.number?.int64()
            precondition(sequence == (1 << 60) + Int64(position) * 7_919, "sequence lost")
        }
        for jobs in [1, 2] {
            let seconds = best(of: settings.rounds, "upcast-cli") { upcast(jobs: jobs, to: FileHandle.nullDevice) }
            report("strata upcast --jobs \(jobs) (whole process)", events: lines.count, bytes: text.count, seconds: seconds)
        }
    } else {
        print("strata upcast: build the release binary first (scripts/bench.sh does) to time it")
    }
}

// MARK: - Rebuilding aggregates: 1,000 orders of 1,000 events each, mixed versions

if settings.only == nil || settings.only == "rebuild" {
    let chain = try UpcasterChain(folder: packageRoot.appendingPathComponent("Upcasters").path,
                                  schemas: SchemaFolder(root: packageRoot.appendingPathComponent("Schemas").path),
                                  eventTypes: ["OrderPlaced", "OrderShipped", "PaymentRefunded"])
    let snapshots = packageRoot.appendingPathComponent("Examples/Aggregates/Snapshots").path
    let rebuilder = AggregateRebuilder<Order>(chain: chain, snapshotChain: try UpcasterChain(
        folder: snapshots + "/Upcasters", schemas: SchemaFolder(root: snapshots + "/Schemas")))
    let streams = orderStreams(count: 1_000, events: 1_000)
    let events = streams.reduce(0) { $0 + $1.rows.count }
    let bytes = streams.reduce(0) { $0 + $1.rows.reduce(0) { $0 + $1.payload.count } }
    print("rebuild: \(streams.count) order streams, \(events) events, \(bytes / 1_048_576) MB of payloads")
    // Sanity: every order rebuilds with its total and its last int64 sequence exact.
    for stream in streams {
        let order = try rebuilder.rebuild(stream.stream, from: stream.rows).aggregate
        precondition(order.total?.minorUnits == stream.total && order.lastSequence == stream.lastSequence, "\(stream.stream) rebuilt wrong")
    }
    let rebuildSeconds = best(of: settings.rounds, "rebuild") {
        for stream in streams {
            if let order = try? rebuilder.rebuild(stream.stream, from: stream.rows).aggregate { sink &+= order.shipments.count }
        }
    }
    report("rebuild: 1,000 orders x 1,000 events", events: events, bytes: bytes, seconds: rebuildSeconds,
           note: String(format: "%.0f orders/s", Double(streams.count) / rebuildSeconds))
    // From a snapshot at revision 899: read it (one decode), skip 900 records, apply 100.
    let snapshotsAt899 = try streams.map { try rebuilder.snapshot(of: rebuilder.rebuild($0.stream, from: $0.rows.prefix(900))) }
    let snapshotSeconds = best(of: settings.rounds, "rebuild") {
        for (stream, snapshot) in zip(streams, snapshotsAt899) {
            if let order = try? rebuilder.rebuild(stream.stream, from: stream.rows, snapshot: snapshot).aggregate { sink &+= order.shipments.count }
        }
    }
    report("  from a snapshot at revision 899", events: events, bytes: bytes, seconds: snapshotSeconds,
           note: String(format: "%.0f orders/s", Double(streams.count) / snapshotSeconds))
}

if settings.only == nil || settings.only == "stream" {
    let chain = try UpcasterChain(folder: packageRoot.appendingPathComponent("Upcasters").path,
                                  schemas: SchemaFolder(root: packageRoot.appendingPathComponent("Schemas").path),
                                  eventTypes: ["OrderPlaced", "OrderShipped", "PaymentRefunded"])
    sink &+= await streamBenchmark(chain: chain, events: settings.events, rounds: settings.rounds)
}

print("")
print("(checksum \(sink))")

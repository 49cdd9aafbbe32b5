// `--only validate-vs-rust`: Strata's `isValid` and jsonschema-rs's `is_valid` on the same schema
// and the same pre-parsed payloads, in one run (docs/benchmarks.md).
import EventSchema
import Foundation

/// The folder of the comparison's schema and Python script.
let validateVsRustFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("ValidateVsRust")

/// Payloads the benchmark schema must refuse, each for one reason; both validators must say so.
func deliberatelyInvalidPayloads(from valid: JSONValue) -> [JSONValue] {
    func changed(_ key: String, to value: JSONValue?) -> JSONValue {
        guard case .object(var object) = valid else { return valid }
        object[key] = value
        return .object(object)
    }
    return [
        changed("orderId", to: "ord_short"),
        changed("orderId", to: "order_0123456789"),
        changed("placedAt", to: "2024-13-10T10:30:00Z"),
        changed("placedAt", to: "2024-01-10 10:30:00Z"),
        changed("placedAt", to: "2024-01-10T10:30:00.+02:00"),
        changed("placedAt", to: "2024-01-10T24:30:00Z"),
        changed("sequence", to: -1),
        changed("customerId", to: nil),
        changed("note", to: "extra"),
        changed("total", to: ["minorUnits": 100, "currency": "eur"]),
        changed("lines", to: []),
        changed("lines", to: [["sku": "ab", "quantity": 1, "unitPrice": ["minorUnits": 1, "currency": "EUR"]]]),
    ]
}

/// Writes the schema and payloads to a temporary folder, times Strata, runs the Python script
/// that times jsonschema-rs on them, checks both agree on every verdict and prints both figures.
@MainActor
func validateAgainstJSONSchemaRS() throws {
    let schemaURL = validateVsRustFolder.appendingPathComponent("OrderPlaced-patterns.json")
    let schemaDocument = try JSONValue(parsing: Array(try Data(contentsOf: schemaURL)))
    let schema = try JSONSchema(schemaDocument, file: schemaURL.path)
    let timed = payloads.map { try! JSONValue(parsing: $0) }
    let invalid = deliberatelyInvalidPayloads(from: timed[0])
    let checked = Array(timed.prefix(1_000)) + invalid

    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("strata-validate-vs-rust-\(getpid())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    func jsonLines(_ values: [JSONValue]) -> Data {
        Data(values.map { $0.serialized() }.joined(separator: "\n").utf8)
    }
    try Data(schemaDocument.serialized().utf8).write(to: folder.appendingPathComponent("schema.json"))
    try jsonLines(timed).write(to: folder.appendingPathComponent("timed.jsonl"))
    try jsonLines(checked).write(to: folder.appendingPathComponent("checked.jsonl"))

    for value in timed { precondition(schema.isValid(value), "a generated payload is invalid: \(schema.validate(value).errors)") }
    for value in invalid { precondition(!schema.isValid(value), "a deliberately invalid payload is valid: \(value.serialized())") }
    let strataSeconds = best(of: settings.rounds, "validate-vs-rust") {
        for value in timed where schema.isValid(value) { sink &+= 1 }
    }

    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [settings.python, validateVsRustFolder.appendingPathComponent("validate_vs_rust.py").path,
                         folder.path, String(settings.rounds)]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0, let figures = printed.split(separator: "\n").last?.split(separator: " "),
          figures.count == 3, figures[0] == "jsonschema-rs", let rustSeconds = Double(figures[2]) else {
        print("validate-vs-rust: the jsonschema-rs script failed (exit \(process.terminationStatus)): \(printed)")
        exit(1)
    }

    let rustVerdicts = try String(contentsOf: folder.appendingPathComponent("rust-verdicts.txt"), encoding: .utf8)
        .split(separator: "\n").map { $0 == "1" }
    let strataVerdicts = checked.map { schema.isValid($0) }
    guard rustVerdicts == strataVerdicts else {
        let differing = zip(strataVerdicts, rustVerdicts).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
        print("validate-vs-rust: the validators disagree on \(differing.count) of \(checked.count) payloads, first \(differing.prefix(5).map { checked[$0].serialized() })")
        exit(1)
    }
    print("validate-vs-rust: \(timed.count) pre-parsed OrderPlaced payloads, \(schemaURL.lastPathComponent) (4 patterns), best of \(settings.rounds)")
    print("  verdicts agree on \(checked.count) payloads (\(invalid.count) deliberately invalid)")
    report("  Strata isValid(JSONValue)", events: timed.count, bytes: totalBytes, seconds: strataSeconds)
    report("  jsonschema-rs is_valid(obj)", events: timed.count, bytes: totalBytes, seconds: rustSeconds)
    print(String(format: "  Strata / jsonschema-rs: %.2fx", rustSeconds / strataSeconds))
}

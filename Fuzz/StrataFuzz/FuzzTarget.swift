import EventSchema
import EventUpcasting
import Foundation
import SchemaRegistry
import StrataCodegen

/// The parsers of outside input, each fuzzed on its own: `scripts/fuzz.sh TARGET SECONDS`.
///
/// A target returns quietly for input it refuses with an error; it traps (a finding) when the code
/// under test crashes, or when two paths that must agree do not.
enum FuzzTarget: String, CaseIterable {
    /// The JSON parser: what it accepts prints and parses back to the same value, and the payload
    /// tree's parser accepts exactly the same texts.
    case json
    /// The read path: bytes → payload tree → the example domain's upcasters → a struct (and, as
    /// `strata upcast` writes it, JSON text), on the bytes
    /// path and the value path, which must agree.
    case tree
    /// Schema compilation, and validation of the example payloads against what compiles; Strata's
    /// topology keywords, which must change neither validation nor the schema's identity.
    case schema
    /// The regex engine, through `pattern`: the first line is the pattern, the rest the subject; its
    /// DFA, Pike VM and backtracker must agree on the subject.
    case regex
    /// Upcaster files, as YAML and as JSON, and what a loaded upcaster does to a payload.
    case upcaster
    /// The compatibility diff: the input's two halves, split at the first NUL, as two schemas.
    case diff
    /// The code generator: the input as the current schema of one event type (beside the example
    /// domain's `Money`, so references reach another file), generated twice, which must agree.
    case codegen
    /// The lint configuration (`.strata/lint.yaml`): read twice, which must agree, then the example
    /// domain linted under what it reads.
    case lint
    /// KurrentDB-style records as JSON Lines, each line parsed and the records rebuilt as an
    /// aggregate of `OrderPlaced` events, stream by stream.
    case records
    /// Confluent's REST dialect: a request line and a body, answered by the registry (see
    /// `FuzzTarget+Confluent.swift`).
    case confluent
    /// A registry snapshot or a bundle document as a server sends them (see
    /// `FuzzTarget+Documents.swift`).
    case registryDocuments = "documents"

    /// Runs the target on one input.
    func run(_ bytes: [UInt8]) {
        switch self {
        case .json: Self.json(bytes)
        case .tree: Self.tree(bytes)
        case .schema: Self.schema(bytes)
        case .regex: Self.regex(bytes)
        case .upcaster: Self.upcaster(bytes)
        case .diff: Self.diff(bytes)
        case .codegen: Self.codegen(bytes)
        case .lint: Self.lint(bytes)
        case .records: Self.records(bytes)
        case .confluent: Self.confluent(bytes)
        case .registryDocuments: Self.registryDocuments(bytes)
        }
    }

    private static func json(_ bytes: [UInt8]) {
        let value = try? JSONValue(parsing: bytes)
        // The bytes path parses into its payload tree first: malformed input fails there as .invalidPayload.
        var treeAccepts = true
        do {
            _ = try FuzzContext.shared.reader.read(Ignored.self, eventType: "Unknown", version: 1, payload: bytes)
        } catch {
            if case .invalidPayload = error { treeAccepts = false }
        }
        precondition((value != nil) == treeAccepts, "the JSON and tree parsers disagree on acceptance")
        guard let value else { return }
        let text = value.serialized()
        guard let again = try? JSONValue(parsing: Array(text.utf8)) else { preconditionFailure("serialized JSON does not parse: \(text)") }
        precondition(again == value, "JSON does not survive a round trip")
        precondition(again.canonicalFingerprint == value.canonicalFingerprint, "fingerprint is not stable")
    }

    private static func tree(_ bytes: [UInt8]) {
        let reader = FuzzContext.shared.reader
        let value = try? JSONValue(parsing: bytes)
        for version in 1...3 {
            let fromBytes = try? reader.read(OrderPlacedRead.self, eventType: "OrderPlaced", version: version, payload: bytes)
            let fromValue = value.flatMap {
                try? reader.read(StoredEvent(eventType: "OrderPlaced", version: version, payload: $0), as: OrderPlacedRead.self)
            }
            precondition(fromBytes == fromValue, "the bytes path and the value path disagree at v\(version)")
        }
        // `strata upcast`'s path: the tree upcast and written back out (into a buffer sized by a
        // bound, which traps if the bound is ever short) parses to what the value path upcasts to.
        var buffers = ReadBuffers()
        for version in 1...3 {
            var output: [UInt8] = []
            let written = (try? reader.chain.upcast(payload: bytes, eventType: "OrderPlaced", from: version,
                                                    buffers: &buffers, appendingTo: &output)) != nil
            var upcast = value
            let upcastByValue = upcast != nil && (try? reader.chain.upcast(&upcast!, eventType: "OrderPlaced", from: version)) != nil
            precondition(written == upcastByValue, "the writer and the value path disagree on failing at v\(version)")
            if written { precondition((try? JSONValue(parsing: output)) == upcast, "the written text is not the value path's at v\(version)") }
        }
    }

    private static func schema(_ bytes: [UInt8]) {
        guard let document = try? JSONValue(parsing: bytes) else { return }
        // Strata's topology keywords: read or refused with an error, and all the schema identity sets aside.
        let annotations = try? TopologyAnnotations(schema: document)
        let plain = document.removingTopologyAnnotations
        precondition(!plain.hasTopologyAnnotations && plain.schemaIdentity == document.schemaIdentity, "the schema identity depends on the topology keywords")
        guard let schema = try? JSONSchema(document, options: JSONSchema.Options(assertsFormat: true)) else { return }
        let withoutKeywords = annotations == nil || !document.hasTopologyAnnotations ? nil : try? JSONSchema(plain, options: JSONSchema.Options(assertsFormat: true))
        for instance in FuzzContext.shared.instances + [document] {
            let result = schema.validate(instance)
            // The fast pass (plain keywords) and the detailed pass (compiled keywords) agree, unless
            // a search ran out of the regular-expression budget in one of them.
            let detailed = schema.detailedVerdict(instance)
            precondition(detailed.isValid == result.isValid
                         || detailed.errors.contains { $0.message.contains("regular-expression budget") },
                         "the fast and the detailed validation passes disagree")
            if let withoutKeywords { precondition(withoutKeywords.validate(instance) == result, "the topology keywords change validation") }
        }
    }

    private static func regex(_ bytes: [UInt8]) {
        let newline = bytes.firstIndex(of: 0x0A) ?? bytes.endIndex
        guard let pattern = String(validating: bytes[..<newline], as: UTF8.self) else { return }
        let subject = String(decoding: bytes[min(newline + 1, bytes.endIndex)...], as: UTF8.self)
        let document: JSONValue = .object(["pattern": .string(pattern), "patternProperties": .object([pattern: .bool(false)])])
        guard let schema = try? JSONSchema(document) else { return }
        _ = schema.validate(.string(subject))
        _ = schema.validate(.object([subject: .null]))
        // The DFA, the Pike VM and the backtracker must agree wherever they run.
        precondition(RegexMatcherCheck.matchersAgree(pattern: pattern, subject: subject) != false,
                     "the regex matchers disagree on /\(pattern)/ and \(subject.debugDescription)")
    }

    private static func upcaster(_ bytes: [UInt8]) {
        var documents: [JSONValue] = []
        if let value = try? JSONValue(parsing: bytes) { documents.append(value) }
        if let text = String(validating: bytes, as: UTF8.self), let value = try? JSONValue(yaml: text, file: "fuzz.yaml") {
            documents.append(value)
        }
        for document in documents {
            guard let upcaster = try? Upcaster(document, eventType: "OrderPlaced", from: 1, to: 2, file: "fuzz.yaml"),
                  let chain = try? UpcasterChain(upcasters: [upcaster], currentVersions: ["OrderPlaced": 2]) else { continue }
            for payload in FuzzContext.shared.instances {
                var copy = payload
                _ = try? chain.upcast(&copy, eventType: "OrderPlaced", from: 1)
            }
        }
    }

    private static func diff(_ bytes: [UInt8]) {
        let split = bytes.firstIndex(of: 0) ?? bytes.count / 2
        guard let original = try? JSONValue(parsing: bytes[..<split]),
              let updated = try? JSONValue(parsing: bytes[min(split + 1, bytes.endIndex)...]) else { return }
        _ = try? SchemaDiff.compare(original: original, updated: updated)
        _ = try? SchemaDiff.compare(original: updated, updated: original)
    }
}

extension FuzzTarget {
    /// A scratch schema folder per process: `Fuzzed/1.json` is rewritten for each input.
    private static let codegenFolder: String = {
        let root = NSTemporaryDirectory() + "strata-fuzz-codegen-\(getpid())"
        let context = ProcessInfo.processInfo.environment["STRATA_FUZZ_ROOT"] ?? FileManager.default.currentDirectoryPath
        try? FileManager.default.createDirectory(atPath: root + "/Fuzzed", withIntermediateDirectories: true)
        try? FileManager.default.createDirectory(atPath: root + "/Money", withIntermediateDirectories: true)
        try? FileManager.default.removeItem(atPath: root + "/Money/1.json")
        try? FileManager.default.copyItem(atPath: context + "/Schemas/Money/1.json", toPath: root + "/Money/1.json")
        return root
    }()

    fileprivate static func codegen(_ bytes: [UInt8]) {
        guard FileManager.default.createFile(atPath: codegenFolder + "/Fuzzed/1.json", contents: Data(bytes)) else {
            preconditionFailure("strata-fuzz: cannot write \(codegenFolder)")
        }
        let generator = SwiftGenerator(input: .schemas(codegenFolder))
        guard let first = try? generator.generate() else { return }
        guard let second = try? generator.generate() else { preconditionFailure("the generator failed on its second run") }
        precondition(first.files.map(\.contents) == second.files.map(\.contents), "the generator is not deterministic")
    }
}

extension FuzzTarget {
    /// The example domain as `strata lint` reads it, once.
    private static let lintCatalog: LintCatalog = {
        let root = ProcessInfo.processInfo.environment["STRATA_FUZZ_ROOT"] ?? FileManager.default.currentDirectoryPath
        do {
            return try LintCatalog(schemas: root + "/Schemas", upcasters: root + "/Upcasters", sharedTypes: [])
        } catch {
            fatalError("strata-fuzz: cannot lint the example domain under \(root): \(error)")
        }
    }()

    fileprivate static func lint(_ bytes: [UInt8]) {
        guard let configuration = try? LintConfiguration(bytes: bytes, file: "lint.yaml") else { return }
        precondition((try? LintConfiguration(bytes: bytes, file: "lint.yaml")) == configuration, "a lint configuration reads differently twice")
        let report = Linter(configuration: configuration).lint(lintCatalog)
        precondition(report.findings.allSatisfy { configuration.rules[$0.rule]?.isEnabled == true }, "a disabled rule reported a finding")
    }

    /// Every line that parses keeps its `data` as the same JSON; a rebuild that succeeds saw each
    /// stream's revisions go 0, 1, 2 … with nothing missing, repeated or out of order.
    fileprivate static func records(_ bytes: [UInt8]) {
        var records: [KurrentRecord] = []
        for line in bytes.split(separator: 0x0A) {
            guard let record = try? KurrentRecord(jsonLine: line) else { continue }
            let data = try? JSONValue(parsing: line)["data"]
            precondition(data != nil && (try? JSONValue(parsing: record.data)) == data, "a record's data changed on the way")
            records.append(record)
        }
        let rebuilder = AggregateRebuilder<FuzzOrders>(chain: FuzzContext.shared.reader.chain, options: RebuildOptions(unknownEventTypes: .ignore))
        guard let rebuilt = try? rebuilder.rebuildAll(from: records) else { return }
        for stream in rebuilt {
            let revisions = records.filter { $0.streamId == stream.stream }.map(\.revision)
            precondition(revisions == Array(0..<Int64(revisions.count)), "a rebuild accepted the revisions \(revisions)")
        }
    }
}

/// The orders a stream placed, for the `records` target.
struct FuzzOrders: EventSourcedAggregate {
    static let eventTypes = AggregateEventTypes<OrderPlacedRead>().on(OrderPlacedRead.self, as: "OrderPlaced") { $0 }
    var sequences: [Int64] = []
    init() {}
    mutating func apply(_ event: OrderPlacedRead) { sequences.append(event.sequence) }
}

/// The example domain, read once from `Schemas/` and `Upcasters/` under the working directory
/// (or `STRATA_FUZZ_ROOT`).
final class FuzzContext: Sendable {
    static let shared = FuzzContext()

    let reader: EventReader
    /// Every example payload of the domain.
    let instances: [JSONValue]

    private init() {
        let root = ProcessInfo.processInfo.environment["STRATA_FUZZ_ROOT"] ?? FileManager.default.currentDirectoryPath
        do {
            let folder = try SchemaFolder(root: root + "/Schemas")
            // OrderPlaced's chain is all declarative; other types may name Swift upcasters.
            let chain = try UpcasterChain(folder: root + "/Upcasters", schemas: folder, eventTypes: ["OrderPlaced"])
            reader = EventReader(chain: chain, types: EventTypeMap())
            var instances: [JSONValue] = []
            for schema in folder.schemas {
                for example in try folder.examples(of: schema) {
                    instances.append(try DocumentReader().read(file: example.path))
                }
            }
            self.instances = instances
        } catch {
            fatalError("strata-fuzz: cannot load the example domain under \(root): \(error)")
        }
    }
}

/// `OrderPlaced` at its current version, as a consumer reads it.
struct OrderPlacedRead: Decodable, Equatable, Sendable {
    struct Money: Decodable, Equatable, Sendable { var minorUnits: Int64; var currency: String }
    struct Line: Decodable, Equatable, Sendable { var sku: String; var quantity: Int; var unitPrice: Money }
    var orderId: String
    var customerId: String
    var total: Money
    var lines: [Line]
    var placedAt: Date
    var sequence: Int64
}

/// A struct that reads nothing, for parsing alone.
struct Ignored: Decodable {}

import EventSchema
import EventUpcasting
import Foundation
import StrataTestSupport
import Testing

struct BridgeVerifierTests {
    static let root = Conformance.packageRoot.path

    static let splitName = UpcasterTests.splitName

    /// A verifier over `schemas` and `upcasters` folders.
    static func verifier(_ schemas: String, _ upcasters: String, swift: [String: SwiftUpcaster] = [:]) throws -> BridgeVerifier {
        let folder = try SchemaFolder(root: schemas)
        let chain = try UpcasterChain(folder: upcasters, schemas: folder, swiftUpcasters: swift)
        return BridgeVerifier(schemas: try VersionedSchemas(folder: folder), chain: chain, golden: try BridgeVerifier.goldenExamples(in: folder))
    }

    @Test func everyExampleDomainChainVerifiesIncludingTheSwiftUpcaster() throws {
        let verifier = try Self.verifier(Self.root + "/Schemas", Self.root + "/Upcasters", swift: ["splitName": Self.splitName])
        for type in ["OrderPlaced", "CustomerRegistered"] {
            let reports = try verifier.verify(eventType: type)
            #expect(!reports.isEmpty)
            for report in reports {
                #expect(report.isBridged, "\(report)")
                #expect(report.golden.allSatisfy { $0.failure == nil })
                guard case .passed(let count) = report.generated else { Issue.record("\(report.generated)"); continue }
                #expect(count == 200)
            }
        }
        // Declarative chains are proved on the schemas; the Swift one cannot be, and says so.
        #expect(try verifier.verify(EventVersion("OrderPlaced", 1)).symbolic == .proved)
        guard case .undecidable(let reason) = try verifier.verify(EventVersion("CustomerRegistered", 1)).symbolic else {
            Issue.record("a Swift upcaster should leave the symbolic check undecided")
            return
        }
        #expect(reason == "CustomerRegistered v1 step 1: the Swift upcaster splitName cannot be read as a schema change")
    }

    /// A toy type whose v2 turns the float `amount` into integer cents and requires `flag`.
    static func toy(_ directory: TemporaryDirectory, upcaster: String) throws -> BridgeVerifier {
        try directory.write("Schemas/Toy/1.json", """
            {"type": "object", "required": ["amount"], "additionalProperties": false,
             "properties": {"amount": {"type": "number", "minimum": 0, "maximum": 1000000, "multipleOf": 0.01}, "note": {"type": "string", "maxLength": 20}}}
            """)
        try directory.write("Schemas/Toy/2.json", """
            {"type": "object", "required": ["amount", "flag"], "additionalProperties": false,
             "properties": {"amount": {"type": "integer"}, "note": {"type": "string"}, "flag": {"type": "boolean"}}}
            """)
        try directory.write("Upcasters/Toy/1-to-2.yaml", upcaster)
        return try verifier(directory.path + "/Schemas", directory.path + "/Upcasters")
    }

    @Test func aForgottenDefaultIsCaughtByBothMethodsWithACounterexample() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let report = try Self.toy(directory, upcaster: "steps:\n  - convert: /amount\n    with: decimal-to-minor-units\n    scale: 2\n").verify(EventVersion("Toy", 1))
        #expect(!report.isBridged)
        #expect(report.symbolic == .remaining([SchemaDifference(kind: .requiredPropertyAddedToUnopenContentModel, path: "#/properties/flag")]))
        guard case .failed(let counterexample) = report.generated else { Issue.record("\(report.generated)"); return }
        // Shrunk: the note is gone and the amount is as small as it gets.
        #expect(counterexample.payload == ["amount": 0])
        #expect(counterexample.failure == "Toy v2 at #: required property \"flag\" is missing")
        print("counterexample:", counterexample)
    }

    @Test func aConverterThatFailsOnSomeValidPayloadsIsRefutedAndShownByExample() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = try Self.toy(directory, upcaster: "steps:\n  - convert: /amount\n    with: decimal-to-minor-units\n    scale: 2\n  - set: /flag\n    value: true\n")
        // Without multipleOf, v1 allows 1.005, which the converter refuses to round.
        try directory.write("Schemas/Toy/1.json", """
            {"type": "object", "required": ["amount"], "properties": {"amount": {"type": "number", "minimum": 0, "maximum": 1000000}}}
            """)
        let report = try Self.verifier(directory.path + "/Schemas", directory.path + "/Upcasters").verify(EventVersion("Toy", 1))
        #expect(report.symbolic == .refuted("Toy v1 step 1: decimal-to-minor-units at /amount fails on numbers with more than 2 decimals, which the old schema allows (it has no multipleOf 0.01)"))
        guard case .failed(let counterexample) = report.generated else { Issue.record("\(report.generated)"); return }
        #expect(counterexample.failure.hasPrefix("Toy v1 step 1 at /amount:") && counterexample.failure.hasSuffix("has more than 2 decimals; minor units would lose them"))
        // Shrunk to the fraction alone.
        #expect(counterexample.payload["amount"]?.number.map { $0 < JSONNumber(1) } == true)
        print("counterexample:", counterexample)
    }

    @Test func aWrongConverterIsCaughtByBothMethodsWithACounterexample() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let report = try Self.toy(directory, upcaster: """
            steps:
              - convert: /amount
                with: number-to-string
              - set: /flag
                value: false
            """).verify(EventVersion("Toy", 1))
        #expect(!report.isBridged)
        guard case .remaining(let remaining) = report.symbolic else { Issue.record("\(report.symbolic)"); return }
        #expect(remaining.map(\.path) == ["#/properties/amount"])
        guard case .failed(let counterexample) = report.generated else { Issue.record("\(report.generated)"); return }
        #expect(counterexample.payload == ["amount": 0])
        #expect(counterexample.failure.hasPrefix("Toy v2 at #/amount:"))
        print("counterexample:", counterexample)
    }

    @Test func aSwiftUpcasterThatThrowsIsACounterexampleNotACrash() throws {
        struct Refused: Error {}
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        do { _ = try Self.toy(directory, upcaster: "steps:\n  - swift: refuseNotes\n") } catch UpcastingError.missingSwiftUpcaster {}
        let folder = try SchemaFolder(root: directory.path + "/Schemas")
        let refuseNotes: SwiftUpcaster = { payload in
            if payload["note"] != nil { throw Refused() }
            payload["flag"] = true
            if case .number(let amount)? = payload["amount"] { payload["amount"] = .number(amount.scaled(byPowerOfTen: 2)) }
        }
        let chain = try UpcasterChain(folder: directory.path + "/Upcasters", schemas: folder, swiftUpcasters: ["refuseNotes": refuseNotes])
        let report = try BridgeVerifier(schemas: try VersionedSchemas(folder: folder), chain: chain).verify(EventVersion("Toy", 1))
        guard case .undecidable = report.symbolic else { Issue.record("\(report.symbolic)"); return }
        guard case .failed(let counterexample) = report.generated else { Issue.record("\(report.generated)"); return }
        #expect(counterexample.payload == ["amount": 0, "note": ""])
        #expect(counterexample.failure.contains("Swift upcaster \"refuseNotes\" failed"))
    }

    @Test func anUpcasterThatLoopsOrWritesANonJSONValueEndsTheCheckNotTheProcess() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        do { _ = try Self.toy(directory, upcaster: "steps:\n  - swift: bad\n") } catch UpcastingError.missingSwiftUpcaster {}
        let folder = try SchemaFolder(root: directory.path + "/Schemas")
        struct Old: Decodable, Sendable { var amount: Double }
        struct Wrong: Encodable, Sendable { var amount: Double; var flag: Bool }
        let nonJSON = Upcaster.typed(Old.self) { old in Wrong(amount: old.amount * .nan, flag: true) }
        let loops: SwiftUpcaster = { _ in while !Task.isCancelled { Thread.sleep(forTimeInterval: 0.01) } }
        // The non-JSON upcaster gets the default limit: on a loaded CI machine (sanitizers, two cores)
        // generating the payloads alone can take longer than the loop's short limit.
        func report(_ bad: @escaping SwiftUpcaster, timeLimit: Duration = .seconds(30)) throws -> BridgeReport {
            let chain = try UpcasterChain(folder: directory.path + "/Upcasters", schemas: folder, swiftUpcasters: ["bad": bad])
            var verifier = BridgeVerifier(schemas: try VersionedSchemas(folder: folder), chain: chain)
            verifier.timeLimit = timeLimit
            return try verifier.verify(EventVersion("Toy", 1))
        }
        let nonJSONReport = try report(nonJSON).generated
        guard case .failed(let counterexample) = nonJSONReport else { Issue.record("expected a counterexample, got \(nonJSONReport)"); return }
        #expect(counterexample.failure.contains("Swift upcaster \"bad\" failed"))
        let clock = ContinuousClock()
        let started = clock.now
        #expect(try report(loops, timeLimit: .milliseconds(300)).generated == .timedOut(after: 0))
        #expect(clock.now - started < .seconds(15))  // cut off after 300 ms; loose for loaded CI machines
    }

    @Test func schemasTheGeneratorCannotSatisfyNameTheKeyword() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("Schemas/P/1.json", #"{"type": "object", "required": ["code"], "properties": {"code": {"type": "string", "pattern": "^[A-Z]{3}$"}}}"#)
        try directory.write("Schemas/P/2.json", #"{"type": "object", "required": ["code"], "patternProperties": {"^x": {"type": "string"}}}"#)
        try directory.write("Schemas/P/3.json", #"{"type": "object"}"#)
        try directory.write("Upcasters/P/1-to-2.yaml", "steps: []\n")
        try directory.write("Upcasters/P/2-to-3.yaml", "steps: []\n")
        let verifier = try Self.verifier(directory.path + "/Schemas", directory.path + "/Upcasters")
        let reports = try verifier.verify(eventType: "P")
        #expect(reports.map(\.generated) == [
            .notGenerated("cannot generate P v1 payloads: at /code, pattern: no golden example has a value at /code to draw from; add one under examples/v1/"),
            .notGenerated("cannot generate P v2 payloads: at #, patternProperties: not supported by the payload generator"),
        ])
        // With a golden example, the pattern is drawn from it.
        try directory.write("Schemas/P/examples/v1/typical.json", #"{"code": "EUR"}"#)
        let again = try Self.verifier(directory.path + "/Schemas", directory.path + "/Upcasters")
        #expect(try again.verify(EventVersion("P", 1)).generated == .passed(count: 200))
    }

    @Test func aGoldenExampleMustMatchItsPinnedCurrentForm() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try FileManager.default.copyItem(atPath: Self.root + "/Schemas", toPath: directory.path + "/Schemas")
        let pinned = try directory.write("Schemas/OrderPlaced/examples/v1/typical.expected.json",
                                         String(decoding: try Data(contentsOf: URL(fileURLWithPath: Self.root + "/Schemas/OrderPlaced/examples/v1/typical.expected.json")), as: UTF8.self)
                                            .replacingOccurrences(of: "\"EUR\"", with: "\"USD\""))
        let verifier = try Self.verifier(directory.path + "/Schemas", Self.root + "/Upcasters", swift: ["splitName": Self.splitName])
        let report = try verifier.verify(EventVersion("OrderPlaced", 1))
        let failures = report.golden.filter { $0.failure != nil }
        #expect(failures.map { ($0.file as NSString).lastPathComponent } == ["typical.json"])
        #expect(failures.first?.failure?.hasSuffix("not the pinned \(pinned)") == true)
        #expect(!report.isBridged)
    }
}

/// The symbolic check claims a proof only where every payload is covered; these are cases where a
/// careless transformation would claim one falsely.
struct SymbolicBridgeSoundnessTests {
    static func outcome(_ schema: String, _ steps: [UpcastStep]) throws -> SymbolicBridge.Outcome {
        SymbolicBridge.transform(try JSONValue(parsing: Array(schema.utf8)),
                                 through: [Upcaster(eventType: "T", fromVersion: 1, toVersion: 2, steps: steps)])
    }

    static func kind(_ outcome: SymbolicBridge.Outcome) -> String {
        switch outcome {
        case .transformed: "transformed"
        case .undecidable: "undecidable"
        case .refuted: "refuted"
        }
    }

    @Test func stepsThatMightLeaveOrMeetUnknownValuesAreNotProved() throws {
        let open = #"{"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}"#
        let pair = #"{"type": "object", "required": ["b"], "additionalProperties": false, "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}}"#
        let arrays = #"{"type": "object", "additionalProperties": false, "properties": {"a": {"type": "array", "items": {"type": "object", "properties": {"x": {"type": "string"}}}}, "b": {"type": "array", "items": {"type": "object", "properties": {"x": {"type": "string"}}}}}}"#
        let text = #"{"type": "object", "required": ["amount"], "additionalProperties": false, "properties": {"amount": {"type": "string", "multipleOf": 0.01}}}"#
        let optionalAt = #"{"type": "object", "additionalProperties": false, "properties": {"at": {"type": "string", "format": "date-time"}}}"#
        // A default on an open object: a value may already be there, of any type.
        #expect(Self.kind(try Self.outcome(open, [.set(pointer: UpcastPointer("/tier")!, value: "basic", onlyIfAbsent: true)])) == "undecidable")
        // A new parent in an open object: a payload may hold a non-object there.
        #expect(Self.kind(try Self.outcome(open, [.set(pointer: UpcastPointer("/meta/source")!, value: "x", onlyIfAbsent: false)])) == "undecidable")
        // Moving an optional member onto a declared one: when it is absent, the old value stays.
        #expect(Self.kind(try Self.outcome(pair, [.move(from: UpcastPointer("/a")!, to: UpcastPointer("/b")!)])) == "undecidable")
        // Wildcards in different arrays do not pair up.
        #expect(Self.kind(try Self.outcome(arrays, [.move(from: UpcastPointer("/a/*/x")!, to: UpcastPointer("/b/*/x")!)])) == "undecidable")
        // A converter that fails on some allowed values, and a rename onto a member that may be present.
        #expect(Self.kind(try Self.outcome(text, [.convert(pointer: UpcastPointer("/amount")!, converter: .decimalToMinorUnits(scale: 2))])) == "refuted")
        #expect(Self.kind(try Self.outcome(open, [.rename(pointer: UpcastPointer("/id")!, newName: "customerId")])) == "refuted")
        // A default that its own subschema refuses (with format asserted).
        #expect(Self.kind(try Self.outcome(optionalAt, [.set(pointer: UpcastPointer("/at")!, value: "unknown", onlyIfAbsent: true)])) == "undecidable")
        // RFC 3339 with fractional seconds gives a decimal, not an integer.
        guard case .transformed(let times) = try Self.outcome(#"{"type": "object", "required": ["at"], "additionalProperties": false, "properties": {"at": {"type": "string", "format": "date-time"}}}"#,
                                                              [.convert(pointer: UpcastPointer("/at")!, converter: .rfc3339ToUnixSeconds)]) else {
            Issue.record("expected a transformed schema")
            return
        }
        #expect(times["properties"]?["at"] == ["type": "number"])
    }
}

struct PayloadGeneratorBoundsTests {
    static func generate(_ schema: String, count: Int = 20) throws -> [JSONValue] {
        let node = EventVersion("G", 1)
        let schemas = VersionedSchemas(entries: [node: .init(document: try JSONValue(parsing: Array(schema.utf8)), baseURI: "strata:///G/1.json")])
        var generator = PayloadGenerator(schemas: schemas, seed: 7)
        return try generator.payloads(of: node, count: count)
    }

    @Test func hugeSizesAndExtremeBoundsAreErrorsOrHandledNeverACrash() throws {
        #expect(throws: PayloadGenerator.Failure.self) { try Self.generate(#"{"type": "string", "minLength": 9223372036854775800}"#) }
        #expect(throws: PayloadGenerator.Failure.self) { try Self.generate(#"{"type": "array", "minItems": 100000000}"#) }
        #expect(try Self.generate(#"{"type": "integer", "exclusiveMinimum": 9223372036854775807}"#, count: 0).isEmpty)
        #expect(throws: PayloadGenerator.Failure.self) { try Self.generate(#"{"type": "integer", "exclusiveMaximum": -9223372036854775808}"#) }
    }

    @Test func aRecursiveSchemaStillGeneratesItsLargestPayloads() throws {
        let tree = ##"{"type": "object", "required": ["name"], "properties": {"name": {"type": "string", "maxLength": 3}, "children": {"type": "array", "items": {"$ref": "#"}}}}"##
        let payloads = try Self.generate(tree, count: 8)
        #expect(payloads.count == 8)
    }
}

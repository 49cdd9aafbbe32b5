import EventSchema
import EventUpcasting
import Foundation
import PropertyBased
import StrataTestSupport
import Testing

/// Any JSON, read through `Decodable`: what a payload decodes to, whichever path read it.
struct AnyJSON: Decodable, Equatable, CustomStringConvertible {
    var value: JSONValue

    init(from decoder: any Decoder) throws {
        if let keyed = try? decoder.container(keyedBy: DynamicKey.self) {
            var object = JSONObject()
            for key in keyed.allKeys { object[key.stringValue] = try keyed.decode(AnyJSON.self, forKey: key).value }
            value = .object(object)
        } else if var unkeyed = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            while !unkeyed.isAtEnd { elements.append(try unkeyed.decode(AnyJSON.self).value) }
            value = .array(elements)
        } else {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() {
                value = .null
            } else if let flag = try? single.decode(Bool.self) {
                value = .bool(flag)
            } else if let text = try? single.decode(String.self) {
                value = .string(text)
            } else if let integer = try? single.decode(Int64.self) {
                value = .number(JSONNumber(integer))
            } else if let integer = try? single.decode(UInt64.self) {
                value = .number(JSONNumber(integer))
            } else {
                value = .number(JSONNumber(try single.decode(Decimal.self)))
            }
        }
    }

    var description: String { value.serialized() }
}

/// `EventReader.read(_:eventType:version:payload:)` reads bytes through a flat `PayloadTree`, not
/// `JSONValue`. Whatever the payload, it must give what parsing into a `JSONValue` and reading that
/// gives: the same value or the same error.
struct BytesReadPathTests {
    static let root = Conformance.packageRoot.path
    static let folder = try! SchemaFolder(root: root + "/Schemas")
    static let schemas = try! VersionedSchemas(folder: folder)

    /// What reading `bytes` as `Event` gives on the JSONValue path: parse, upcast, decode.
    func readThroughValue<Event: Decodable>(_ type: Event.Type, _ reader: EventReader, eventType: String, version: Int,
                                            bytes: [UInt8]) -> Result<Event, UpcastingError> {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            return .failure(.invalidPayload(eventType: eventType, version: version, error: error))
        }
        return Result { () throws(UpcastingError) -> Event in
            try reader.read(StoredEvent(eventType: eventType, version: version, payload: value), as: Event.self)
        }
    }

    func readThroughBytes<Event: Decodable>(_ type: Event.Type, _ reader: EventReader, eventType: String, version: Int,
                                            bytes: [UInt8]) -> Result<Event, UpcastingError> {
        Result { () throws(UpcastingError) -> Event in
            try reader.read(Event.self, eventType: eventType, version: version, payload: bytes)
        }
    }

    /// Expects both paths to give the same; returns whether they both succeeded.
    @discardableResult
    func expectSameOutcome(_ reader: EventReader, eventType: String, version: Int, bytes: [UInt8],
                           sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let expected = readThroughValue(AnyJSON.self, reader, eventType: eventType, version: version, bytes: bytes)
        let actual = readThroughBytes(AnyJSON.self, reader, eventType: eventType, version: version, bytes: bytes)
        switch (expected, actual) {
        case (.success(let a), .success(let b)):
            #expect(a == b, "\(String(decoding: bytes, as: UTF8.self))", sourceLocation: sourceLocation)
            return true
        case (.failure(let a), .failure(let b)):
            #expect(a == b, "\(String(decoding: bytes, as: UTF8.self))", sourceLocation: sourceLocation)
        default:
            Issue.record("\(String(decoding: bytes, as: UTF8.self)): JSONValue path \(expected), bytes path \(actual)", sourceLocation: sourceLocation)
        }
        return false
    }

    func exampleReader() throws -> EventReader {
        let chain = try UpcasterChain(folder: Self.root + "/Upcasters", schemas: Self.folder, eventTypes: ["OrderPlaced"])
        var types = EventTypeMap()
        types.register(CurrentOrderPlaced.self, as: "OrderPlaced")
        return EventReader(chain: chain, types: types)
    }

    /// For any seed, generated OrderPlaced payloads of every version read the same on both paths,
    /// as the current struct and as plain JSON, with `sequence` exact.
    @Test func generatedPayloadsReadTheSameOnBothPaths() async throws {
        let reader = try exampleReader()
        let golden = try BridgeVerifier.goldenExamples(in: Self.folder)
        await propertyCheck(count: 20, input: Gen.uint64()) { seed in
            for (version, payload) in try Self.generatedOrders(seed: seed, golden: golden) {
                let bytes = payload.serializedBytes()
                let order = try reader.read(CurrentOrderPlaced.self, eventType: "OrderPlaced", version: version, payload: bytes)
                #expect(order == (try readThroughValue(CurrentOrderPlaced.self, reader, eventType: "OrderPlaced", version: version, bytes: bytes).get()))
                #expect(JSONValue.number(JSONNumber(order.sequence)) == payload["sequence"])
                expectSameOutcome(reader, eventType: "OrderPlaced", version: version, bytes: bytes)
            }
        }
    }

    /// Six generated OrderPlaced payloads of each version for `seed`, with the version they are of.
    static func generatedOrders(seed: UInt64, golden: [EventVersion: [(file: String, payload: JSONValue)]]) throws -> [(Int, JSONValue)] {
        var orders: [(Int, JSONValue)] = []
        for version in 1...3 {
            let node = EventVersion("OrderPlaced", version)
            let samples = PayloadGenerator.samples(from: (golden[node] ?? []).map(\.payload))
            var generator = PayloadGenerator(schemas: schemas, samples: [node: samples], seed: seed)
            orders += try generator.payloads(of: node, count: 6).map { (version, $0) }
        }
        return orders
    }

    /// For any seed, generated OrderPlaced payloads of every version read as v2 — v3 through the
    /// downcaster, v1 through the upcaster — the same on both paths, with `sequence` exact.
    @Test func generatedPayloadsReadAsAnOlderVersionTheSameOnBothPaths() async throws {
        var reader = try exampleReader()
        reader.targetVersions = ["OrderPlaced": 2]
        let golden = try BridgeVerifier.goldenExamples(in: Self.folder)
        await propertyCheck(count: 20, input: Gen.uint64()) { seed in
            for (version, payload) in try Self.generatedOrders(seed: seed, golden: golden) {
                let bytes = payload.serializedBytes()
                #expect(expectSameOutcome(reader, eventType: "OrderPlaced", version: version, bytes: bytes))
                let read = try reader.read(AnyJSON.self, eventType: "OrderPlaced", version: version, payload: bytes)
                #expect(read.value["sequence"] == payload["sequence"])
                #expect(read.value["placedAt"]?.number?.isInteger == true)
            }
        }
        // Payloads a step cannot take fail alike: placedAt that is not a date-time.
        for placedAt: JSONValue in [1718042701, "yesterday", .null, ["at": 1]] {
            var payload = try DocumentReader().read(file: Self.root + "/Schemas/OrderPlaced/examples/v3/typical.json")
            payload["placedAt"] = placedAt
            expectSameOutcome(reader, eventType: "OrderPlaced", version: 3, bytes: payload.serializedBytes())
        }
    }

    /// Payloads that break their schema (a member missing, of the wrong kind, or added) fail or
    /// succeed alike on both paths, with the same error.
    @Test func brokenPayloadsFailTheSameOnBothPaths() async throws {
        let reader = try exampleReader()
        let replacements: [JSONValue] = [.null, true, "text", 7, 1.5, [1, 2], ["nested": ["deeper": 1]], .number(JSONNumber(exactly: "99999999999999999999")!)]
        let payload = try DocumentReader().read(file: Self.root + "/Schemas/OrderPlaced/examples/v1/typical.json")
        guard case .object(let object) = payload else { Issue.record("the example is not an object"); return }
        for key in object.keys {
            var without = object
            without[key] = nil
            expectSameOutcome(reader, eventType: "OrderPlaced", version: 1, bytes: JSONValue.object(without).serializedBytes())
            for replacement in replacements {
                var changed = object
                changed[key] = replacement
                expectSameOutcome(reader, eventType: "OrderPlaced", version: 1, bytes: JSONValue.object(changed).serializedBytes())
                var lines = object
                lines["lines"] = [["sku": "ABC-1", "quantity": 1, "unitPrice": replacement], .null]
                expectSameOutcome(reader, eventType: "OrderPlaced", version: 1, bytes: JSONValue.object(lines).serializedBytes())
            }
        }
        var extra = object
        extra["total"] = ["minorUnits": 1, "currency": "USD"]
        extra["x\u{e9}\\\"\u{1F600}"] = "\u{0}\n\u{2028}"
        expectSameOutcome(reader, eventType: "OrderPlaced", version: 1, bytes: JSONValue.object(extra).serializedBytes())
    }

    /// The bytes path finds what to run for a type and version with one lookup by type. Every
    /// version, from before the first to past the current one, and a type the chain does not know,
    /// read the same as on the JSONValue path: upcast, left as current, or refused.
    @Test func everyStoredVersionAndUnknownTypesReadAlike() throws {
        let reader = try exampleReader()
        for version in 1...3 {
            let bytes = try DocumentReader().read(file: Self.root + "/Schemas/OrderPlaced/examples/v\(version)/typical.json").serializedBytes()
            for stored in [-1, 0, 1, 2, 3, 4] {
                expectSameOutcome(reader, eventType: "OrderPlaced", version: stored, bytes: bytes)
            }
            #expect(expectSameOutcome(reader, eventType: "NotInTheCatalog", version: version, bytes: bytes))
            #expect(expectSameOutcome(reader, eventType: "OrderPlaced", version: version, bytes: bytes))
        }
        let future = #expect(throws: UpcastingError.self) {
            try reader.read(CurrentOrderPlaced.self, eventType: "OrderPlaced", version: 4, payload: Array("{}".utf8))
        }
        #expect(future == .unknownVersion(eventType: "OrderPlaced", version: 4))
    }

    /// A value the struct cannot take, after steps moved and wrapped what is around it, is named by
    /// its pointer in the upcast payload, on both paths.
    @Test func decodingErrorsAfterStepsNameTheSamePointer() throws {
        let reader = try exampleReader()
        let payload = try DocumentReader().read(file: Self.root + "/Schemas/OrderPlaced/examples/v1/typical.json")
        for (pointer, replacement) in [("/lines/1/quantity", JSONValue.string("two")), ("/lines/0/sku", 5), ("/sequence", 1.5)] {
            var broken = payload
            let tokens = JSONPointer(pointer)!.tokens
            if tokens.count == 1 {
                broken[tokens[0]] = replacement
            } else if case .array(var lines)? = broken["lines"], let index = Int(tokens[1]) {
                lines[index][tokens[2]] = replacement
                broken["lines"] = .array(lines)
            }
            let bytes = broken.serializedBytes()
            let error = #expect(throws: UpcastingError.self) {
                try reader.read(CurrentOrderPlaced.self, eventType: "OrderPlaced", version: 1, payload: bytes)
            }
            guard case .decodingFailed(_, _, let failure)? = error else { Issue.record("\(pointer): \(String(describing: error))"); continue }
            #expect(failure.pointer == JSONPointer(pointer)!)
            #expect(readThroughValue(CurrentOrderPlaced.self, reader, eventType: "OrderPlaced", version: 1, bytes: bytes).failure == error)
        }
    }

    /// Steps of every kind, with and without `*`, whose sources and targets are present, absent
    /// or of the wrong kind on some of ``payloads``.
    static let steps: [UpcastStep] = [
        .rename(pointer: pointer("/a"), newName: "renamed"),
        .rename(pointer: pointer("/a"), newName: "b"),
        .rename(pointer: pointer("/o/x"), newName: "y"),
        .rename(pointer: pointer("/list/*/k"), newName: "key"),
        .move(from: pointer("/a"), to: pointer("/moved/deep/a")),
        .move(from: pointer("/o"), to: pointer("/list/*/o")),
        .copy(from: pointer("/b"), to: pointer("/list/*/b")),
        .copy(from: pointer("/o"), to: pointer("/o/self")),
        .copy(from: pointer("/list/0"), to: pointer("/first")),
        .move(from: pointer("/list/*/k"), to: pointer("/keys/*")),
        .set(pointer: pointer("/a"), value: ["set": [1, "two", nil]], onlyIfAbsent: true),
        .set(pointer: pointer("/a"), value: 1234567890123456789, onlyIfAbsent: false),
        .set(pointer: pointer("/new/member"), value: "made", onlyIfAbsent: true),
        .set(pointer: pointer("/list/*/flag"), value: false, onlyIfAbsent: true),
        .remove(pointer: pointer("/a")),
        .remove(pointer: pointer("/list/1")),
        .remove(pointer: pointer("/list/*")),
        .remove(pointer: pointer("/o/*")),
        .remove(pointer: pointer("/list/*/k")),
        .convert(pointer: pointer("/n"), converter: .decimalToMinorUnits(scale: 2)),
        .convert(pointer: pointer("/n"), converter: .minorUnitsToDecimal(scale: 3)),
        .convert(pointer: pointer("/n"), converter: .numberToString),
        .convert(pointer: pointer("/b"), converter: .stringToNumber),
        .convert(pointer: pointer("/t"), converter: .unixSecondsToRFC3339),
        .convert(pointer: pointer("/b"), converter: .rfc3339ToUnixSeconds),
        .convert(pointer: pointer("/b"), converter: .rfc3339ToWholeUnixSeconds),
        .convert(pointer: pointer("/n"), converter: .widenInteger),
        .convert(pointer: pointer("/list/*/k"), converter: .wrapInObject(key: "value")),
        .convert(pointer: pointer("/o"), converter: .wrapInArray),
        .convert(pointer: pointer("/b"), converter: .mapValues(mapping: [.init(from: "2024-06-10T18:05:01Z", to: "mapped")], otherwise: nil)),
        // One place each, found without a walk over `*`: in an array, over a value, out of range.
        .rename(pointer: pointer("/list/0/k"), newName: "key"),
        .move(from: pointer("/o/x"), to: pointer("/b")),
        .move(from: pointer("/list/1"), to: pointer("/o/moved")),
        .copy(from: pointer("/o"), to: pointer("/list/0/o")),
        .set(pointer: pointer("/list/0"), value: "first", onlyIfAbsent: false),
        .set(pointer: pointer("/list/7"), value: 1, onlyIfAbsent: false),
        .remove(pointer: pointer("/list/9")),
        .remove(pointer: pointer("/list/2/k")),
        .copy(from: pointer("/list/2"), to: pointer("/third")),
        .convert(pointer: pointer("/o/x"), converter: .wrapInObject(key: "x")),
        .convert(pointer: pointer("/list/*/k"), converter: .decimalToMinorUnits(scale: 1)),
        .renameType(to: "Thing"),
    ]

    /// The upcaster pointer `text`, which is valid.
    static func pointer(_ text: String) -> UpcastPointer { UpcastPointer(text)! }
    /// Payloads on which each of ``steps`` applies, finds its source absent, or meets the wrong kind.
    static let payloads: [JSONValue] = [
        ["a": 1, "b": "2024-06-10T18:05:01Z", "n": 199.99, "t": 1718042701, "o": ["x": 1, "z": [true]],
         "list": [["k": 1], ["k": "two", "other": nil], ["k": ["deep": 1.5e100]]]],
        ["b": "19.5", "n": 1234567890123456789, "t": -62135596800, "o": [], "list": []],
        ["a": [1, 2], "b": 7, "n": "not a number", "t": 253402300800, "o": "scalar", "list": ["x", 1]],
        ["renamed": 0, "a": "clash", "n": -0.001, "t": 1.5, "list": [["k": nil]], "o": ["x": ["y": 1]]],
        [:],
    ]

    /// Every kind of step, on payloads where it applies, where its source is absent, and where the
    /// value has the wrong kind, changes the payload as it does on a JSONValue (or fails alike).
    @Test func everyStepKindHasTheSameEffectOnBothPaths() throws {
        let steps = Self.steps, payloads = Self.payloads
        var checked = 0, succeeded = 0
        for step in steps {
            let upcaster = Upcaster(eventType: "Thing", fromVersion: 1, toVersion: 2, steps: [step])
            guard case .renameType = step else {
                let chain = try UpcasterChain(upcasters: [upcaster], currentVersions: ["Thing": 2])
                let reader = EventReader(chain: chain, types: EventTypeMap())
                for payload in payloads {
                    if expectSameOutcome(reader, eventType: "Thing", version: 1, bytes: payload.serializedBytes()) { succeeded += 1 }
                    checked += 1
                }
                continue
            }
            let chain = try UpcasterChain(upcasters: [upcaster], currentVersions: ["Thing": 2])
            let reader = EventReader(chain: chain, types: EventTypeMap())
            let error = #expect(throws: UpcastingError.self) {
                try reader.read(AnyJSON.self, eventType: "Thing", version: 1, payload: payloads[0].serializedBytes())
            }
            if case .needsEventList? = error {} else { Issue.record("a type rename read in place gave \(String(describing: error))") }
        }
        #expect(checked == (steps.count - 1) * payloads.count)
        #expect(succeeded >= checked * 3 / 4, "most step applications succeed, so their results are compared")
    }

    /// Any few of ``steps`` in a row, each reading what the ones before it left, change every one
    /// of ``payloads`` as they do on a JSONValue (or fail alike).
    @Test func anyRunOfStepsHasTheSameEffectOnBothPaths() async throws {
        let payloadSteps = Self.steps.filter { if case .renameType = $0 { false } else { true } }
        await propertyCheck(count: 150, input: Gen.int(in: 0...(payloadSteps.count - 1)).array(of: 1...5)) { picks in
            let upcaster = Upcaster(eventType: "Thing", fromVersion: 1, toVersion: 2, steps: picks.map { payloadSteps[$0] })
            let chain = try UpcasterChain(upcasters: [upcaster], currentVersions: ["Thing": 2])
            let reader = EventReader(chain: chain, types: EventTypeMap())
            for payload in Self.payloads {
                expectSameOutcome(reader, eventType: "Thing", version: 1, bytes: payload.serializedBytes())
            }
        }
    }

    /// A whole upcaster of several steps, where later steps read what earlier ones wrote.
    @Test func stepsThatBuildOnEachOtherAgreeOnBothPaths() throws {
        func pointer(_ text: String) -> UpcastPointer { UpcastPointer(text)! }
        let upcaster = Upcaster(eventType: "Thing", fromVersion: 1, toVersion: 2, steps: [
            .convert(pointer: pointer("/price"), converter: .wrapInObject(key: "amount")),
            .copy(from: pointer("/currency"), to: pointer("/price/currency")),
            .move(from: pointer("/price"), to: pointer("/lines/*/price")),
            .rename(pointer: pointer("/lines/*/price"), newName: "unitPrice"),
            .set(pointer: pointer("/lines/*/unitPrice/currency"), value: "EUR", onlyIfAbsent: true),
            .remove(pointer: pointer("/currency")),
        ])
        let chain = try UpcasterChain(upcasters: [upcaster], currentVersions: ["Thing": 2])
        let reader = EventReader(chain: chain, types: EventTypeMap())
        for text in [#"{"price": 199.99, "currency": "USD", "lines": [{"sku": "A"}, {"sku": "B"}]}"#,
                     #"{"price": 5, "lines": [{"sku": "A"}]}"#, #"{"currency": "USD", "lines": {"one": {"sku": "A"}}}"#] {
            expectSameOutcome(reader, eventType: "Thing", version: 1, bytes: Array(text.utf8))
        }
        let read = try reader.read(AnyJSON.self, eventType: "Thing", version: 1, payload: Array(#"{"price": 199.99, "currency": "USD", "lines": [{"sku": "A"}]}"#.utf8))
        #expect(read.value == ["lines": [["sku": "A", "unitPrice": ["amount": .number(JSONNumber(exactly: "199.99")!), "currency": "USD"]]]])
    }

    /// A convert step followed by a wrap of the same places (the bytes path wraps each place right
    /// after converting it, in one walk) changes payloads as the two steps do one after the other
    /// on a JSONValue, with `*` and without, where the first conversion fails at a later place
    /// than an earlier success, and where a third convert of the same places follows.
    @Test func aConversionAndAWrapOfTheSamePlacesAgreeOnBothPaths() throws {
        func pointer(_ text: String) -> UpcastPointer { UpcastPointer(text)! }
        let runs: [[UpcastStep]] = [
            [.convert(pointer: pointer("/list/*/k"), converter: .decimalToMinorUnits(scale: 2)),
             .convert(pointer: pointer("/list/*/k"), converter: .wrapInObject(key: "minorUnits"))],
            [.convert(pointer: pointer("/list/*/k"), converter: .numberToString),
             .convert(pointer: pointer("/list/*/k"), converter: .wrapInArray),
             .convert(pointer: pointer("/list/*/k"), converter: .wrapInObject(key: "v"))],
            [.convert(pointer: pointer("/n"), converter: .decimalToMinorUnits(scale: 2)),
             .convert(pointer: pointer("/n"), converter: .wrapInObject(key: "minorUnits")),
             .copy(from: pointer("/c"), to: pointer("/n/currency"))],
            [.convert(pointer: pointer("/t"), converter: .unixSecondsToRFC3339),
             .convert(pointer: pointer("/t"), converter: .wrapInArray),
             .convert(pointer: pointer("/n"), converter: .wrapInArray)],
            [.convert(pointer: pointer("/o/*"), converter: .stringToNumber),
             .convert(pointer: pointer("/o/*"), converter: .wrapInObject(key: "n"))],
        ]
        let texts = [
            #"{"n": 199.99, "c": "EUR", "t": 1718042701, "list": [{"k": 1.5}, {"k": 2}, {"other": 3}], "o": {"a": "1", "b": "2.5"}}"#,
            #"{"n": "x", "t": "y", "list": [{"k": 1.5}, {"k": "two"}, {"k": null}], "o": {"a": "1", "b": "no"}}"#,
            #"{"list": [{"k": "two"}, {"k": 1.5}], "o": [], "t": 1e3}"#,
            #"{"n": 1e400, "list": {"one": {"k": 1}}, "o": {}}"#,
        ]
        for steps in runs {
            let upcaster = Upcaster(eventType: "Thing", fromVersion: 1, toVersion: 2, steps: steps)
            let reader = EventReader(chain: try UpcasterChain(upcasters: [upcaster], currentVersions: ["Thing": 2]), types: EventTypeMap())
            for text in texts {
                expectSameOutcome(reader, eventType: "Thing", version: 1, bytes: Array(text.utf8))
            }
        }
        let upcaster = Upcaster(eventType: "Thing", fromVersion: 1, toVersion: 2, steps: runs[0])
        let reader = EventReader(chain: try UpcasterChain(upcasters: [upcaster], currentVersions: ["Thing": 2]), types: EventTypeMap())
        let read = try reader.read(AnyJSON.self, eventType: "Thing", version: 1, payload: Array(texts[0].utf8))
        #expect(read.value["list"] == [["k": ["minorUnits": 150]], ["k": ["minorUnits": 200]], ["other": 3]])
    }

    /// A convert step with `*` followed by a copy or set of a member of each of its places (the
    /// bytes path does both at each place in one walk), or a convert step of one place followed
    /// by a move or copy of it (the bytes path takes the place the conversion found), changes
    /// payloads as the two steps do one after the other on a JSONValue: where a place is missing
    /// (the copy creates it), is not an object, or fails to convert after an earlier place
    /// succeeded, where the copy's source is missing, and where the source is under the converted
    /// places (then the steps run apart).
    static let conversionsWithANextStepAtEachPlace: [[UpcastStep]] = [
        [.convert(pointer: pointer("/n"), converter: .decimalToMinorUnits(scale: 2)),
         .move(from: pointer("/n"), to: pointer("/total/minorUnits"))],
        [.convert(pointer: pointer("/n"), converter: .numberToString),
         .copy(from: pointer("/n"), to: pointer("/list/*/n"))],
        [.convert(pointer: pointer("/list/0/k"), converter: .wrapInObject(key: "v")),
         .move(from: pointer("/list/0/k"), to: pointer("/o/k"))],
        [.convert(pointer: pointer("/o/x"), converter: .wrapInArray),
         .copy(from: pointer("/o/x"), to: pointer("/o/y"))],
        [.convert(pointer: pointer("/list/*/k"), converter: .decimalToMinorUnits(scale: 2)),
         .convert(pointer: pointer("/list/*/k"), converter: .wrapInObject(key: "minorUnits")),
         .copy(from: pointer("/c"), to: pointer("/list/*/k/currency"))],
        [.convert(pointer: pointer("/list/*/k"), converter: .numberToString),
         .set(pointer: pointer("/list/*/k/flag"), value: true, onlyIfAbsent: false)],
        [.convert(pointer: pointer("/list/*/k"), converter: .wrapInObject(key: "v")),
         .set(pointer: pointer("/list/*/k/v"), value: "kept", onlyIfAbsent: true)],
        [.convert(pointer: pointer("/list/*/k"), converter: .wrapInArray),
         .copy(from: pointer("/c"), to: pointer("/list/*/k/*"))],
        [.convert(pointer: pointer("/list/*"), converter: .decimalToMinorUnits(scale: 2)),
         .copy(from: pointer("/o/x"), to: pointer("/list/*/x"))],
        [.convert(pointer: pointer("/o/*"), converter: .stringToNumber),
         .set(pointer: pointer("/o/*/n"), value: 1, onlyIfAbsent: true)],
        [.convert(pointer: pointer("/deep/*/in/*/k"), converter: .decimalToMinorUnits(scale: 1)),
         .copy(from: pointer("/c"), to: pointer("/deep/*/in/*/k/c"))],
        // Then a remove of the copy's source, done where the copy found it; or of something else,
        // run on its own.
        [.convert(pointer: pointer("/list/*/k"), converter: .decimalToMinorUnits(scale: 2)),
         .convert(pointer: pointer("/list/*/k"), converter: .wrapInObject(key: "minorUnits")),
         .copy(from: pointer("/c"), to: pointer("/list/*/k/currency")),
         .remove(pointer: pointer("/c"))],
        [.convert(pointer: pointer("/list/*"), converter: .decimalToMinorUnits(scale: 2)),
         .copy(from: pointer("/o/x"), to: pointer("/list/*/x")),
         .remove(pointer: pointer("/o/x"))],
        [.convert(pointer: pointer("/o/y/*/k"), converter: .wrapInArray),
         .copy(from: pointer("/o/x"), to: pointer("/o/y/*/k/x")),
         .remove(pointer: pointer("/o/x"))],
        [.convert(pointer: pointer("/list/*/k"), converter: .wrapInArray),
         .copy(from: pointer("/c"), to: pointer("/list/*/k/*")),
         .remove(pointer: pointer("/o"))],
        // The source under the converted places, or on their way: the two steps run one by one.
        [.convert(pointer: pointer("/list/*/k"), converter: .wrapInObject(key: "v")),
         .copy(from: pointer("/list/0/k"), to: pointer("/list/*/k/first"))],
        [.convert(pointer: pointer("/list/*/k"), converter: .wrapInArray),
         .copy(from: pointer("/list"), to: pointer("/list/*/k/all"))],
    ]

    @Test(arguments: conversionsWithANextStepAtEachPlace.indices)
    func aConversionAndACopyOrSetAtEachOfItsPlacesAgreeOnBothPaths(run: Int) throws {
        let upcaster = Upcaster(eventType: "Thing", fromVersion: 1, toVersion: 2, steps: Self.conversionsWithANextStepAtEachPlace[run])
        let reader = EventReader(chain: try UpcasterChain(upcasters: [upcaster], currentVersions: ["Thing": 2]), types: EventTypeMap())
        let texts = [
            #"{"c": "EUR", "n": 199.99, "o": {"x": 1, "y": "2"}, "list": [{"k": 1.5}, {"k": 2, "flag": false}, {"other": 3}, "scalar", {"k": {"v": 1}}]}"#,
            #"{"c": "EUR", "n": "x", "list": [{"k": 1.5}, {"k": "two"}, {"k": null}], "o": {"a": "1", "b": "no"}}"#,
            #"{"list": [{"k": 2}, {"k": 1.25}], "o": []}"#,
            #"{"c": [1, {"d": 2}], "n": 5, "list": {"one": {"k": 1}}, "o": {"x": {"y": 1}}, "total": 7}"#,
            #"{"c": "EUR", "list": [1.5, "x", 2], "o": {"x": "1"}}"#,
            #"{"c": "EUR", "list": [], "o": {}}"#,
            #"{"c": "EUR", "deep": [{"in": [{"k": 1.5}, {"j": 1}]}, {"in": {"a": {"k": 2}}}, {"out": 1}, {"in": [{"k": 0.25}]}]}"#,
            #"{"c": "EUR"}"#,
            #"[1, 2]"#,
            #"{"c": "EUR", "o": {"x": "1", "y": [{"k": 1}, {"j": 2}, 3]}, "list": [{"k": 0.5}]}"#,
            #"{"list": [{"k": 1.5}], "o": {"x": 5}, "c": "USD"}"#,
        ]
        var succeeded = 0
        for text in texts where expectSameOutcome(reader, eventType: "Thing", version: 1, bytes: Array(text.utf8)) {
            succeeded += 1
        }
        #expect(succeeded >= 3, "most payloads upcast, so their results are compared")
    }

    /// Any few steps around a conversion with a copy or set at each of its places (as above), each
    /// reading what the ones before it left, agree on both paths.
    @Test func stepsAroundAConversionWithANextStepAtEachPlaceAgreeOnBothPaths() async throws {
        let payloadSteps = Self.steps.filter { if case .renameType = $0 { false } else { true } }
        let fused = Self.conversionsWithANextStepAtEachPlace
        let anyStep = Gen.int(in: 0...(payloadSteps.count - 1))
        await propertyCheck(count: 150, input: Gen.int(in: 0...(fused.count - 1)), anyStep.array(of: 0...3), anyStep.array(of: 0...2)) { pick, before, after in
            let steps = before.map { payloadSteps[$0] } + fused[pick] + after.map { payloadSteps[$0] }
            let upcaster = Upcaster(eventType: "Thing", fromVersion: 1, toVersion: 2, steps: steps)
            let chain = try UpcasterChain(upcasters: [upcaster], currentVersions: ["Thing": 2])
            let reader = EventReader(chain: chain, types: EventTypeMap())
            for payload in Self.payloads + [["c": "EUR", "list": [["k": 1.5], ["k": 2], "x"], "o": ["x": "1"]]] {
                expectSameOutcome(reader, eventType: "Thing", version: 1, bytes: payload.serializedBytes())
            }
        }
    }

    /// A number that a step writes, converts or leaves alone keeps its text on both paths: a later
    /// `number-to-string` shows `1.0` and `1e3` as written.
    @Test func numbersKeepTheirTextThroughSteps() throws {
        func pointer(_ text: String) -> UpcastPointer { UpcastPointer(text)! }
        let upcaster = Upcaster(eventType: "Thing", fromVersion: 1, toVersion: 2, steps: [
            .convert(pointer: pointer("/n"), converter: .widenInteger),
            .set(pointer: pointer("/m"), value: .number(JSONNumber(exactly: "2.0")!), onlyIfAbsent: true),
            .convert(pointer: pointer("/n"), converter: .numberToString),
            .convert(pointer: pointer("/m"), converter: .numberToString),
        ])
        let chain = try UpcasterChain(upcasters: [upcaster], currentVersions: ["Thing": 2])
        let reader = EventReader(chain: chain, types: EventTypeMap())
        for (text, expected) in [(#"{"n": 1.0}"#, "1.0"), (#"{"n": 1e3}"#, "1e3"), (#"{"n": -0}"#, "0"), (#"{"n": 12}"#, "12")] {
            expectSameOutcome(reader, eventType: "Thing", version: 1, bytes: Array(text.utf8))
            let read = try reader.read(AnyJSON.self, eventType: "Thing", version: 1, payload: Array(text.utf8))
            #expect(read.value == ["n": .string(expected), "m": "2.0"], "\(text)")
        }
    }

    /// The converters that work on a number's bytes (decimal amounts to minor units, unix seconds to
    /// RFC 3339) give what the JSONValue path gives, text and failures included, for every shape of
    /// number: the bytes path hands any case it does not cover to the JSONValue converter.
    @Test func numberConvertersOnBytesMatchTheValuePath() throws {
        func pointer(_ text: String) -> UpcastPointer { UpcastPointer(text)! }
        let amounts = ["0", "-0", "-0.00", "199.99", "199.990", "1.5", "1.505", "0.001", "-12.3", "7", "1e3", "1.5E-1",
                       "12345678901234567.89", "9223372036854775807", "-9223372036854775808", "92233720368547758.07",
                       "18446744073709551616", "0.10", "1.50", "100", "0.5", "-0.50", "5", "-5", "0.00", "-0.001",
                       "999999999999999999", "-999999999999999999", "9999999999999999.99", "99999999999999999.9", "1.5e2",
                       "0.05", "-0.05", "10.00", "-100.5", "0.0"]
        for scale in [0, 2, 3, 18] {
            let upcaster = Upcaster(eventType: "Thing", fromVersion: 1, toVersion: 2, steps: [
                .convert(pointer: pointer("/n"), converter: .decimalToMinorUnits(scale: scale)),
                .convert(pointer: pointer("/n"), converter: .numberToString),
            ])
            let reader = EventReader(chain: try UpcasterChain(upcasters: [upcaster], currentVersions: ["Thing": 2]), types: EventTypeMap())
            for amount in amounts {
                expectSameOutcome(reader, eventType: "Thing", version: 1, bytes: Array(#"{"n": \#(amount)}"#.utf8))
            }
        }
        let seconds = ["0", "-0", "-1", "1718042701", "1234567890123456789", "-62135596800", "-62135596801", "253402300799", "253402300800",
                       "1.5", "1e3", "9223372036854775807", "-9223372036854775808", "18446744073709551616", "\"text\""]
        let upcaster = Upcaster(eventType: "Thing", fromVersion: 1, toVersion: 2, steps: [
            .convert(pointer: pointer("/t"), converter: .unixSecondsToRFC3339),
        ])
        let reader = EventReader(chain: try UpcasterChain(upcasters: [upcaster], currentVersions: ["Thing": 2]), types: EventTypeMap())
        for second in seconds {
            expectSameOutcome(reader, eventType: "Thing", version: 1, bytes: Array(#"{"t": \#(second)}"#.utf8))
        }
        let read = try reader.read(AnyJSON.self, eventType: "Thing", version: 1, payload: Array(#"{"t": 1718042701}"#.utf8))
        #expect(read.value == ["t": "2024-06-10T18:05:01Z"])
        let error = #expect(throws: UpcastingError.self) {
            try reader.read(AnyJSON.self, eventType: "Thing", version: 1, payload: Array(#"{"t": -9223372036854775808}"#.utf8))
        }
        #expect(error == .stepFailed(eventType: "Thing", fromVersion: 1, step: 0, pointer: "/t",
                                     reason: "-9223372036854775808 is outside years 0001-9999"))
        // And the amounts, by value: the largest that fits, and a trailing zero past the scale.
        let toMinorUnits = Upcaster(eventType: "Thing", fromVersion: 1, toVersion: 2, steps: [
            .convert(pointer: pointer("/n"), converter: .decimalToMinorUnits(scale: 2)),
        ])
        let minorUnitsReader = EventReader(chain: try UpcasterChain(upcasters: [toMinorUnits], currentVersions: ["Thing": 2]), types: EventTypeMap())
        for (amount, minorUnits) in [("92233720368547758.07", Int64.max), ("199.990", 19999), ("-0.01", -1)] {
            struct Amount: Decodable { var n: Int64 }
            #expect(try minorUnitsReader.read(Amount.self, eventType: "Thing", version: 1, payload: Array(#"{"n": \#(amount)}"#.utf8)).n == minorUnits)
        }
    }

    /// Conversions on bytes write their text into room a run sets aside after the program's keys
    /// (four values' worth for a step with `*`); a run that converts more values than that appends
    /// more room, and every value keeps its own text, read once or again and again in kept buffers.
    @Test func conversionsBeyondTheSpareRoomKeepEveryText() throws {
        func pointer(_ text: String) -> UpcastPointer { UpcastPointer(text)! }
        let shapes = ["0.05", "-12.3", "199.99", "7", "1e3", "0", "-0.50", "92233720368547758.07", "1.505"]
        let amounts = (0..<40).map { shapes[$0 % shapes.count] }
        let upcaster = Upcaster(eventType: "Thing", fromVersion: 1, toVersion: 2, steps: [
            .convert(pointer: pointer("/list/*"), converter: .decimalToMinorUnits(scale: 2)),
            .convert(pointer: pointer("/list/*"), converter: .numberToString),
            .convert(pointer: pointer("/t"), converter: .unixSecondsToRFC3339),
        ])
        let reader = EventReader(chain: try UpcasterChain(upcasters: [upcaster], currentVersions: ["Thing": 2]), types: EventTypeMap())
        let converted = Array(#"{"list": [\#(amounts.filter { $0 != "1.505" }.joined(separator: ", "))], "t": 1718042701}"#.utf8)
        #expect(expectSameOutcome(reader, eventType: "Thing", version: 1, bytes: converted))
        let expected = try readThroughValue(AnyJSON.self, reader, eventType: "Thing", version: 1, bytes: converted).get()
        #expect(expected.value["list"]?[0] == "5" && expected.value["list"]?[1] == "-1230" && expected.value["t"] == "2024-06-10T18:05:01Z")
        var buffers = ReadBuffers()
        for _ in 0..<3 {
            #expect(try reader.read(AnyJSON.self, eventType: "Thing", version: 1, payload: converted, buffers: &buffers) == expected)
        }
        // A failure after many conversions fails as the value path does.
        expectSameOutcome(reader, eventType: "Thing", version: 1,
                          bytes: Array(#"{"list": [\#(amounts.joined(separator: ", "))], "t": 1}"#.utf8))
    }

    /// A payload reads the same whatever collection holds its bytes: an `Array` and `Data` (read
    /// straight from their storage), a slice, and a collection with no contiguous storage; with
    /// new buffers and kept ones, and a malformed payload fails alike.
    @Test func payloadsReadTheSameFromEveryKindOfCollection() throws {
        let upcaster = Upcaster(eventType: "Thing", fromVersion: 1, toVersion: 2, steps: [
            .convert(pointer: UpcastPointer("/n")!, converter: .decimalToMinorUnits(scale: 2)),
        ])
        let reader = EventReader(chain: try UpcasterChain(upcasters: [upcaster], currentVersions: ["Thing": 2]), types: EventTypeMap())
        func reads(_ text: String) -> [Result<AnyJSON, UpcastingError>] {
            let bytes = Array(text.utf8)
            let padded = [UInt8(ascii: "x")] + bytes + [UInt8(ascii: "y")]
            func read(_ payload: some Collection<UInt8>) -> [Result<AnyJSON, UpcastingError>] {
                var buffers = ReadBuffers()
                return [
                    Result { () throws(UpcastingError) in try reader.read(AnyJSON.self, eventType: "Thing", version: 1, payload: payload) },
                    Result { () throws(UpcastingError) in try reader.read(AnyJSON.self, eventType: "Thing", version: 1, payload: payload, buffers: &buffers) },
                ]
            }
            return read(bytes) + read(Data(bytes)) + read(padded[1..<(padded.count - 1)]) + read(bytes.lazy.map { $0 })
        }
        for text in [#"{"n": 199.99, "s": "text"}"#, #"{"n": 1234567890123456789, "t": [true, null]}"#, #"{"n": 1.5,"#, "[1, 2]", ""] {
            let outcomes = reads(text)
            #expect(outcomes.allSatisfy { $0 == outcomes[0] }, "\(text): \(outcomes)")
        }
        #expect(try reads(#"{"n": 199.99}"#)[3].get().value == ["n": 19999])
    }

    /// Nesting is counted alike on both paths: arrays and objects nested to the limit (512) parse,
    /// one level deeper fails with the same error at the same offset. (Read into a type that
    /// reads nothing, so that no decode recurses 512 levels deep.)
    @Test func nestingAtAndBeyondTheLimitParsesAlikeOnBothPaths() throws {
        struct ReadsNothing: Decodable, Equatable {
            init(from decoder: any Decoder) {}
        }
        let upcaster = Upcaster(eventType: "Thing", fromVersion: 1, toVersion: 2, steps: [.remove(pointer: UpcastPointer("/n")!)])
        let reader = EventReader(chain: try UpcasterChain(upcasters: [upcaster], currentVersions: ["Thing": 2]), types: EventTypeMap())
        for depth in [2, 511, 512, 513, 700] {
            let arrays = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            let objects = String(repeating: #"{"a": "#, count: depth) + "1" + String(repeating: "}", count: depth)
            let mixed = #"{"n": 1, "m": "# + String(repeating: "[", count: depth - 1) + String(repeating: "]", count: depth - 1) + "}"
            for text in [arrays, objects, mixed] {
                let bytes = Array(text.utf8)
                let viaBytes = readThroughBytes(ReadsNothing.self, reader, eventType: "Thing", version: 1, bytes: bytes)
                #expect(viaBytes == readThroughValue(ReadsNothing.self, reader, eventType: "Thing", version: 1, bytes: bytes), "\(depth): \(text.prefix(20))")
                #expect((viaBytes.failure == nil) == (depth <= 512), "\(depth): \(text.prefix(20))")
            }
        }
    }

    /// Keys are compared a word at a time: a key of every length up to 20 bytes is told apart
    /// from one that differs in any single byte, and a member is found by its exact key, when
    /// decoding and when a step renames it.
    @Test func keysOfEveryLengthAreToldApartAtEveryByte() throws {
        let alphabet = Array("abcdefghijklmnopqrstu".utf8)
        for length in 1...20 {
            let key = String(decoding: alphabet.prefix(length), as: UTF8.self)
            for position in 0..<length {
                var nearMiss = Array(key.utf8)
                nearMiss[position] = UInt8(ascii: "X")
                let other = String(decoding: nearMiss, as: UTF8.self)
                let payload: JSONValue = .object(JSONObject(uniqueMembers: [(other, 1), (key, 2)]))
                // Asked for the second member first, the decoder compares it with the first.
                var decoder = JSONValueDecoder()
                decoder.userInfo[ValueAtKey.key] = key
                #expect(try decoder.decode(ValueAtKey.self, from: payload).value == 2, "\(key) / \(other)")
                decoder.userInfo[ValueAtKey.key] = other
                #expect(try decoder.decode(ValueAtKey.self, from: payload).value == 1, "\(key) / \(other)")
                let rename = Upcaster(eventType: "K", fromVersion: 1, toVersion: 2, steps: [.rename(pointer: UpcastPointer("/" + key)!, newName: "found")])
                let chain = try UpcasterChain(upcasters: [rename], currentVersions: ["K": 2])
                let reader = EventReader(chain: chain, types: EventTypeMap())
                let renamed = try reader.read(AnyJSON.self, eventType: "K", version: 1, payload: payload.serializedBytes())
                #expect(renamed.value == .object(JSONObject(uniqueMembers: [(other, 1), ("found", 2)])), "\(key) / \(other)")
            }
        }
    }

    /// Strings are scanned eight bytes at a time: a quote, an escape, a control character, non-ASCII
    /// text or invalid UTF-8 at any offset of a word is still seen, as the JSONValue parser sees it.
    @Test func stringScanningSeesEverySpecialByteAtEveryOffset() throws {
        let reader = EventReader(chain: try UpcasterChain(upcasters: [], currentVersions: [:]), types: EventTypeMap())
        let specials: [[UInt8]] = [[0x22], [0x5C, 0x6E], [0x5C, 0x75, 0x30, 0x30, 0x34, 0x31], [0x1F], [0x00], [0x7F],
                                   Array("é".utf8), Array("😀".utf8), [0xFF], [0xC3], [0x5C, 0x71]]
        var succeeded = 0, failed = 0
        for prefix in 0..<18 {
            for special in specials {
                for suffix in [0, 1, 9] {
                    let text = Array(repeating: UInt8(ascii: "a"), count: prefix) + special + Array(repeating: UInt8(ascii: "b"), count: suffix)
                    let bytes = Array(#"{"key": ""#.utf8) + text + Array(#"", "after": 1}"#.utf8)
                    if expectSameOutcome(reader, eventType: "Unknown", version: 1, bytes: bytes) { succeeded += 1 } else { failed += 1 }
                }
            }
        }
        // Valid: the two escapes, DEL, é and the emoji; the other six are errors wherever they stand.
        #expect(succeeded == 18 * 5 * 3)
        #expect(failed == 18 * 6 * 3)
        let long = try reader.read(AnyJSON.self, eventType: "Unknown", version: 1,
                                   payload: Array(#"{"k": "abcdefghijklmnopqrstuvwxyz0123456789é\n"}"#.utf8))
        #expect(long.value == ["k": "abcdefghijklmnopqrstuvwxyz0123456789é\n"])
    }

    /// The parser tells keys apart first by a mark made of their length and first and last bytes,
    /// then by comparing them. Keys that share a mark but differ are all kept, and a key written
    /// twice, plainly or with an escape, is found at every position, in small objects and past
    /// the size where the keys go into a set, with the JSONValue parser's own error.
    @Test func duplicateKeysAreFoundWhateverTheirMarks() throws {
        let reader = EventReader(chain: try UpcasterChain(upcasters: [], currentVersions: [:]), types: EventTypeMap())
        // Same length, first and last byte: the same mark, different keys.
        let keys = ["", "a", "axb", "ayb", "azb", "ab", "aab", "abb", "a\\u0078b", "k0", "k1", "k10", "k11", "longer key x",
                    "longer key y", "x", "y", "z"]
        let decoded = try keys.map { try JSONValue(parsing: Array("\"\($0)\"".utf8)) }
        func object(_ chosen: [String]) -> [UInt8] {
            Array(("{" + chosen.enumerated().map { "\"\($1)\": \($0)" }.joined(separator: ", ") + "}").utf8)
        }
        // Distinct keys (the escaped "a\u0078b" is "axb", so it stands in for it).
        let distinct = keys.filter { $0 != "axb" }
        for count in 1...distinct.count {
            let chosen = Array(distinct.prefix(count))
            #expect(expectSameOutcome(reader, eventType: "Unknown", version: 1, bytes: object(chosen)), "\(chosen)")
        }
        // Each key again at each later position: a duplicate, found as the JSONValue parser finds it.
        var duplicates = 0
        for count in [2, 5, 12, 13, 17] {
            let chosen = Array(distinct.prefix(count))
            for first in chosen.indices {
                for second in chosen.indices where second > first {
                    var repeated = chosen
                    repeated[second] = chosen[first]
                    if !expectSameOutcome(reader, eventType: "Unknown", version: 1, bytes: object(repeated)) { duplicates += 1 }
                }
            }
        }
        #expect(duplicates == [2, 5, 12, 13, 17].map { $0 * ($0 - 1) / 2 }.reduce(0, +))
        // The same key spelled once plainly and once with an escape.
        #expect(decoded[2] == decoded[8])
        for filler in [0, 3, 14] {
            let chosen = Array(distinct.filter { $0 != "a\\u0078b" }.suffix(filler)) + ["axb", "a\\u0078b"]
            #expect(!expectSameOutcome(reader, eventType: "Unknown", version: 1, bytes: object(chosen)), "\(chosen)")
        }
    }

    /// Bytes that are not JSON fail with the JSONValue parser's own error: same reason, same place.
    @Test func malformedBytesFailLikeTheJSONValueParser() throws {
        let reader = try exampleReader()
        let texts = [
            "", " ", "{", "}", "[1,]", #"{"a":1,}"#, #"{"a" 1}"#, #"{"a":1 "b":2}"#, #"{"a":1,"a":2}"#, "01", "-", "1.", "1e", "1e+",
            #"{"a":"\u12"}"#, #"{"a":"\uD800"}"#, #"{"a":"\uDC00x"}"#, #"{"a":"\q"}"#, "tru", "nul", "[1] 2", "\"\u{1}\"",
            #"{"sequence": 1234567890123456789, "amount": 199.99}"#, "\u{FEFF}{}", #"{"k\u00e9y": "\ud83d\ude00"}"#,
        ]
        for text in texts {
            expectSameOutcome(reader, eventType: "NoSuchType", version: 1, bytes: Array(text.utf8))
        }
        for bytes: [UInt8] in [[0x22, 0xC3, 0x28, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], [0x22, 0xE2, 0x82]] {
            expectSameOutcome(reader, eventType: "NoSuchType", version: 1, bytes: bytes)
        }
        let deep = Array(repeating: UInt8(ascii: "["), count: 600) + Array(repeating: UInt8(ascii: "]"), count: 600)
        expectSameOutcome(reader, eventType: "NoSuchType", version: 1, bytes: deep)
        let manyKeys = "{" + (0..<40).map { "\"k\($0)\": \($0)" }.joined(separator: ",") + ", \"k7\": 0}"
        expectSameOutcome(reader, eventType: "NoSuchType", version: 1, bytes: Array(manyKeys.utf8))
        let error = #expect(throws: UpcastingError.self) {
            try reader.read(CurrentOrderPlaced.self, eventType: "OrderPlaced", version: 1, payload: Array("{\"orderId\": ".utf8))
        }
        #expect(error?.description == "OrderPlaced v1: the payload is not JSON: line 1, column 13: unexpected end of input, expected a value")
    }

    /// Numbers of every shape, well formed or not, at the end of the text and before what may
    /// follow them, read or fail as the JSONValue parser reads them: the bytes parser only finds a
    /// number's end, and leaves every malformed one to the shared scanner for its error.
    @Test func numbersOfEveryShapeReadLikeTheJSONValueParser() throws {
        let reader = try exampleReader()
        let numbers = ["0", "-0", "7", "-7", "10", "1234567890123456789", "123456789012345678901234567890", "199.99", "-0.5",
                       "0.0e0", "1e5", "1E-2", "1.5e+10", "-1.5E308", "1e400", "-", "--1", "+1", "01", "-01", "00", ".5",
                       "1.", "1.e3", "1..2", "1e", "1e+", "1e-x", "1ee2", "1e5x", "0x1", "-a", "1.5.", "2024-06-10"]
        for number in numbers {
            for text in [number, "[\(number)]", "[\(number),1]", #"{"a":\#(number)}"#, #"{"a":\#(number) }"#, "[\(number)"] {
                expectSameOutcome(reader, eventType: "NoSuchType", version: 1, bytes: Array(text.utf8))
            }
        }
    }

    /// The parser writes its values into a buffer sized by a bound on how many the text can hold.
    /// Texts packed as tightly as JSON allows, short and long (past the 64 KiB where the bound is
    /// counted instead), nested to the depth limit, and cut short, read as the JSONValue parser
    /// reads them.
    @Test func denselyPackedTextsOfEveryLengthReadAlike() throws {
        let reader = try exampleReader()
        var texts: [String] = ["0", "[]", "{}", "[0]", "[[]]", #"{"":0}"#, #"{"":[]}"#, #"[{}]"#]
        for count in [2, 3, 7, 8, 33] {
            texts.append("[" + Array(repeating: "0", count: count).joined(separator: ",") + "]")
            texts.append("[" + Array(repeating: "[]", count: count).joined(separator: ",") + "]")
            texts.append("{" + (0..<count).map { "\"\($0)\":0" }.joined(separator: ",") + "}")
        }
        texts.append(String(repeating: "[", count: 512) + String(repeating: "]", count: 512))
        for text in texts {
            #expect(expectSameOutcome(reader, eventType: "NoSuchType", version: 1, bytes: Array(text.utf8)), "\(text.prefix(40))")
            expectSameOutcome(reader, eventType: "NoSuchType", version: 1, bytes: Array(text.utf8.dropLast()))
        }
        // Past 64 KiB: 33,000 values of two bytes each, and 22,000 of three, read as typed arrays
        // (AnyJSON's probing would take a while on each element).
        let zeros = Array(("[" + Array(repeating: "0", count: 33_000).joined(separator: ",") + "]").utf8)
        #expect(try reader.read([Int].self, eventType: "NoSuchType", version: 1, payload: zeros) == Array(repeating: 0, count: 33_000))
        let objects = Array(("[" + Array(repeating: "{}", count: 22_000).joined(separator: ",") + "]").utf8)
        #expect(try reader.read([[String: Int]].self, eventType: "NoSuchType", version: 1, payload: objects).count == 22_000)
        for cut in [zeros.dropLast(), objects.dropLast()] {
            let bytes = Array(cut)
            let failure = readThroughBytes([Int].self, reader, eventType: "NoSuchType", version: 1, bytes: bytes).failure
            #expect(failure != nil && failure == readThroughValue([Int].self, reader, eventType: "NoSuchType", version: 1, bytes: bytes).failure)
        }
    }

    /// A malformed text may open more values than JSON of its length could hold (`[[[[…`, found by
    /// the fuzzer): the parse stops with the text's own syntax error, as the JSONValue parser
    /// reports it, instead of overrunning the tree's room.
    @Test func malformedTextsWithMoreValuesThanRoomFailAsTheValueParserFails() throws {
        let reader = try exampleReader()
        var texts = [#"["foo", "baoo", "# + String(repeating: "[", count: 121) + #""bar"r", "foo"]"#]
        for count in [3, 4, 5, 64, 300, 511] {
            texts.append(String(repeating: "[", count: count))
            texts.append(String(repeating: "[", count: count) + "1")
            texts.append(String(repeating: "[", count: count) + "x")
            texts.append("[" + String(repeating: "1,[", count: count / 3))
        }
        texts.append("[" + String(repeating: "[", count: 500) + String(repeating: ",", count: 70_000))
        texts.append(String(repeating: #"{"a":"#, count: 300) + String(repeating: "{", count: 40_000))
        for text in texts {
            let bytes = Array(text.utf8)
            let failure = readThroughBytes(AnyJSON.self, reader, eventType: "NoSuchType", version: 1, bytes: bytes).failure
            #expect(failure != nil, "\(text.prefix(40))")
            #expect(failure == readThroughValue(AnyJSON.self, reader, eventType: "NoSuchType", version: 1, bytes: bytes).failure, "\(text.prefix(40))")
        }
    }

    /// An int64 above 2^60 and a decimal with cents survive the bytes path bit for bit, on a payload
    /// already current (decoded directly) and on one that is upcast.
    @Test func exactNumbersSurviveTheBytesPath() throws {
        struct Exact: Decodable { var sequence: Int64; var amount: Decimal; var big: UInt64 }
        let reader = EventReader(chain: try UpcasterChain(upcasters: [], currentVersions: [:]), types: EventTypeMap())
        let exact = try reader.read(Exact.self, eventType: "Any", version: 1,
                                    payload: Array(#"{"sequence": 1234567890123456789, "amount": 199.99, "big": 18446744073709551615}"#.utf8))
        #expect(exact.sequence == 1234567890123456789)
        #expect(exact.amount == Decimal(string: "199.99"))
        #expect(exact.big == UInt64.max)

        let order = try exampleReader().read(CurrentOrderPlaced.self, eventType: "OrderPlaced", version: 1,
                                             payload: Array(try String(contentsOfFile: Self.root + "/Schemas/OrderPlaced/examples/v1/typical.json", encoding: .utf8).utf8))
        #expect(order.sequence == 1234567890123456789)
        #expect(order.total == CurrentOrderPlaced.Money(minorUnits: 19999, currency: "EUR"))
    }

    /// Paths the tree does not run, a Swift upcaster or validation of each step, read through a
    /// JSONValue and give the same result.
    @Test func swiftUpcastersAndStepValidationFallBackToTheValuePath() throws {
        struct Customer: Decodable, Equatable { var customerId: String; var givenName: String; var familyName: String }
        let chain = try UpcasterChain(folder: Self.root + "/Upcasters", schemas: Self.folder,
                                      swiftUpcasters: ["splitName": UpcasterFixtures.splitName])
        for chain in [chain, try chain.validatingSteps(against: Self.folder)] {
            let reader = EventReader(chain: chain, types: EventTypeMap())
            let bytes = Array(try String(contentsOfFile: Self.root + "/Schemas/CustomerRegistered/examples/v1/typical.json", encoding: .utf8).utf8)
            let customer = try reader.read(AnyJSON.self, eventType: "CustomerRegistered", version: 1, payload: bytes)
            #expect(customer == (try readThroughValue(AnyJSON.self, reader, eventType: "CustomerRegistered", version: 1, bytes: bytes).get()))
            #expect(customer.value["givenName"] != nil)
            let orders = try generatedV1Orders()
            for bytes in orders { expectSameOutcome(reader, eventType: "OrderPlaced", version: 1, bytes: bytes) }
        }
    }

    func generatedV1Orders() throws -> [[UInt8]] {
        let node = EventVersion("OrderPlaced", 1)
        let golden = try BridgeVerifier.goldenExamples(in: Self.folder)
        var generator = PayloadGenerator(schemas: Self.schemas, samples: [node: PayloadGenerator.samples(from: (golden[node] ?? []).map(\.payload))], seed: 11)
        return try generator.payloads(of: node, count: 10).map { $0.serializedBytes() }
    }
}

extension Result {
    /// The error, if this is a failure.
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }

    /// The value, if this is a success.
    var success: Success? {
        if case .success(let value) = self { return value }
        return nil
    }
}

/// The integer at the key that `userInfo[ValueAtKey.key]` names: a key chosen at run time.
struct ValueAtKey: Decodable {
    static let key = CodingUserInfoKey(rawValue: "key")!
    var value: Int

    init(from decoder: any Decoder) throws {
        let name = decoder.userInfo[Self.key] as? String ?? ""
        value = try decoder.container(keyedBy: DynamicKey.self).decode(Int.self, forKey: DynamicKey(stringValue: name))
    }
}

/// A member's key, known only at run time.
private struct DynamicKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

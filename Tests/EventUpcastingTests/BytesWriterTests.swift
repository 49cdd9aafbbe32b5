import EventSchema
import EventUpcasting
import Foundation
import PropertyBased
import StrataTestSupport
import Testing

/// `UpcasterChain.upcast(payload:eventType:from:to:buffers:appendingTo:)` upcasts bytes on the flat
/// tree and writes the result back out as JSON (what `strata upcast` streams through). Its text must
/// parse to what the `JSONValue` path gives, numbers digit for digit, and fail where it fails.
struct BytesWriterTests {
    static let root = Conformance.packageRoot.path
    static let folder = try! SchemaFolder(root: root + "/Schemas")

    static func exampleChain() throws -> UpcasterChain {
        try UpcasterChain(folder: root + "/Upcasters", schemas: folder, eventTypes: ["OrderPlaced"])
    }

    /// The bytes path's text for `bytes`, or its error.
    static func throughBytes(_ chain: UpcasterChain, eventType: String, version: Int, to target: Int? = nil, bytes: [UInt8],
                             buffers: inout ReadBuffers) -> Result<[UInt8], UpcastingError> {
        var output: [UInt8] = []
        return Result { () throws(UpcastingError) -> [UInt8] in
            try chain.upcast(payload: bytes, eventType: eventType, from: version, to: target, buffers: &buffers, appendingTo: &output)
            return output
        }
    }

    /// The JSONValue path's value for `bytes`, or its error.
    static func throughValue(_ chain: UpcasterChain, eventType: String, version: Int, to target: Int? = nil,
                             bytes: [UInt8]) -> Result<JSONValue, UpcastingError> {
        var value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            return .failure(.invalidPayload(eventType: eventType, version: version, error: error))
        }
        return Result { () throws(UpcastingError) -> JSONValue in
            _ = try chain.upcast(&value, eventType: eventType, from: version, to: target)
            return value
        }
    }

    /// Expects the two paths to agree on `bytes`: the text parses to the same value, or both fail
    /// with the same error. Returns whether both succeeded.
    @discardableResult
    static func expectSameOutcome(_ chain: UpcasterChain, eventType: String, version: Int, to target: Int? = nil, bytes: [UInt8],
                                  buffers: inout ReadBuffers, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let written = throughBytes(chain, eventType: eventType, version: version, to: target, bytes: bytes, buffers: &buffers)
        let expected = throughValue(chain, eventType: eventType, version: version, to: target, bytes: bytes)
        switch (written, expected) {
        case (.success(let text), .success(let value)):
            let parsed = try? JSONValue(parsing: text)
            #expect(parsed == value, "\(String(decoding: text, as: UTF8.self)) against \(value.serialized())",
                    sourceLocation: sourceLocation)
            return true
        case (.failure(let a), .failure(let b)):
            #expect(a.description == b.description, sourceLocation: sourceLocation)
        default:
            Issue.record("the paths disagree on \(String(decoding: bytes, as: UTF8.self)): \(written) against \(expected)",
                         sourceLocation: sourceLocation)
        }
        return false
    }

    /// For any seed, generated OrderPlaced payloads of every version, upcast to v3 and read down
    /// to v2, write text that parses to the JSONValue path's value, `sequence` exact; one set of
    /// buffers serves every payload.
    @Test func generatedPayloadsWriteWhatTheValuePathGives() async throws {
        let chain = try Self.exampleChain()
        let golden = try BridgeVerifier.goldenExamples(in: Self.folder)
        await propertyCheck(count: 20, input: Gen.uint64()) { seed in
            var buffers = ReadBuffers()
            for (version, payload) in try BytesReadPathTests.generatedOrders(seed: seed, golden: golden) {
                let bytes = payload.serializedBytes()
                #expect(Self.expectSameOutcome(chain, eventType: "OrderPlaced", version: version, bytes: bytes, buffers: &buffers))
                Self.expectSameOutcome(chain, eventType: "OrderPlaced", version: version, to: 2, bytes: bytes, buffers: &buffers)
                let text = try Self.throughBytes(chain, eventType: "OrderPlaced", version: version, bytes: bytes, buffers: &buffers).get()
                #expect(try JSONValue(parsing: text)["sequence"] == payload["sequence"])
            }
        }
    }

    /// Any few steps in a row, on payloads where they apply, where their source is absent and where
    /// the value has the wrong kind, write what the JSONValue path gives, or fail alike.
    @Test func anyRunOfStepsWritesWhatTheValuePathGives() async throws {
        let payloadSteps = BytesReadPathTests.steps.filter { if case .renameType = $0 { false } else { true } }
        await propertyCheck(count: 150, input: Gen.int(in: 0...(payloadSteps.count - 1)).array(of: 1...5)) { picks in
            let upcaster = Upcaster(eventType: "Thing", fromVersion: 1, toVersion: 2, steps: picks.map { payloadSteps[$0] })
            let chain = try UpcasterChain(upcasters: [upcaster], currentVersions: ["Thing": 2])
            var buffers = ReadBuffers()
            for payload in BytesReadPathTests.payloads {
                Self.expectSameOutcome(chain, eventType: "Thing", version: 1, bytes: payload.serializedBytes(), buffers: &buffers)
            }
        }
    }

    /// The v1 story's numbers come out bit for bit: an int64 above 2^60 as its 19 digits, a decimal
    /// amount as minor units exactly, and a payload already current is written as the JSONValue
    /// writer writes it, byte for byte: numbers as written (`-0` as `0`), strings with its escapes.
    @Test func numbersAndStringsComeOutExactly() throws {
        let chain = try Self.exampleChain()
        var buffers = ReadBuffers()
        let v1 = #"{"orderId":"ord_7Kq2XbN9wR","customer":"cus_1","amount":199.99,"currency":"EUR","lines":[{"sku":"SKU-1","quantity":1,"unitPrice":199.99}],"placedAt":1718042701,"sequence":1234567890123456789}"#
        let text = try Self.throughBytes(chain, eventType: "OrderPlaced", version: 1, bytes: Array(v1.utf8), buffers: &buffers).get()
        let value = try JSONValue(parsing: text)
        #expect(value["sequence"]?.number?.description == "1234567890123456789")
        #expect(try value["sequence"]?.number?.int64() == 1_234_567_890_123_456_789)
        #expect(value["total"]?["minorUnits"] == 19999)
        #expect(value["lines"]?[0]?["unitPrice"]?["minorUnits"] == 19999)
        // Already current: nothing runs, and the writer's bytes are the JSONValue writer's.
        let current = #"{ "n": 199.99, "i": 1234567890123456789, "z": -0, "e": 1.5E+300, "big": 123456789012345678901234567890, "s": "a\"b\\c\n\t\u0001\u001f é 😀", "k\u0000y": [true, false, null, {}, []] }"#
        let written = try Self.throughBytes(chain, eventType: "OrderPlaced", version: 3, bytes: Array(current.utf8), buffers: &buffers).get()
        #expect(String(decoding: written, as: UTF8.self) == (try JSONValue(parsing: current)).serialized())
        // The worst case of the writer's bound: every byte of a key and a string written as six.
        let controls = String(repeating: #"\u0001"#, count: 300)
        let worst = #"{""# + controls + #"":""# + controls + #"","e":"","a":[null,false,true,0,-0]}"#
        let worstWritten = try Self.throughBytes(chain, eventType: "OrderPlaced", version: 3, bytes: Array(worst.utf8), buffers: &buffers).get()
        #expect(String(decoding: worstWritten, as: UTF8.self) == (try JSONValue(parsing: worst)).serialized())
    }

    /// Buffers kept between reads give what new ones give, after a malformed payload, after a
    /// payload of several megabytes, and after a failing step.
    @Test func keptBuffersGiveWhatNewOnesGive() throws {
        let chain = try Self.exampleChain()
        let good = #"{"orderId":"ord_7Kq2XbN9wR","customer":"c","amount":1.5,"currency":"EUR","lines":[],"placedAt":0,"sequence":1}"#
        let large = "{\"orderId\":\"ord_7Kq2XbN9wR\",\"customer\":\"c\",\"amount\":1.5,\"currency\":\"EUR\",\"lines\":[],\"placedAt\":0,\"sequence\":2,\"note\":\""
            + String(repeating: "x", count: 3 << 20) + "\"}"
        var kept = ReadBuffers()
        for text in [good, "{not json", good, large, good, #"{"amount": 1.234}"#, good, "[1, 2", large, good] {
            var fresh = ReadBuffers()
            let a = Self.throughBytes(chain, eventType: "OrderPlaced", version: 1, bytes: Array(text.utf8), buffers: &kept)
            let b = Self.throughBytes(chain, eventType: "OrderPlaced", version: 1, bytes: Array(text.utf8), buffers: &fresh)
            switch (a, b) {
            case (.success(let x), .success(let y)): #expect(x == y)
            case (.failure(let x), .failure(let y)): #expect(x.description == y.description)
            default: Issue.record("kept and new buffers disagree on \(text.prefix(60))")
            }
        }
    }

    /// Buffers keep the read plan of the read before, and use it only for the same chain and event
    /// type: one buffer passed to two readers whose chains upcast the same type differently, and
    /// between two types of one chain, gives each read its own chain's and type's result.
    @Test func keptBuffersFollowTheChainAndTheEventType() throws {
        func setting(_ eventType: String, _ value: JSONValue) -> Upcaster {
            Upcaster(eventType: eventType, fromVersion: 1, toVersion: 2, steps: [.set(pointer: UpcastPointer("/x")!, value: value, onlyIfAbsent: false)])
        }
        let first = EventReader(chain: try UpcasterChain(upcasters: [setting("Thing", 1), setting("Other", "other")],
                                                        currentVersions: ["Thing": 2, "Other": 2]), types: EventTypeMap())
        let second = EventReader(chain: try UpcasterChain(upcasters: [setting("Thing", 2)], currentVersions: ["Thing": 2]), types: EventTypeMap())
        let payload = Array(#"{"x": 0}"#.utf8)
        var buffers = ReadBuffers()
        let reads: [(EventReader, String, JSONValue)] = [
            (first, "Thing", 1), (second, "Thing", 2), (first, "Thing", 1), (first, "Other", "other"),
            (first, "Thing", 1), (second, "Other", 0), (second, "Thing", 2), (first, "Other", "other"),
        ]
        for (reader, eventType, expected) in reads {
            let read = try reader.read(JSONValue.self, eventType: eventType, version: 1, payload: payload, buffers: &buffers)
            #expect(read == ["x": expected], "\(eventType)")
            let decoded = try reader.read(AnyJSON.self, eventType: eventType, version: 1, payload: payload, buffers: &buffers)
            #expect(decoded.value == ["x": expected], "\(eventType)")
            // The bytes upcast, which refuses a type its chain does not know.
            guard reader.chain.currentVersions[eventType] != nil else { continue }
            var output: [UInt8] = []
            try reader.chain.upcast(payload: payload, eventType: eventType, from: 1, buffers: &buffers, appendingTo: &output)
            #expect(try JSONValue(parsing: output) == ["x": expected], "\(eventType)")
        }
    }

    /// `EventReader` with kept buffers reads what it reads without them, into a typed struct and
    /// as plain JSON, failures included, for generated payloads of every version in one stream.
    @Test func readerWithKeptBuffersReadsWhatItReadsWithout() async throws {
        let reader = try BytesReadPathTests().exampleReader()
        let golden = try BridgeVerifier.goldenExamples(in: Self.folder)
        await propertyCheck(count: 10, input: Gen.uint64()) { seed in
            var buffers = ReadBuffers()
            var payloads = try BytesReadPathTests.generatedOrders(seed: seed, golden: golden).map { ($0.0, $0.1.serializedBytes()) }
            payloads.insert((1, Array("{broken".utf8)), at: 3)
            payloads.insert((1, Array(#"{"amount": 1.234}"#.utf8)), at: 7)
            for (version, bytes) in payloads {
                let kept = Result { () throws(UpcastingError) in
                    try reader.read(CurrentOrderPlaced.self, eventType: "OrderPlaced", version: version, payload: bytes, buffers: &buffers)
                }
                let fresh = Result { () throws(UpcastingError) in
                    try reader.read(CurrentOrderPlaced.self, eventType: "OrderPlaced", version: version, payload: bytes)
                }
                #expect(String(describing: kept) == String(describing: fresh))
                let keptJSON = Result { () throws(UpcastingError) in
                    try reader.read(AnyJSON.self, eventType: "OrderPlaced", version: version, payload: bytes, buffers: &buffers)
                }
                let freshJSON = Result { () throws(UpcastingError) in
                    try reader.read(AnyJSON.self, eventType: "OrderPlaced", version: version, payload: bytes)
                }
                #expect(String(describing: keptJSON) == String(describing: freshJSON))
            }
        }
    }
}

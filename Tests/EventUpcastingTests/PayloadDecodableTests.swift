import EventSchema
import EventUpcasting
import Foundation
import PropertyBased
import StrataTestSupport
import Testing

/// A struct with a property of every type that reads itself from a payload, decoded both ways.
struct EveryField: PayloadDecodable, Equatable {
    enum Status: String, Decodable, PayloadDecodable { case open, closed }

    struct Inner: PayloadDecodable, Equatable {
        var name: String
        var count: Int8

        init(payload: PayloadValue) throws(DecodingFailure) {
            name = try payload.decode(forKey: "name")
            count = try payload.decode(forKey: "count")
        }
    }

    var text: String
    var flag: Bool
    var int: Int
    var int8: Int8
    var int16: Int16
    var int32: Int32
    var int64: Int64
    var uint: UInt
    var uint8: UInt8
    var uint16: UInt16
    var uint32: UInt32
    var uint64: UInt64
    var double: Double
    var float: Float
    var decimal: Decimal
    var date: Date
    var url: URL
    var data: Data
    var uuid: UUID
    var status: Status
    var inner: Inner
    var list: [Inner]
    var tags: [String: Int64]
    var note: String?
    var matrix: [[Int]]

    init(payload: PayloadValue) throws(DecodingFailure) {
        text = try payload.decode(forKey: "text")
        flag = try payload.decode(forKey: "flag")
        int = try payload.decode(forKey: "int")
        int8 = try payload.decode(forKey: "int8")
        int16 = try payload.decode(forKey: "int16")
        int32 = try payload.decode(forKey: "int32")
        int64 = try payload.decode(forKey: "int64")
        uint = try payload.decode(forKey: "uint")
        uint8 = try payload.decode(forKey: "uint8")
        uint16 = try payload.decode(forKey: "uint16")
        uint32 = try payload.decode(forKey: "uint32")
        uint64 = try payload.decode(forKey: "uint64")
        double = try payload.decode(forKey: "double")
        float = try payload.decode(forKey: "float")
        decimal = try payload.decode(forKey: "decimal")
        date = try payload.decode(forKey: "date")
        url = try payload.decode(forKey: "url")
        data = try payload.decode(forKey: "data")
        uuid = try payload.decode(forKey: "uuid")
        status = try payload.decode(forKey: "status")
        inner = try payload.decode(forKey: "inner")
        list = try payload.decode(forKey: "list")
        tags = try payload.decode(forKey: "tags")
        note = try payload.decodeIfPresent(forKey: "note")
        matrix = try payload.decode(forKey: "matrix")
    }

    static let typical: JSONValue = try! JSONValue(parsing: #"""
        {"text": "h\u00e9llo \"q\"", "flag": true, "int": -42, "int8": -128, "int16": 32767,
         "int32": -2147483648, "int64": 1234567890123456789, "uint": 42, "uint8": 255, "uint16": 65535,
         "uint32": 4294967295, "uint64": 18446744073709551615, "double": 0.1, "float": 1.5,
         "decimal": 199.99, "date": "2024-05-01T14:30:00.123456+02:00", "url": "https://example.com/a?b=c",
         "data": "aGVsbG8=", "uuid": "E621E1F8-C36C-495A-93FC-0C247A3E6E5F", "status": "open",
         "inner": {"name": "a", "count": 1}, "list": [{"name": "b", "count": 2}, {"count": 3, "name": "c"}],
         "tags": {"x": 1, "y": 9223372036854775807}, "note": "n", "matrix": [[1, 2], []]}
        """#)
}

/// The current `OrderPlaced` struct of the example domain, read through `init(payload:)`.
struct FastOrderPlaced: PayloadDecodable, Equatable {
    struct Money: PayloadDecodable, Equatable {
        var minorUnits: Int64
        var currency: String

        init(payload: PayloadValue) throws(DecodingFailure) {
            minorUnits = try payload.decode(forKey: "minorUnits")
            currency = try payload.decode(forKey: "currency")
        }
    }

    struct Line: PayloadDecodable, Equatable {
        var sku: String
        var quantity: Int
        var unitPrice: Money

        init(payload: PayloadValue) throws(DecodingFailure) {
            sku = try payload.decode(forKey: "sku")
            quantity = try payload.decode(forKey: "quantity")
            unitPrice = try payload.decode(forKey: "unitPrice")
        }
    }

    var orderId: String
    var customerId: String
    var total: Money
    var lines: [Line]
    var placedAt: Date
    var sequence: Int64

    init(payload: PayloadValue) throws(DecodingFailure) {
        orderId = try payload.decode(forKey: "orderId")
        customerId = try payload.decode(forKey: "customerId")
        total = try payload.decode(forKey: "total")
        lines = try payload.decode(forKey: "lines")
        placedAt = try payload.decode(forKey: "placedAt")
        sequence = try payload.decode(forKey: "sequence")
    }

    /// The same order as the `Decodable` struct, for comparing the two paths.
    var current: CurrentOrderPlaced {
        CurrentOrderPlaced(
            orderId: orderId, customerId: customerId,
            total: CurrentOrderPlaced.Money(minorUnits: total.minorUnits, currency: total.currency),
            lines: lines.map {
                CurrentOrderPlaced.Line(sku: $0.sku, quantity: $0.quantity,
                                        unitPrice: CurrentOrderPlaced.Money(minorUnits: $0.unitPrice.minorUnits, currency: $0.unitPrice.currency))
            },
            placedAt: placedAt, sequence: sequence
        )
    }
}

/// One integer of any width under the key `n`.
struct Holder<N: PayloadDecodable & FixedWidthInteger & Sendable>: PayloadDecodable, Sendable {
    var n: N

    init(payload: PayloadValue) throws(DecodingFailure) {
        n = try payload.decode(forKey: "n")
    }
}

/// A type whose two initializers differ on purpose, to see which one a reader calls.
struct WhichInitializer: PayloadDecodable, Sendable {
    var via: String

    init(from decoder: any Decoder) throws { via = "init(from:)" }
    init(payload: PayloadValue) throws(DecodingFailure) { via = "init(payload:)" }
}

/// `PayloadDecodable` types read themselves from the payload tree. Whatever the payload, they
/// must give what their synthesized `Decodable` conformance gives: the same value or the same
/// failure, pointer and reason included.
struct PayloadDecodableTests {
    static let root = Conformance.packageRoot.path

    /// Reading `bytes` through `init(payload:)`: a reader with no upcasters for the type.
    func readFast<Event: PayloadDecodable>(_ type: Event.Type, _ bytes: [UInt8], reader: EventReader = plainReader) -> Result<Event, DecodingFailure> {
        do throws(UpcastingError) {
            return .success(try reader.read(Event.self, eventType: "Any", version: 1, payload: bytes))
        } catch {
            guard case .decodingFailed(_, _, let failure) = error else { return .failure(DecodingFailure(pointer: .root, reason: "\(error)")) }
            return .failure(failure)
        }
    }

    /// Reading `bytes` through `init(from:)`, with ``JSONValueDecoder``.
    func readDecodable<Event: Decodable>(_ type: Event.Type, _ bytes: [UInt8]) throws -> Result<Event, DecodingFailure> {
        let value = try JSONValue(parsing: bytes)
        return Result { () throws(DecodingFailure) -> Event in try JSONValueDecoder().decode(Event.self, from: value) }
    }

    static let plainReader = EventReader(chain: try! UpcasterChain(upcasters: [], currentVersions: [:]), types: EventTypeMap())

    func expectSameOutcome(_ payload: JSONValue, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let bytes = payload.serializedBytes()
        let fast = readFast(EveryField.self, bytes)
        let decodable = try readDecodable(EveryField.self, bytes)
        #expect(fast == decodable, "\(payload.serialized())", sourceLocation: sourceLocation)
    }

    /// The typical payload reads the same both ways, every value exact.
    @Test func everyTypeReadsAsDecodableReadsIt() throws {
        let bytes = EveryField.typical.serializedBytes()
        let fast = try readFast(EveryField.self, bytes).get()
        #expect(fast == (try readDecodable(EveryField.self, bytes).get()))
        #expect(fast.int64 == 1_234_567_890_123_456_789)
        #expect(fast.uint64 == .max)
        #expect(fast.decimal == Decimal(string: "199.99"))
        #expect(fast.decimal.description == "199.99")
        #expect(fast.text == "h\u{e9}llo \"q\"")
        #expect(fast.date == Date(timeIntervalSince1970: 1_714_566_600.123456))
        #expect(fast.data == Data("hello".utf8))
        #expect(fast.status == .open)
        #expect(fast.list.map(\.name) == ["b", "c"])
        #expect(fast.tags == ["x": 1, "y": .max])
        #expect(fast.matrix == [[1, 2], []])
    }

    /// Every member missing, `null`, or replaced by a value of another kind or out of range,
    /// inside nested objects and arrays too, fails (or succeeds) alike both ways.
    @Test func brokenPayloadsFailAsDecodableFails() throws {
        let replacements: [JSONValue] = [
            .null, true, "text", "closed", 7, -1, 1.5, 300, 70000, 1e300,
            .number(JSONNumber(exactly: "1e400")!), .number(JSONNumber(exactly: "99999999999999999999")!),
            "2024-02-30T00:00:00Z", "not a uuid", "%%", [], [1, "a"], [[1], [2.5]], [:], ["name": "z", "count": 1000],
        ]
        guard case .object(let object) = EveryField.typical else { Issue.record("not an object"); return }
        for key in object.keys {
            var without = object
            without[key] = nil
            try expectSameOutcome(.object(without))
            for replacement in replacements {
                var changed = object
                changed[key] = replacement
                try expectSameOutcome(.object(changed))
                var nested = object
                nested["inner"] = ["name": "a", "count": 1, key: replacement]
                nested["list"] = [["name": "b", "count": 2], ["name": "c", key: replacement]]
                nested["tags"] = ["x": 1, key: replacement]
                try expectSameOutcome(.object(nested))
            }
        }
        #expect(readFast(EveryField.self, JSONValue.array([]).serializedBytes()).failure?.reason == "expected object, found array")
    }

    /// Where the two paths fail, the failure names the value's pointer, as `Decodable` does.
    @Test func failuresNameThePointer() throws {
        var payload = EveryField.typical
        payload["list"] = [["name": "b", "count": 2], ["name": "c", "count": 300]]
        let failure = try #require(readFast(EveryField.self, payload.serializedBytes()).failure)
        #expect(failure.description == "#/list/1/count: 300 is out of range for Int8")
        payload = EveryField.typical
        payload["inner"] = ["name": "a"]
        #expect(readFast(EveryField.self, payload.serializedBytes()).failure?.description == #"#/inner: missing key "count""#)
        payload = EveryField.typical
        payload["status"] = "pending"
        #expect(readFast(EveryField.self, payload.serializedBytes()).failure?.description
            == "#/status: Cannot initialize Status from invalid String value pending")
    }

    /// Stored v1, v2 and v3 `OrderPlaced` payloads, generated from their schemas for any seed,
    /// read through the example's upcasters into the same order both ways, `sequence` exact; the
    /// example's broken payloads fail alike.
    @Test func upcastOrdersReadAsDecodableReadsThem() async throws {
        let folder = try SchemaFolder(root: Self.root + "/Schemas")
        let schemas = try VersionedSchemas(folder: folder)
        let chain = try UpcasterChain(folder: Self.root + "/Upcasters", schemas: folder, eventTypes: ["OrderPlaced"])
        let reader = EventReader(chain: chain, types: EventTypeMap())
        let golden = try BridgeVerifier.goldenExamples(in: folder)
        await propertyCheck(count: 20, input: Gen.uint64()) { seed in
            for version in 1...3 {
                let node = EventVersion("OrderPlaced", version)
                let samples = PayloadGenerator.samples(from: (golden[node] ?? []).map(\.payload))
                var generator = PayloadGenerator(schemas: schemas, samples: [node: samples], seed: seed)
                for payload in try generator.payloads(of: node, count: 6) {
                    let bytes = payload.serializedBytes()
                    let fast = try reader.read(FastOrderPlaced.self, eventType: "OrderPlaced", version: version, payload: bytes)
                    let decodable = try reader.read(CurrentOrderPlaced.self, eventType: "OrderPlaced", version: version, payload: bytes)
                    #expect(fast.current == decodable)
                    #expect(JSONValue.number(JSONNumber(fast.sequence)) == payload["sequence"])
                }
            }
        }
        let typical = try DocumentReader().read(file: Self.root + "/Schemas/OrderPlaced/examples/v1/typical.json")
        for (key, replacement) in [("sequence", JSONValue.number(JSONNumber(exactly: "1234567890123456789.5")!)),
                                   ("amount", "12"), ("placedAt", .number(JSONNumber(Int64.min))), ("lines", [["sku": 1]])] {
            var broken = typical
            broken[key] = replacement
            let bytes = broken.serializedBytes()
            let fast = Result { () throws(UpcastingError) in try reader.read(FastOrderPlaced.self, eventType: "OrderPlaced", version: 1, payload: bytes) }
            let decodable = Result { () throws(UpcastingError) in try reader.read(CurrentOrderPlaced.self, eventType: "OrderPlaced", version: 1, payload: bytes) }
            #expect(fast.failure != nil && fast.failure == decodable.failure, "\(key): \(fast) vs \(decodable)")
        }
    }

    /// A v1 payload with an int64 sequence and a decimal amount comes out of the upcasters and
    /// `init(payload:)` bit for bit.
    @Test func exactNumbersSurviveTheFastPath() throws {
        let chain = try UpcasterChain(folder: Self.root + "/Upcasters", schemas: SchemaFolder(root: Self.root + "/Schemas"), eventTypes: ["OrderPlaced"])
        let reader = EventReader(chain: chain, types: EventTypeMap())
        let bytes = Array(#"""
            {"orderId": "ord_1", "customer": "cus_1", "amount": 199.99, "currency": "EUR",
             "lines": [{"sku": "A", "quantity": 1, "unitPrice": 199.99}],
             "placedAt": 1700000000, "note": "x", "sequence": 1234567890123456789}
            """#.utf8)
        let order = try reader.read(FastOrderPlaced.self, eventType: "OrderPlaced", version: 1, payload: bytes)
        #expect(order.sequence == 1_234_567_890_123_456_789)
        #expect(order.total.minorUnits == 19_999 && order.total.currency == "EUR")
        #expect(order.lines.first?.unitPrice.minorUnits == 19_999)
        #expect(order.placedAt == Date(timeIntervalSince1970: 1_700_000_000))
        let stored = StoredEvent(eventType: "OrderPlaced", version: 1, payload: try JSONValue(parsing: bytes))
        #expect(try reader.read(stored, as: FastOrderPlaced.self) == order)
    }

    /// Integers of up to 21 digits, at and past the ends of each width, read exactly as Swift
    /// reads the same text, or fail as `Decodable` fails: the fast path adds up to 19 digits
    /// unchecked and checks the range once.
    @Test func integersAtTheEndsOfEachWidthReadExactly() throws {
        let texts = ["0", "-0", "7", "-7", "999999999999999999", "-999999999999999999", "1234567890123456789",
                     "-1234567890123456789", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
                     "-9223372036854775809", "9999999999999999999", "-9999999999999999999", "10000000000000000000",
                     "18446744073709551615", "18446744073709551616", "-18446744073709551616", "2147483647",
                     "2147483648", "-2147483648", "-2147483649"]
        func expectExact<N: PayloadDecodable & FixedWidthInteger & Sendable>(_: N.Type, _ text: String) throws {
            let bytes = Array(#"{"n": \#(text)}"#.utf8)
            let fast = readFast(Holder<N>.self, bytes).map(\.n)
            let decodable = try readDecodable(Holder<N>.self, bytes).map(\.n)
            if let expected = N(text) {
                #expect(fast.success == expected, "\(text) as \(N.self): \(fast)")
            } else {
                #expect(fast.failure != nil && fast.failure == decodable.failure, "\(text) as \(N.self): \(fast) vs \(decodable)")
            }
            #expect(fast.success == decodable.success, "\(text) as \(N.self)")
        }
        for text in texts {
            try expectExact(Int64.self, text)
            try expectExact(UInt64.self, text)
            try expectExact(Int.self, text)
            try expectExact(Int32.self, text)
        }
    }

    /// Every way into a reader calls `init(payload:)` for a `PayloadDecodable` type, and
    /// `JSONValueDecoder` keeps calling `init(from:)`.
    @Test func readersCallInitPayload() throws {
        var types = EventTypeMap()
        types.register(WhichInitializer.self, as: "Which")
        let reader = EventReader(chain: try UpcasterChain(upcasters: [], currentVersions: [:]), types: types)
        let stored = StoredEvent(eventType: "Which", version: 1, payload: ["a": 1])
        #expect(try reader.read(WhichInitializer.self, eventType: "Which", version: 1, payload: Array(#"{"a": 1}"#.utf8)).via == "init(payload:)")
        #expect(try reader.read(stored, as: WhichInitializer.self).via == "init(payload:)")
        guard case .event(let event)? = try reader.read(stored).first else { Issue.record("no event"); return }
        #expect((event.value as? WhichInitializer)?.via == "init(payload:)")
        #expect(try JSONValueDecoder().decode(WhichInitializer.self, from: ["a": 1]).via == "init(from:)")
    }

    /// `Date` follows the reader's decoder's strategy on this path too.
    @Test func datesFollowTheReadersStrategy() throws {
        struct Stamped: PayloadDecodable, Equatable {
            var at: Date
            init(payload: PayloadValue) throws(DecodingFailure) { at = try payload.decode(forKey: "at") }
        }
        var decoder = JSONValueDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        let reader = EventReader(chain: try UpcasterChain(upcasters: [], currentVersions: [:]), types: EventTypeMap(), decoder: decoder)
        let bytes = Array(#"{"at": 1700000000123}"#.utf8)
        let stamped = try readFast(Stamped.self, bytes, reader: reader).get()
        #expect(stamped.at == Date(timeIntervalSince1970: 1_700_000_000.123))
        #expect(try decoder.decode(Stamped.self, from: JSONValue(parsing: bytes)) == stamped)
        #expect(readFast(Stamped.self, Array(#"{"at": 1700000000123}"#.utf8)).failure?.reason == "expected Date, found number")
    }

    /// A type's own check fails at the value it read, through `failure(_:)`; `contains` and
    /// `isNull` see what is there.
    @Test func ownChecksNameTheirValue() throws {
        struct Quantity: PayloadDecodable {
            var value: Int
            init(payload: PayloadValue) throws(DecodingFailure) {
                value = try payload.decode()
                guard value > 0 else { throw payload.failure("must be positive") }
            }
            init(from decoder: any Decoder) throws {
                value = try decoder.singleValueContainer().decode(Int.self)
                guard value > 0 else {
                    throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "must be positive"))
                }
            }
        }
        struct Line: PayloadDecodable {
            var quantity: Quantity
            init(payload: PayloadValue) throws(DecodingFailure) { quantity = try payload.decode(forKey: "quantity") }
        }
        struct NoteProbe: PayloadDecodable, Equatable {
            var hasNote: Bool
            var noteIsNull: Bool
            enum CodingKeys: CodingKey { case note }
            init(payload: PayloadValue) throws(DecodingFailure) {
                hasNote = try payload.contains("note")
                noteIsNull = try payload.decodeIfPresent(String.self, forKey: "note") == nil
            }
            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                hasNote = container.contains(.note)
                noteIsNull = try container.decodeIfPresent(String.self, forKey: .note) == nil
            }
        }
        let lines = Array(#"[{"quantity": 2}, {"quantity": 0}]"#.utf8)
        #expect(readFast([Line].self, lines).failure?.description == "#/1/quantity: must be positive")
        #expect(try readDecodable([Line].self, lines).failure == readFast([Line].self, lines).failure)
        for (text, has, isNull) in [(#"{"note": null}"#, true, true), (#"{"note": "n"}"#, true, false), ("{}", false, true)] {
            let probe = try readFast(NoteProbe.self, Array(text.utf8)).get()
            #expect(probe.hasNote == has && probe.noteIsNull == isNull, "\(text)")
            #expect(try readDecodable(NoteProbe.self, Array(text.utf8)).get() == probe, "\(text)")
        }
    }
}

import EventSchema
import EventUpcasting
import Foundation
import StrataTestSupport
import Testing

/// The example domain's order event at v2, as a consumer rolled back to v2 declares it.
struct OrderPlacedV2: Decodable, Sendable, Equatable {
    var orderId: String
    var customerId: String
    var total: CurrentOrderPlaced.Money
    var lines: [CurrentOrderPlaced.Line]
    var placedAt: Int64
    var note: String?
    var sequence: Int64
}

/// Downcasters (`Upcasters/<Type>/<n>-to-<n-1>.yaml`) take newer payloads to an older version, for
/// consumers rolled back to it.
struct DowncastTests {
    static let root = Conformance.packageRoot.path

    func example(_ version: Int, _ name: String) throws -> JSONValue {
        try DocumentReader().read(file: "\(Self.root)/Schemas/OrderPlaced/examples/v\(version)/\(name).json")
    }

    func exampleChain() throws -> UpcasterChain {
        try UpcasterChain(folder: Self.root + "/Upcasters", schemas: SchemaFolder(root: Self.root + "/Schemas"), eventTypes: ["OrderPlaced"])
    }

    /// Every v3 golden example with a pinned v2 form downcasts to exactly that form: placedAt back
    /// to whole unix seconds, the int64 sequence bit for bit.
    @Test(arguments: ["typical", "big-sequence", "placed-at-with-offset"])
    func orderPlacedV3DowncastsToItsPinnedV2Form(_ name: String) throws {
        var payload = try example(3, name)
        let reached = try exampleChain().upcast(&payload, eventType: "OrderPlaced", from: 3, to: 2)
        #expect(reached == 2)
        let pinned = try DocumentReader().read(file: "\(Self.root)/Schemas/OrderPlaced/examples/v3/\(name).v2.expected.json")
        #expect(payload == pinned)
        #expect(payload.serialized() == pinned.serialized())
    }

    @Test func theDowncastPathIsTheDowncastersNewestFirst() throws {
        let chain = try exampleChain()
        #expect(try chain.path(for: "OrderPlaced", from: 3, to: 2).map(\.fromVersion) == [3])
        #expect(chain.downcasters(of: "OrderPlaced").map(\.toVersion) == [2])
        #expect(chain.allUpcasters.allSatisfy { !$0.isDowncaster })
        let error = #expect(throws: UpcastingError.self) { try chain.path(for: "OrderPlaced", from: 3, to: 1) }
        #expect(error == .invalidChain(eventType: "OrderPlaced",
                                       reason: "no downcaster from v2, so v3 events cannot be read as v1; add OrderPlaced/2-to-1.yaml"))
    }

    /// A reader given an older target version reads newer events through the downcasters, older
    /// events through the upcasters as far as the target, and events at the target unchanged.
    @Test func aReaderRolledBackToV2ReadsEveryVersionAsV2() throws {
        var types = EventTypeMap()
        types.register(OrderPlacedV2.self, as: "OrderPlaced")
        let reader = EventReader(chain: try exampleChain(), types: types, targetVersions: ["OrderPlaced": 2])
        let expected = try JSONValueDecoder().decode(OrderPlacedV2.self, from: try example(2, "typical"))
        for version in 1...3 {
            let payload = try example(version, "typical")
            let fromValue = try reader.read(StoredEvent(eventType: "OrderPlaced", version: version, payload: payload), as: OrderPlacedV2.self)
            let fromBytes = try reader.read(OrderPlacedV2.self, eventType: "OrderPlaced", version: version, payload: payload.serializedBytes())
            let outcomes = try reader.read(StoredEvent(eventType: "OrderPlaced", version: version, payload: payload))
            guard case .event(let event)? = outcomes.first, let listed = event.value as? OrderPlacedV2 else {
                Issue.record("v\(version): \(outcomes)")
                continue
            }
            // v3 dropped the note, so a downcast v3 event has none; otherwise each reads as the v2 example.
            var withoutNote = expected
            if version == 3 { withoutNote.note = nil }
            #expect(fromValue == withoutNote, "v\(version)")
            #expect(fromBytes == fromValue && listed == fromValue, "v\(version)")
            #expect(fromValue.sequence == 1234567890123456789)
        }
    }

    /// A downcaster converting minor units back to a decimal keeps amounts and int64s exact.
    @Test func downcastingKeepsDecimalsAndInt64sExact() throws {
        let downcaster = Upcaster(eventType: "Price", fromVersion: 2, toVersion: 1, steps: [
            .move(from: UpcastPointer("/total/minorUnits")!, to: UpcastPointer("/amount")!),
            .convert(pointer: UpcastPointer("/amount")!, converter: .minorUnitsToDecimal(scale: 2)),
            .remove(pointer: UpcastPointer("/total")!),
            .convert(pointer: UpcastPointer("/at")!, converter: .rfc3339ToWholeUnixSeconds),
        ])
        let chain = try UpcasterChain(upcasters: [downcaster], currentVersions: ["Price": 2])
        var payload = try JSONValue(parsing: Array(#"{"total": {"minorUnits": 19999}, "at": "1969-12-31T23:59:59.25Z", "sequence": 1234567890123456789}"#.utf8))
        try chain.upcast(&payload, eventType: "Price", from: 2, to: 1)
        #expect(payload.serialized() == #"{"at":-1,"sequence":1234567890123456789,"amount":199.99}"#)
        struct PriceV1: Decodable, Equatable { var amount: Decimal; var at: Int64; var sequence: Int64 }
        let reader = EventReader(chain: chain, types: EventTypeMap(), targetVersions: ["Price": 1])
        let bytes = Array(#"{"total": {"minorUnits": 19999}, "at": "2024-06-10T20:05:01.999+02:00", "sequence": 1234567890123456789}"#.utf8)
        let read = try reader.read(PriceV1.self, eventType: "Price", version: 2, payload: bytes)
        #expect(read == PriceV1(amount: Decimal(string: "199.99")!, at: 1718042701, sequence: 1234567890123456789))
        let value = try reader.read(StoredEvent(eventType: "Price", version: 2, payload: try JSONValue(parsing: bytes)), as: PriceV1.self)
        #expect(value == read)
    }

    /// `rfc3339-to-whole-unix-seconds` rounds down to the earlier whole second, counts a leap
    /// second as the next, and refuses what is not a date-time, naming the step and pointer.
    @Test func wholeUnixSecondsRoundDownAndRefuseNonDates() throws {
        let downcaster = Upcaster(eventType: "T", fromVersion: 2, toVersion: 1, steps: [
            .convert(pointer: UpcastPointer("/at")!, converter: .rfc3339ToWholeUnixSeconds),
        ])
        let chain = try UpcasterChain(upcasters: [downcaster], currentVersions: ["T": 2])
        for (text, seconds) in [("2024-06-10T18:05:01Z", "1718042701"), ("2024-06-10T18:05:01.999999999Z", "1718042701"),
                                ("1969-12-31T23:59:59.5Z", "-1"), ("1998-12-31T23:59:60.5Z", "915148800"),
                                ("0000-01-01T00:00:00Z", "-62167219200")] {
            var payload: JSONValue = ["at": .string(text)]
            try chain.upcast(&payload, eventType: "T", from: 2, to: 1)
            #expect(payload["at"]?.serialized() == seconds, "\(text)")
        }
        var wrong: JSONValue = ["at": 1718042701]
        let error = #expect(throws: UpcastingError.self) { try chain.upcast(&wrong, eventType: "T", from: 2, to: 1) }
        #expect(error == .stepFailed(eventType: "T", fromVersion: 2, step: 0, pointer: "/at",
                                     reason: "expected an RFC 3339 date-time, found number 1718042701"))
    }

    /// Chain checks name the files: a downcaster skipping a version, two for one version, an
    /// upcaster to its own version.
    @Test func badDowncasterFilesAreRefusedNamingThem() throws {
        func reason(_ files: [String: String]) throws -> String {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            for version in 1...3 { try directory.write("Schemas/A/\(version).json", #"{"description": "v\#(version)"}"#) }
            for (path, text) in files { try directory.write("Upcasters/" + path, text) }
            do {
                _ = try UpcasterChain(folder: directory.path + "/Upcasters", schemas: SchemaFolder(root: directory.path + "/Schemas"))
                return "loaded"
            } catch {
                return error.description.replacingOccurrences(of: directory.path + "/", with: "")
            }
        }
        #expect(try reason(["A/3-to-2.yaml": "steps: []", "A/2-to-1.yaml": "steps: []"]) == "loaded")
        #expect(try reason(["A/3-to-1.yaml": "steps: []"])
                == "A: a downcaster goes from v3 to the version just below, v2, not v1 (one file per version): Upcasters/A/3-to-1.yaml")
        #expect(try reason(["A/3-to-2.yaml": "steps: []", "A/3-to-2.json": #"{"steps": []}"#])
                == "A: two downcasters start at v3: Upcasters/A/3-to-2.json and Upcasters/A/3-to-2.yaml")
        #expect(try reason(["A/2-to-2.yaml": "steps: []"]) == "A: an upcaster from v2 to v2 goes backwards: Upcasters/A/2-to-2.yaml")
        // An upcaster and a downcaster may start at the same version.
        #expect(try reason(["A/2-to-3.yaml": "steps: []", "A/2-to-1.yaml": "steps: []", "A/1-to-2.yaml": "steps: []"]) == "loaded")
    }

    /// With step validation on, a downcaster whose output the older schema refuses fails naming
    /// the file, the versions and the pointer.
    @Test func aDowncasterWhoseOutputTheOlderSchemaRefusesIsNamed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("Schemas/A/1.json", #"{"type": "object", "properties": {"n": {"type": "integer", "maximum": 10}}}"#)
        try directory.write("Schemas/A/2.json", #"{"type": "object", "properties": {"n": {"type": "integer"}}}"#)
        let file = try directory.write("Upcasters/A/2-to-1.yaml", "steps: []\n")
        let folder = try SchemaFolder(root: directory.path + "/Schemas")
        let chain = try UpcasterChain(folder: directory.path + "/Upcasters", schemas: folder).validatingSteps(against: folder)
        var payload: JSONValue = ["n": 11]
        let error = #expect(throws: UpcastingError.self) { try chain.upcast(&payload, eventType: "A", from: 2, to: 1) }
        guard case .stepOutputInvalid(let type, let from, let to, let named, let failure)? = error else {
            Issue.record("\(String(describing: error))")
            return
        }
        #expect(type == "A" && from == 2 && to == 1 && named == file)
        #expect(failure.instanceLocation.fragment == "#/n")
    }
}

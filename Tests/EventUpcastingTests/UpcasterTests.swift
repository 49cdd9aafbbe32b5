import EventSchema
import EventUpcasting
import Foundation
import StrataTestSupport
import Testing

struct UpcasterTests {
    static let root = Conformance.packageRoot.path
    static let reader = DocumentReader()

    func example(_ type: String, _ version: Int, _ name: String) throws -> JSONValue {
        try Self.reader.read(file: "\(Self.root)/Schemas/\(type)/examples/v\(version)/\(name).json")
    }

    func chain(swift: [String: SwiftUpcaster] = [:]) throws -> UpcasterChain {
        try UpcasterChain(folder: Self.root + "/Upcasters", schemas: SchemaFolder(root: Self.root + "/Schemas"), swiftUpcasters: swift)
    }

    static let splitName = UpcasterFixtures.splitName

    @Test func orderPlacedV1UpcastsToTheV3ExampleExactly() throws {
        var payload = try example("OrderPlaced", 1, "typical")
        let reached = try chain(swift: ["splitName": Self.splitName]).upcast(&payload, eventType: "OrderPlaced", from: 1)
        #expect(reached == 3)
        #expect(payload == (try example("OrderPlaced", 3, "typical")))
        #expect(try payload["sequence"]?.number?.int64() == 1234567890123456789)
        #expect(payload["total"]?["minorUnits"] == 19999)
    }

    @Test func everyStepOutputValidatesAgainstItsVersionsSchema() throws {
        let folder = try SchemaFolder(root: Self.root + "/Schemas")
        let chain = try chain(swift: ["splitName": Self.splitName])
        for (type, names) in [("OrderPlaced", ["typical", "minimal", "big-sequence", "note-at-max-length"]), ("CustomerRegistered", ["typical", "unicode-name"])] {
            for name in names {
                var payload = try example(type, 1, name)
                for upcaster in try chain.path(for: type, from: 1) {
                    try upcaster.apply(to: &payload, swiftUpcasters: ["splitName": Self.splitName])
                    let schemaFile = folder.schemas.first { $0.eventType == type && $0.version == upcaster.toVersion }!
                    let errors = try folder.compile(schemaFile, options: JSONSchema.Options(assertsFormat: true)).validate(payload).errors
                    #expect(errors.isEmpty, "\(type) \(name) after v\(upcaster.toVersion): \(errors.map(\.description))")
                }
            }
        }
    }

    @Test func renameKeepsPositionAndMoveCreatesObjects() throws {
        let upcaster = Upcaster(eventType: "T", fromVersion: 1, toVersion: 2, steps: [
            .rename(pointer: UpcastPointer("/b")!, newName: "beta"),
            .move(from: UpcastPointer("/c")!, to: UpcastPointer("/nested/deep/c")!),
            .set(pointer: UpcastPointer("/a")!, value: 99, onlyIfAbsent: true),
            .set(pointer: UpcastPointer("/flag")!, value: false, onlyIfAbsent: true),
            .set(pointer: UpcastPointer("/d")!, value: "new", onlyIfAbsent: false),
            .remove(pointer: UpcastPointer("/missing")!),
        ])
        var payload: JSONValue = ["a": 1, "b": 2, "c": 3, "d": "old"]
        try upcaster.apply(to: &payload)
        #expect(payload.object?.keys == ["a", "beta", "d", "nested", "flag"])
        #expect(payload == ["a": 1, "beta": 2, "d": "new", "nested": ["deep": ["c": 3]], "flag": false])
    }

    @Test func wildcardsReachEveryElementAndCopyFansOut() throws {
        let upcaster = Upcaster(eventType: "T", fromVersion: 1, toVersion: 2, steps: [
            .convert(pointer: UpcastPointer("/lines/*/price")!, converter: .decimalToMinorUnits(scale: 2)),
            .copy(from: UpcastPointer("/currency")!, to: UpcastPointer("/lines/*/currency")!),
            .move(from: UpcastPointer("/lines/*/price")!, to: UpcastPointer("/lines/*/amount")!),
        ])
        var payload = try JSONValue(parsing: #"{"currency": "EUR", "lines": [{"price": 199.99}, {"price": 0.5}]}"#)
        try upcaster.apply(to: &payload)
        #expect(payload == (try JSONValue(parsing: #"{"currency": "EUR", "lines": [{"amount": 19999, "currency": "EUR"}, {"amount": 50, "currency": "EUR"}]}"#)))
    }

    @Test func conversionsAreExactOrFailNamingStepAndPointer() throws {
        let lossy = Upcaster(eventType: "OrderPlaced", fromVersion: 1, toVersion: 2, steps: [
            .convert(pointer: UpcastPointer("/amount")!, converter: .decimalToMinorUnits(scale: 2)),
        ])
        var payload = try JSONValue(parsing: #"{"amount": 1.005}"#)
        #expect(throws: UpcastingError.stepFailed(eventType: "OrderPlaced", fromVersion: 1, step: 0, pointer: "/amount",
                                                  reason: "1.005 has more than 2 decimals; minor units would lose them")) {
            try lossy.apply(to: &payload)
        }
        let times = Upcaster(eventType: "T", fromVersion: 1, toVersion: 2, steps: [
            .convert(pointer: UpcastPointer("/at")!, converter: .unixSecondsToRFC3339),
            .convert(pointer: UpcastPointer("/back")!, converter: .rfc3339ToUnixSeconds),
            .convert(pointer: UpcastPointer("/cents")!, converter: .minorUnitsToDecimal(scale: 2)),
            .convert(pointer: UpcastPointer("/kind")!, converter: .mapValues(mapping: [.init(from: "a", to: "alpha")], otherwise: nil)),
        ])
        var times1 = try JSONValue(parsing: #"{"at": -1, "back": "2024-02-29T23:59:59.250+01:00", "cents": 19999, "kind": "a"}"#)
        try times.apply(to: &times1)
        #expect(times1["at"] == "1969-12-31T23:59:59Z")
        #expect(times1["back"]?.number?.description == "1709247599.25")
        #expect(times1["cents"]?.number?.description == "199.99")
        #expect(times1["kind"] == "alpha")
    }

    @Test(arguments: [
        (Int64(-62_135_596_800), "0001-01-01T00:00:00Z"), (253_402_300_799, "9999-12-31T23:59:59Z"),
        (951_782_400, "2000-02-29T00:00:00Z"), (1_718_042_701, "2024-06-10T18:05:01Z"), (-1, "1969-12-31T23:59:59Z"),
    ])
    func unixSecondsBecomeRFC3339AndBackExactly(_ seconds: Int64, _ text: String) throws {
        let there = Upcaster(eventType: "T", fromVersion: 1, toVersion: 2, steps: [.convert(pointer: UpcastPointer("/at")!, converter: .unixSecondsToRFC3339)])
        let back = Upcaster(eventType: "T", fromVersion: 2, toVersion: 3, steps: [.convert(pointer: UpcastPointer("/at")!, converter: .rfc3339ToUnixSeconds)])
        var payload: JSONValue = ["at": .number(JSONNumber(seconds))]
        try there.apply(to: &payload)
        #expect(payload["at"] == .string(text))
        try back.apply(to: &payload)
        #expect(payload["at"] == .number(JSONNumber(seconds)))
        var outside: JSONValue = ["at": .number(JSONNumber(Int64(253_402_300_800)))]
        #expect(throws: UpcastingError.self) { try there.apply(to: &outside) }
    }

    @Test func aGapADuplicateAndAMissingSwiftUpcasterFailAtLoad() throws {
        let step = [UpcastStep.remove(pointer: UpcastPointer("/x")!)]
        #expect(throws: UpcastingError.invalidChain(eventType: "T", reason: "no upcaster from v2, so v1 events cannot reach v3")) {
            try UpcasterChain(upcasters: [Upcaster(eventType: "T", fromVersion: 1, toVersion: 2, steps: step)], currentVersions: ["T": 3])
        }
        #expect(throws: UpcastingError.self) {
            try UpcasterChain(upcasters: [Upcaster(eventType: "T", fromVersion: 1, toVersion: 2, steps: step),
                                          Upcaster(eventType: "T", fromVersion: 1, toVersion: 3, steps: step)], currentVersions: ["T": 3])
        }
        #expect(throws: UpcastingError.missingSwiftUpcaster(name: "splitName", eventType: "CustomerRegistered", fromVersion: 1)) {
            try chain()
        }
    }

    @Test(arguments: [
        ("steps:\n  - explode: /a\n", "/steps/0/explode", "unknown step"),
        ("steps:\n  - rename: customer\n    to: customerId\n", "/steps/0/rename", "must be a JSON pointer"),
        ("steps:\n  - convert: /a\n    with: magic\n", "/steps/0/with", "unknown converter"),
        ("steps:\n  - convert: /a\n    with: decimal-to-minor-units\n", "/steps/0/scale", "needs scale"),
        ("steps:\n  - remove: /a\n    to: /b\n", "/steps/0/to", "does not take"),
        ("stepz: []\n", "/stepz", "unknown key"),
    ])
    func malformedUpcasterFilesNameFileAndPointer(_ yaml: String, _ pointer: String, _ reason: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write("Upcasters/T/1-to-2.yaml", yaml)
        #expect {
            try Upcaster(file: file)
        } throws: { error in
            guard case .invalidUpcaster(let named, let at, let why)? = error as? UpcastingError else { return false }
            return named == file && at.description == pointer && why.contains(reason)
        }
    }
}

struct UpcastPointerTests {
    @Test func removingArrayElementsRemovesThemAndMissingPathsAreNoOps() throws {
        let upcaster = Upcaster(eventType: "T", fromVersion: 1, toVersion: 2, steps: [
            .remove(pointer: UpcastPointer("/tags/0")!),
            .remove(pointer: UpcastPointer("/absent/deeper")!),
            .rename(pointer: UpcastPointer("/absent/x")!, newName: "y"),
            .convert(pointer: UpcastPointer("/absent")!, converter: .numberToString),
        ])
        var payload: JSONValue = ["tags": ["a", "b"], "n": 1]
        try upcaster.apply(to: &payload)
        #expect(payload == ["tags": ["b"], "n": 1])
    }
}

struct StepValidationTests {
    @Test func aForgottenDefaultIsCaughtWithTheUpcasterNamed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("Schemas/Toggle/1.json", #"{"type": "object"}"#)
        try directory.write("Schemas/Toggle/2.json", #"{"type": "object", "required": ["flag"]}"#)
        let file = try directory.write("Upcasters/Toggle/1-to-2.yaml", "steps:\n  - remove: /old\n")
        let catalog = try Catalog(schemas: directory.path + "/Schemas", upcasters: directory.path + "/Upcasters", validatesSteps: true)
        #expect(catalog.chain.validatesSteps)
        var payload: JSONValue = ["old": 1]
        #expect {
            try catalog.chain.upcast(&payload, eventType: "Toggle", from: 1)
        } throws: { error in
            guard case .stepOutputInvalid(let type, 1, 2, let named, let failure)? = error as? UpcastingError else { return false }
            return type == "Toggle" && named == file && failure.message == "required property \"flag\" is missing"
        }
        let unchecked = try Catalog(schemas: directory.path + "/Schemas", upcasters: directory.path + "/Upcasters", validatesSteps: false)
        var again: JSONValue = ["old": 1]
        #expect(try unchecked.chain.upcast(&again, eventType: "Toggle", from: 1) == 2)
    }
}

struct TypedUpcasterTests {
    struct CustomerV1: Decodable, Sendable { var customerId: String; var name: String; var email: String; var registeredAt: Int64; var sequence: Int64 }
    struct CustomerV2Draft: Encodable, Sendable {
        var customerId: String; var givenName: String; var familyName: String; var email: String; var registeredAt: Int64; var sequence: Int64
    }

    static let splitName = Upcaster.typed(CustomerV1.self) { old in
        let parts = old.name.split(separator: " ", maxSplits: 1).map(String.init)
        return CustomerV2Draft(customerId: old.customerId, givenName: parts.first ?? old.name, familyName: parts.count > 1 ? parts[1] : "",
                               email: old.email, registeredAt: old.registeredAt, sequence: old.sequence)
    }

    @Test func aTypedSwiftUpcasterRunsInTheChainWithExactNumbers() throws {
        let root = Conformance.packageRoot.path
        let catalog = try Catalog(schemas: root + "/Schemas", upcasters: root + "/Upcasters",
                                  swiftUpcasters: ["splitName": Self.splitName], validatesSteps: true)
        var payload = try DocumentReader().read(file: root + "/Schemas/CustomerRegistered/examples/v1/typical.json")
        try catalog.chain.upcast(&payload, eventType: "CustomerRegistered", from: 1)
        #expect(payload["givenName"] != nil && payload["familyName"] != nil && payload["name"] == nil)
        #expect(payload["marketingConsent"] == false)
        #expect(try payload["sequence"]?.number?.int64() == 1234567890123456789)
    }

    @Test func theEncoderKeepsIntegersDecimalsAndDatesExact() throws {
        struct Sample: Encodable { var big: Int64; var price: Decimal; var at: Date; var tags: [String]; var note: String? }
        let value = try JSONValueEncoder().encode(Sample(big: 1234567890123456789, price: Decimal(string: "199.99")!,
                                                         at: Date(timeIntervalSince1970: 1718042701.5), tags: ["a"], note: nil))
        #expect(value.serialized() == #"{"big":1234567890123456789,"price":199.99,"at":"2024-06-10T18:05:01.5Z","tags":["a"]}"#)
    }

    /// OrderShipped v2 as a consumer writes it: v2 added the optional `estimatedDelivery`.
    struct OrderShipped: Decodable, Equatable, Sendable {
        var orderId: String; var carrier: String; var trackingNumber: String; var shippedAt: Int64
        var estimatedDelivery: String?; var sequence: Int64
    }

    /// OrderShipped v1 has no upcaster; v2 is BACKWARD compatible with it, so it reads as v2 unchanged.
    @Test func aVersionWithoutUpcasterReadsAsItsCompatibleSuccessorOnEveryPath() throws {
        let root = Conformance.packageRoot.path
        let catalog = try Catalog(schemas: root + "/Schemas", upcasters: root + "/Upcasters",
                                  swiftUpcasters: ["splitName": Self.splitName], validatesSteps: true)
        #expect(catalog.chain.upcasters(of: "OrderShipped").map(\.passesThrough) == [true])
        let stored = try DocumentReader().read(file: root + "/Schemas/OrderShipped/examples/v1/typical.json")
        var payload = stored
        #expect(try catalog.chain.upcast(&payload, eventType: "OrderShipped", from: 1) == 2)
        #expect(payload == stored)
        var types = EventTypeMap()
        types.register(OrderShipped.self, as: "OrderShipped")
        let reader = catalog.reader(types: types)
        let expected = OrderShipped(orderId: "ord_7Kq2XbN9wR", carrier: "DHL", trackingNumber: "JJD0099887766554433",
                                    shippedAt: 1718115600, estimatedDelivery: nil, sequence: 1234567890123456789)
        // The value path and the bytes path.
        #expect(try reader.read(StoredEvent(eventType: "OrderShipped", version: 1, payload: stored), as: OrderShipped.self) == expected)
        #expect(try reader.read(OrderShipped.self, eventType: "OrderShipped", version: 1, payload: Array(stored.serialized().utf8)) == expected)
    }

    @Test func aVersionWithoutUpcasterWhoseSuccessorBreaksItFailsToLoad() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("Schemas/Open/1.json", #"{"type": "object"}"#)
        try directory.write("Schemas/Open/2.json", #"{"type": "object", "properties": {"x": {"type": "string"}}}"#)
        try directory.write("Upcasters/.keep", "")
        // Under STRICT a property added to an open object breaks old payloads that used the name.
        #expect(throws: UpcastingError.invalidChain(eventType: "Open", reason:
            "no upcaster from v1, and v2 is not BACKWARD compatible with it (STRICT): OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL #/properties/x; add an upcaster Open/1-to-2.yaml")) {
            try Catalog(schemas: directory.path + "/Schemas", upcasters: directory.path + "/Upcasters")
        }
        // Under LENIENT it is compatible.
        let lenient = try Catalog(schemas: directory.path + "/Schemas", upcasters: directory.path + "/Upcasters", policies: ["Open": .lenient])
        var payload: JSONValue = ["y": 1]
        #expect(try lenient.chain.upcast(&payload, eventType: "Open", from: 1) == 2)
        #expect(payload == ["y": 1])
    }

    @Test func aChainNamingASwiftUpcasterIsVerifiedWhenTheUpcasterIsRegisteredAndSkippedOtherwise() throws {
        let root = Conformance.packageRoot.path
        var settings = ChainVerification.Settings.standard
        settings.generatedCount = 50
        let without = try ChainVerification.run(schemas: root + "/Schemas", upcasters: root + "/Upcasters",
                                                eventType: "CustomerRegistered", settings: settings)
        #expect(without.reports.isEmpty)
        #expect(without.skipped.map(\.eventType) == ["CustomerRegistered"])
        let with = try ChainVerification.run(schemas: root + "/Schemas", upcasters: root + "/Upcasters", eventType: "CustomerRegistered",
                                             settings: settings, swiftUpcasters: ["splitName": Self.splitName])
        #expect(with.skipped.isEmpty)
        #expect(with.reports.map(\.source) == [EventVersion("CustomerRegistered", 1)])
        #expect(with.isBridged, "\(with.reports)")
        #expect(with.reports.first?.golden.isEmpty == false)
    }
}

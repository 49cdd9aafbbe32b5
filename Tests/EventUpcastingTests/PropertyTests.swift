import EventSchema
import EventUpcasting
import Foundation
import PropertyBased
import StrataTestSupport
import Testing

/// Properties that must hold for any input, checked with swift-property-based (seeded, shrinking).
struct PropertyTests {
    static let folder = try! SchemaFolder(root: Conformance.packageRoot.path + "/Schemas")
    static let schemas = try! VersionedSchemas(folder: folder)
    static let golden = try! BridgeVerifier.goldenExamples(in: folder)

    /// For any seed, every payload the generator makes is valid under its version's schema, and
    /// the declarative OrderPlaced chain carries every v1 payload to a valid v3 with `sequence` exact.
    @Test func generatedPayloadsAreValidAndUpcastExactlyForAnySeed() async throws {
        let chain = try UpcasterChain(folder: Conformance.packageRoot.path + "/Upcasters", schemas: Self.folder, eventTypes: ["OrderPlaced"])
        let v3 = try Self.schemas.compile(EventVersion("OrderPlaced", 3))
        await propertyCheck(count: 25, input: Gen.uint64()) { seed in
            for node in Self.schemas.entries.keys.sorted() {
                let samples = PayloadGenerator.samples(from: (Self.golden[node] ?? []).map(\.payload))
                var generator = PayloadGenerator(schemas: Self.schemas, samples: [node: samples], seed: seed)
                let schema = try Self.schemas.compile(node)
                for payload in try generator.payloads(of: node, count: 8) {
                    #expect(schema.isValid(payload), "\(node) seed \(seed): \(payload.serialized())")
                    guard node == EventVersion("OrderPlaced", 1) else { continue }
                    var upcast = payload
                    try chain.upcast(&upcast, eventType: "OrderPlaced", from: 1)
                    #expect(v3.isValid(upcast), "seed \(seed): \(upcast.serialized())")
                    #expect(upcast["sequence"] == payload["sequence"])
                }
            }
        }
    }

    /// Scaling a decimal by a power of ten is exact, whichever path (integer or digits) it takes.
    @Test func decimalScalingAgreesWithDecimalArithmetic() async {
        await propertyCheck(count: 300, input: Gen.int64(in: -999_999_999_999...999_999_999_999), Gen.int(in: 0...6), Gen.int(in: 0...8)) { units, decimals, power in
            let text = Self.decimalText(units, decimals: decimals)
            guard let number = JSONNumber(exactly: text) else { Issue.record("\(text) did not parse"); return }
            let expected = Decimal(string: text)! * pow(Decimal(10), power)
            let scaled = number.scaled(byPowerOfTen: power)
            #expect((try? scaled.decimal()) == expected, "\(text) × 10^\(power) gave \(scaled)")
        }
    }

    /// `units` with `decimals` digits after the point: -12345, 2 → "-123.45".
    static func decimalText(_ units: Int64, decimals: Int) -> String {
        let digits = String(units.magnitude)
        let padded = String(repeating: "0", count: max(0, decimals + 1 - digits.count)) + digits
        let split = padded.index(padded.endIndex, offsetBy: -decimals)
        let body = decimals == 0 ? padded : padded[..<split] + "." + padded[split...]
        return (units < 0 ? "-" : "") + body
    }
}

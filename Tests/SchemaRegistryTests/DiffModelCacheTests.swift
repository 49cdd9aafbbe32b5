import EventSchema
import Foundation
import Synchronization
import SchemaRegistry
import StrataTestSupport
import Testing

/// The diff models a registry keeps between registrations: reused, never stale, shared safely.
struct DiffModelCacheTests {
    static let money: JSONValue = ["type": "object", "properties": ["amount": ["type": "integer"]], "required": ["amount"]]
    static let order: JSONValue = ["type": "object", "properties": ["total": ["$ref": "../Money/1.json"]], "required": ["total"]]

    func registry(_ directory: TemporaryDirectory) throws -> SchemaRegistry {
        SchemaRegistry(store: try SQLiteSchemaStore(path: directory.path + "/registry.sqlite"))
    }

    /// `OrderPlaced`'s first version with `count` optional string properties added, one more each version.
    static func version(_ count: Int) -> JSONValue {
        var properties: JSONObject = ["id": ["type": "string"]]
        for index in 0..<count { properties["extra\(index)"] = ["type": "string", "maxLength": 64] }
        return ["type": "object", "properties": .object(properties), "required": ["id"], "additionalProperties": false]
    }

    @Test func registrationsReuseTheEarlierVersionsModels() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let registry = try registry(directory)
        try registry.setConfiguration(CompatibilityConfiguration(mode: .backwardTransitive, policy: .strict), for: nil)
        for count in 0..<6 { try registry.register(Self.version(count), as: "OrderPlaced") }
        // Each registration compared with every earlier version; each of those was read once.
        #expect(registry.diffModels.count == 5)
        // A breaking candidate is still refused by every kept model, as by fresh ones.
        let breaking: JSONValue = ["type": "object", "properties": ["id": ["type": "integer"]], "required": ["id"], "additionalProperties": false]
        let kept = try registry.check(breaking, as: "OrderPlaced").report
        let fresh = try SchemaRegistry(store: registry.store).check(breaking, as: "OrderPlaced").report
        #expect(!kept.isCompatible)
        #expect(kept.comparisons.map(\.differences) == fresh.comparisons.map(\.differences))
        #expect(kept.comparisons.count == 6)
    }

    @Test func aFullCacheDropsTheModelsUsedLongestAgo() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let registry = try registry(directory)
        for count in 0..<4 { try registry.register(Self.version(count), as: "OrderPlaced") }
        let versions = try registry.versions(of: "OrderPlaced")
        let cache = DiffModelCache(capacity: 2)
        _ = cache.model(of: versions[0], resolver: nil)
        _ = cache.model(of: versions[1], resolver: nil)
        _ = cache.model(of: versions[0], resolver: nil)
        _ = cache.model(of: versions[2], resolver: nil)
        #expect(cache.count == 2)
        #expect(cache.keeps(versions[0]) && !cache.keeps(versions[1]) && cache.keeps(versions[2]))
        _ = cache.model(of: versions[3], resolver: nil)
        #expect(!cache.keeps(versions[0]) && cache.keeps(versions[2]) && cache.keeps(versions[3]))
    }

    /// A version deleted for good and registered again with the same document and number reads a
    /// referenced version that was also replaced: the kept model must not answer for the old one.
    @Test func aKeptModelIsNotReusedWhenWhatItReferencesChanged() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let registry = try registry(directory)
        try registry.setConfiguration(CompatibilityConfiguration(mode: .backward, policy: .strict), for: nil)
        try registry.register(Self.money, as: "Money")
        try registry.register(Self.order, as: "Order")
        let inlined: JSONValue = ["type": "object", "properties": ["total": Self.money], "required": ["total"]]
        #expect(try registry.check(inlined, as: "Order").report.isCompatible)
        #expect(registry.diffModels.count == 1)

        _ = try registry.deleteAll(of: "Order", permanently: false)
        _ = try registry.deleteAll(of: "Order", permanently: true)
        _ = try registry.deleteAll(of: "Money", permanently: false)
        _ = try registry.deleteAll(of: "Money", permanently: true)
        let textMoney: JSONValue = ["type": "object", "properties": ["amount": ["type": "string"]], "required": ["amount"]]
        try registry.register(textMoney, as: "Money")
        let again = try registry.register(Self.order, as: "Order")
        #expect(again.version.version == 1 && again.isNew)

        let report = try registry.check(inlined, as: "Order").report
        #expect(!report.isCompatible)
        #expect(report.comparisons.first?.differences.map(\.description) == ["TYPE_CHANGED #/properties/total/properties/amount"])
    }

    /// A new version stores the versions its own document references, not those the comparison
    /// read for the earlier versions.
    @Test func aVersionRecordsOnlyItsOwnReferences() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let registry = try registry(directory)
        try registry.setConfiguration(CompatibilityConfiguration(mode: .backward, policy: .strict), for: nil)
        try registry.register(Self.money, as: "Money")
        let first = try registry.register(Self.order, as: "Order")
        #expect(first.version.references == ["Money/1"])
        let inlined = try registry.register(["type": "object", "properties": ["total": Self.money], "required": ["total"]], as: "Order")
        #expect(inlined.isNew)
        #expect(inlined.version.references == [])
    }

    /// One prepared model compared on many threads at once gives each the same answer (and, under
    /// ThreadSanitizer, races with nothing): references, recursion and a reference that does not resolve.
    @Test(arguments: [false, true]) func aPreparedModelIsComparedOnManyThreadsAtOnce(withBrokenReference: Bool) throws {
        func schema(maximum: Int) -> JSONValue {
            var properties: JSONObject = ["head": ["$ref": "#/$defs/node"]]
            if withBrokenReference { properties["other"] = ["$ref": "#/$defs/missing"] }
            return [
                "$defs": ["node": ["type": "object", "properties": [
                    "value": ["type": "integer", "maximum": .number(JSONNumber(maximum))], "next": ["$ref": "#/$defs/node"],
                ]]],
                "type": "object", "properties": .object(properties),
            ]
        }
        let original = SchemaDiff.Prepared(schema(maximum: 10))
        let updated = SchemaDiff.Prepared(schema(maximum: 5))
        let expected = Result { () throws(SchemaError) in try SchemaDiff.compare(original, updated) }
        let answers = Mutex<[Result<[SchemaDifference], SchemaError>]>([])
        DispatchQueue.concurrentPerform(iterations: 16) { _ in
            let answer = Result { () throws(SchemaError) in try SchemaDiff.compare(original, updated) }
            answers.withLock { $0.append(answer) }
        }
        let all = answers.withLock { $0 }
        #expect(all.count == 16)
        for answer in all { #expect(answer == expected) }
        switch expected {
        case .success(let differences):
            #expect(!withBrokenReference)
            #expect(differences.map(\.description) == ["MAXIMUM_DECREASED #/properties/head/properties/value/maximum"])
        case .failure(.unresolvedReference(_, let pointer, let reference)):
            // The unresolvable reference fails the comparison that reaches it, at its place.
            #expect(withBrokenReference)
            #expect(reference == "#/$defs/missing")
            #expect(pointer == JSONPointer(tokens: ["properties", "other", "$ref"]))
        case .failure(let other):
            Issue.record("unexpected \(other)")
        }
    }
}

import EventSchema
import EventUpcasting
import Foundation
import PropertyBased
import StrataTestSupport
import Testing

/// Steps run on three paths: the value path (`Upcaster.apply`), the bytes path (a `PayloadTree`
/// behind `EventReader`) and, for `strata verify`, the symbolic bridge on schemas. These tests hold
/// all three to ``ReferenceSteps``, a plain reading of docs/upcasters.md, above all where a `*`
/// meets an object: `remove: /o/*` removes every member, as it removes every element of an array.
struct WildcardStepTests {
    static func pointer(_ text: String) -> UpcastPointer { UpcastPointer(text)! }

    /// What a run of steps gave: the payload, or the number of the step that failed.
    enum Outcome: Equatable, CustomStringConvertible {
        case value(JSONValue)
        case failed(step: Int)

        var description: String {
            switch self {
            case .value(let value): value.serialized()
            case .failed(let step): "step \(step) failed"
            }
        }
    }

    static func upcaster(_ steps: [UpcastStep]) -> Upcaster {
        Upcaster(eventType: "Thing", fromVersion: 1, toVersion: 2, steps: steps)
    }

    /// The value path: `Upcaster.apply` on a `JSONValue`.
    static func valuePath(_ steps: [UpcastStep], _ payload: JSONValue) -> (Outcome, UpcastingError?) {
        var payload = payload
        do throws(UpcastingError) {
            try upcaster(steps).apply(to: &payload)
            return (.value(payload), nil)
        } catch {
            guard case .stepFailed(_, _, let step, _, _) = error else { return (.failed(step: -1), error) }
            return (.failed(step: step), error)
        }
    }

    /// The bytes path: the payload's bytes read through `EventReader`, which runs the steps on a
    /// `PayloadTree` (or, for a move or copy from a `*`, on a `JSONValue`).
    static func bytesPath(_ steps: [UpcastStep], _ payload: JSONValue) throws -> (Outcome, UpcastingError?) {
        let chain = try UpcasterChain(upcasters: [upcaster(steps)], currentVersions: ["Thing": 2])
        let reader = EventReader(chain: chain, types: EventTypeMap())
        do throws(UpcastingError) {
            return (.value(try reader.read(AnyJSON.self, eventType: "Thing", version: 1, payload: payload.serializedBytes()).value), nil)
        } catch {
            guard case .stepFailed(_, _, let step, _, _) = error else { return (.failed(step: -1), error) }
            return (.failed(step: step), error)
        }
    }

    /// A schema that allows `value` and little else: every member required, no other allowed,
    /// arrays of exactly their length, scalars by type and value.
    static func exactSchema(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            return ["type": "object", "properties": .object(JSONObject(uniqueMembers: object.members.map { (key: $0.key, value: exactSchema($0.value)) })),
                    "required": .array(object.keys.map { .string($0) }), "additionalProperties": false]
        case .array(let elements):
            let items = elements.map(exactSchema)
            let shared: JSONValue = items.allSatisfy { $0 == items.first } ? (items.first ?? [:]) : [:]
            let count = JSONValue.number(JSONNumber(Int64(elements.count)))
            return ["type": "array", "items": shared, "minItems": count, "maxItems": count]
        case .number(let number):
            return ["type": number.isInteger ? "integer" : "number", "const": value]
        default:
            return ["type": .string(value.kind.rawValue), "const": value]
        }
    }

    /// The regression: `remove: /o/*` on `{"o":{"a":1,"b":2},"keep":3}` gives `{"o":{},"keep":3}`
    /// on the value and bytes paths, and on an array it removes every element.
    @Test(arguments: [
        (#"{"o":{"a":1,"b":2},"keep":3}"#, "/o/*", #"{"o":{},"keep":3}"#),
        (#"{"o":[1,2],"keep":3}"#, "/o/*", #"{"o":[],"keep":3}"#),
        (#"{"o":{"a":{"x":1,"y":2},"b":[1],"c":{"x":3}},"keep":3}"#, "/o/*/x", #"{"o":{"a":{"y":2},"b":[1],"c":{}},"keep":3}"#),
        (#"{"o":{"a":1,"b":2},"keep":3}"#, "/*", #"{}"#),
    ])
    func removingEveryMemberLeavesAnEmptyObjectOnEveryPath(input: String, pointer: String, expected: String) throws {
        let payload = try JSONValue(parsing: Array(input.utf8)), result = try JSONValue(parsing: Array(expected.utf8))
        let steps: [UpcastStep] = [.remove(pointer: Self.pointer(pointer))]
        #expect(ReferenceSteps.run(steps, on: payload) == .value(result))
        #expect(Self.valuePath(steps, payload).0 == .value(result))
        #expect(try Self.bytesPath(steps, payload).0 == .value(result))
    }

    /// The symbolic bridge describes what `remove: /o/*` leaves: an empty object or array, which the
    /// output is valid under and which matches a target that allows only that.
    @Test func theBridgeDescribesEveryMemberRemoved() throws {
        let v1: JSONValue = ["type": "object", "required": ["o", "l", "keep"], "additionalProperties": false, "properties": [
            "o": ["type": "object", "required": ["a"], "properties": ["a": ["type": "integer"], "b": ["type": "integer"]], "additionalProperties": ["type": "string"]],
            "l": ["type": "array", "items": ["type": "integer"], "minItems": 1],
            "keep": ["type": "integer"],
        ]]
        let steps: [UpcastStep] = [.remove(pointer: Self.pointer("/o/*")), .remove(pointer: Self.pointer("/l/*"))]
        guard case .transformed(let schema) = SymbolicBridge.transform(v1, through: [Self.upcaster(steps)]) else {
            Issue.record("the bridge should follow remove: /o/* and /l/*")
            return
        }
        #expect(schema["properties"]?["o"] == ["type": "object", "properties": [:], "additionalProperties": false])
        #expect(schema["properties"]?["l"] == ["type": "array", "items": ["type": "integer"], "maxItems": 0])
        let output = try JSONSchema(schema)
        #expect(output.isValid(["o": [:], "l": [], "keep": 3]))
        #expect(!output.isValid(["o": ["a": nil, "b": nil], "l": [nil], "keep": 3]))
        // A value of no single kind could be a scalar, which stays: that is not followed.
        let either: JSONValue = ["type": "object", "properties": ["o": ["type": ["object", "string"]]]]
        guard case .undecidable = SymbolicBridge.transform(either, through: [Self.upcaster(Array(steps.prefix(1)))]) else {
            Issue.record("an object-or-string should leave the bridge undecided")
            return
        }
    }

    /// Every step kind with `*` over objects and arrays, and without: the pool random programs draw from.
    static let steps: [UpcastStep] = {
        let places = ["/o/*", "/l/*", "/*", "/o/*/x", "/l/*/x", "/o/*/*", "/*/x", "/o/a", "/l/0", "/a"]
        var steps: [UpcastStep] = []
        for place in places.map(pointer) {
            steps += [
                .remove(pointer: place),
                .set(pointer: place, value: 7, onlyIfAbsent: true),
                .set(pointer: place, value: ["s": true], onlyIfAbsent: false),
                .convert(pointer: place, converter: .wrapInObject(key: "w")),
                .convert(pointer: place, converter: .wrapInArray),
                .convert(pointer: place, converter: .numberToString),
                .convert(pointer: place, converter: .mapValues(mapping: [.init(from: 1, to: "one")], otherwise: nil)),
                .rename(pointer: place, newName: "x"),
            ]
        }
        let moves: [(String, String)] = [("/a", "/o/*"), ("/a", "/l/*/x"), ("/o/a", "/o/*/y"), ("/o/*", "/p/*"), ("/l/*", "/m/*"),
                                         ("/o/*/x", "/o/*/y"), ("/o/*", "/z"), ("/l/*/x", "/l/*/y"), ("/o", "/l/*"), ("/l/*", "/o/*")]
        for (from, to) in moves {
            steps += [.move(from: pointer(from), to: pointer(to)), .copy(from: pointer(from), to: pointer(to))]
        }
        return steps
    }()

    /// A small random payload: `o` mostly an object, `l` mostly an array, members and elements of
    /// every kind, nested a little.
    static func payload(_ random: inout SplitMix64) -> JSONValue {
        func value(_ depth: Int) -> JSONValue {
            switch random.next(below: depth > 1 ? 5 : 8) {
            case 0: return .number(JSONNumber(Int64(random.next(below: 3))))
            case 1: return .string(["s", "12", "x"][random.next(below: 3)])
            case 2: return .null
            case 3: return .bool(random.next(below: 2) == 1)
            case 4: return .number(JSONNumber(exactly: "1.5")!)
            case 5, 6: return object(depth + 1)
            default: return .array((0..<random.next(below: 4)).map { _ in value(depth + 1) })
            }
        }
        func object(_ depth: Int) -> JSONValue {
            var object = JSONObject()
            for key in ["a", "x", "y", "0"] where random.next(below: 2) == 1 { object[key] = value(depth) }
            return .object(object)
        }
        var root = JSONObject()
        if random.next(below: 5) > 0 { root["o"] = random.next(below: 5) > 0 ? object(1) : value(1) }
        if random.next(below: 5) > 0 { root["l"] = random.next(below: 5) > 0 ? .array((0..<random.next(below: 4)).map { _ in value(1) }) : value(1) }
        if random.next(below: 2) == 1 { root["a"] = value(2) }
        return .object(root)
    }

    /// Any few steps from ``steps`` in a row, on random payloads, give what ``ReferenceSteps`` gives
    /// on the value path and on the bytes path (the same payload, or a failure at the same step,
    /// with the same error on both); and where the symbolic bridge follows the steps from a schema
    /// that allows the payload, the reference succeeds and its output is valid under the schema the
    /// bridge made.
    @Test func anyRunOfWildcardStepsMatchesTheReferenceOnEveryPath() async throws {
        await propertyCheck(count: 400, input: Gen.int(in: 0...(Self.steps.count - 1)).array(of: 1...4), Gen.uint64()) { picks, seed in
            _ = try Self.checkAgainstReference(picks.map { Self.steps[$0] }, seed: seed)
        }
    }

    /// The same check on 400 programs drawn from a fixed seed, so that how often the bridge follows
    /// the steps does not depend on a random draw: often enough for its check to mean something.
    @Test func theBridgeFollowsEnoughProgramsForItsCheckToMeanSomething() throws {
        var random = SplitMix64(seed: 2026)
        var bridged = 0
        for _ in 0..<400 {
            let picks = (0...random.next(below: 4)).map { _ in random.next(below: Self.steps.count) }
            bridged += try Self.checkAgainstReference(picks.map { Self.steps[$0] }, seed: random.next())
        }
        #expect(bridged > 50)
    }

    /// Runs `steps` on four payloads drawn from `seed` on every path and the reference, and
    /// checks the bridge's schema where it follows the steps; returns how often it did.
    static func checkAgainstReference(_ steps: [UpcastStep], seed: UInt64) throws -> Int {
        var random = SplitMix64(seed: seed)
        var bridged = 0
        for _ in 0..<4 {
            let payload = Self.payload(&random)
            let expected = ReferenceSteps.run(steps, on: payload)
            let (value, valueError) = Self.valuePath(steps, payload)
            let (bytes, bytesError) = try Self.bytesPath(steps, payload)
            #expect(value == expected, "value path on \(payload.serialized())")
            #expect(bytes == expected, "bytes path on \(payload.serialized())")
            #expect(valueError == bytesError, "errors on \(payload.serialized())")
            guard case .transformed(let schema) = SymbolicBridge.transform(Self.exactSchema(payload), through: [Self.upcaster(steps)]) else { continue }
            bridged += 1
            guard case .value(let output) = expected else {
                Issue.record("the bridge followed \(steps), which fail on \(payload.serialized()): \(expected)")
                continue
            }
            let compiled = try JSONSchema(schema, options: JSONSchema.Options(checksMetaSchema: false))
            #expect(compiled.isValid(output), "\(steps): bridge schema \(schema.serialized()) refuses \(output.serialized()) from \(payload.serialized())")
        }
        return bridged
    }
}

/// The steps as docs/upcasters.md states them, on `JSONValue`, written for reading rather than
/// speed: a pointer's `*` stands for every member of an object or every element of an array; a
/// step whose place is absent does nothing; a removed member or element is gone. Only the
/// converters of ``WildcardStepTests/steps`` are written out.
enum ReferenceSteps {
    struct Failure: Error {}

    static func run(_ steps: [UpcastStep], on payload: JSONValue) -> WildcardStepTests.Outcome {
        var payload = payload
        for (index, step) in steps.enumerated() {
            do { payload = try apply(step, to: payload) } catch { return .failed(step: index) }
        }
        return .value(payload)
    }

    /// `value` with `body` applied at every place `tokens` reach: `body` gets the value there
    /// (`nil` when absent) and returns the new one (`nil` removes it). A missing container on
    /// the way stops the walk, unless `creating`, which makes an empty object there.
    static func update(_ value: JSONValue, _ tokens: ArraySlice<String>, creating: Bool,
                       _ body: (JSONValue?) throws -> JSONValue?) throws -> JSONValue {
        guard let token = tokens.first else { return value }
        let rest = tokens.dropFirst()
        func place(_ old: JSONValue?) throws -> JSONValue? {
            if rest.isEmpty { return try body(old) }
            if let old { return try update(old, rest, creating: creating, body) }
            guard creating else { return nil }
            return try update(.object(JSONObject()), rest, creating: creating, body)
        }
        switch value {
        case .object(var object) where token == "*":
            for key in object.keys { object[key] = try place(object[key]) }
            return .object(object)
        case .object(var object):
            object[token] = try place(object[token])
            return .object(object)
        case .array(let elements) where token == "*":
            return .array(try elements.compactMap { try place($0) })
        case .array(var elements):
            guard let index = Int(token), elements.indices.contains(index) else { return value }
            if let new = try place(elements[index]) { elements[index] = new } else { elements.remove(at: index) }
            return .array(elements)
        default:
            return value
        }
    }

    /// The places `tokens` reach, with `*` replaced by the member's key or element's index.
    static func places(_ tokens: ArraySlice<String>, in value: JSONValue) -> [(tokens: [String], value: JSONValue)] {
        guard let token = tokens.first else { return [([], value)] }
        let children: [(String, JSONValue)]
        switch value {
        case .object(let object): children = object.members.filter { token == "*" || $0.key == token }.map { ($0.key, $0.value) }
        case .array(let elements): children = elements.enumerated().filter { token == "*" || String($0.offset) == token }.map { (String($0.offset), $0.element) }
        default: children = []
        }
        return children.flatMap { key, child in places(tokens.dropFirst(), in: child).map { ([key] + $0.tokens, $0.value) } }
    }

    static func apply(_ step: UpcastStep, to payload: JSONValue) throws -> JSONValue {
        switch step {
        case .rename(let pointer, let newName):
            // Renames the member (every member, for `*`) of each object the parent reaches, in turn.
            let name = pointer.tokens.last!
            let rename: (JSONValue?) throws -> JSONValue? = { value in
                guard case .object(var object)? = value else { return value }
                for key in object.keys where name == "*" || key == name {
                    guard key == newName || object[newName] == nil else { throw Failure() }
                    object = JSONObject(uniqueMembers: object.members.map { (key: $0.key == key ? newName : $0.key, value: $0.value) })
                }
                return .object(object)
            }
            let parent = pointer.tokens.dropLast()
            return parent.isEmpty ? try rename(payload)! : try update(payload, parent, creating: false, rename)
        case .move(let from, let to), .copy(let from, let to):
            // Every source is taken out (for a move; the last first, so no element shifts before
            // it goes), then each is put at its target, whose k-th `*` is the k-th `*` of the
            // source, and any further `*` every match.
            var payload = payload
            let sources = places(from.tokens[...], in: payload)
            if case .move = step {
                for (concrete, _) in sources.reversed() { payload = try update(payload, concrete[...], creating: false) { _ in nil } }
            }
            for (concrete, value) in sources {
                var keys = zip(from.tokens, concrete).filter { $0.0 == "*" }.map(\.1).makeIterator()
                let target = to.tokens.map { $0 == "*" ? (keys.next() ?? "*") : $0 }
                payload = try update(payload, target[...], creating: true) { _ in value }
            }
            return payload
        case .set(let pointer, let value, let onlyIfAbsent):
            return try update(payload, pointer.tokens[...], creating: true) { old in old == nil || !onlyIfAbsent ? value : old }
        case .remove(let pointer):
            return try update(payload, pointer.tokens[...], creating: false) { _ in nil }
        case .convert(let pointer, let converter):
            return try update(payload, pointer.tokens[...], creating: false) { old in
                guard let old else { return nil }
                return try convert(old, with: converter)
            }
        case .renameType, .swift, .split:
            return payload
        }
    }

    /// The converters the pool uses, as the table in docs/upcasters.md gives them.
    static func convert(_ value: JSONValue, with converter: ValueConverter) throws -> JSONValue {
        switch converter {
        case .wrapInObject(let key): return .object([key: value])
        case .wrapInArray: return [value]
        case .numberToString:
            guard case .number(let number) = value else { throw Failure() }
            return .string(number.description)
        case .mapValues(let mapping, let otherwise):
            guard let to = mapping.first(where: { $0.from == value })?.to ?? otherwise else { throw Failure() }
            return to
        default:
            Issue.record("the reference does not know \(converter.name)")
            throw Failure()
        }
    }
}

import EventSchema
import Foundation

/// Generates payloads valid under a JSON Schema, from a seed, to test upcasters with.
///
/// Payloads vary in turn between the smallest (optional members absent, lengths and bounds at
/// their minimum), the largest (every optional member present, bounds at their maximum) and
/// random ones in between, with enum values taken in turn. Strings constrained by a `pattern`
/// are taken from the golden examples at the same place; a schema the generator cannot satisfy
/// is an error naming the keyword, never an endless search. Every payload is checked against
/// the schema before it is returned.
///
/// ```swift
/// var generator = PayloadGenerator(schemas: schemas, samples: samples, seed: 42)
/// let payloads = try generator.payloads(of: EventVersion("OrderPlaced", 1), count: 1000)
/// ```
public struct PayloadGenerator {
    /// Why no payloads could be generated.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// The event type and version.
        public var node: EventVersion
        /// Where in the payload, as a JSON pointer (`*` for array elements).
        public var pointer: String
        /// The schema keyword the generator could not satisfy.
        public var keyword: String
        /// What went wrong.
        public var reason: String

        /// One line naming the version, the pointer and the keyword.
        public var description: String { "cannot generate \(node) payloads: at \(pointer), \(keyword): \(reason)" }
    }

    /// How the payloads vary.
    enum Shape { case smallest, largest, random }

    private let schemas: VersionedSchemas
    /// Values seen in golden examples, by version and pointer (array indexes as `*`).
    private let samples: [EventVersion: [String: [JSONValue]]]
    private var random: SplitMix64
    private var counter = 0

    /// Deepest nesting generated, against recursive schemas.
    static let maximumDepth = 12
    /// Longest string and array generated.
    static let maximumSize = 10_000

    /// Creates a generator over `schemas`, taking pattern-constrained strings from `samples`.
    public init(schemas: VersionedSchemas, samples: [EventVersion: [String: [JSONValue]]] = [:], seed: UInt64) {
        self.schemas = schemas
        self.samples = samples
        random = SplitMix64(seed: seed)
    }

    /// The values at every place in `examples`, by pointer with array indexes as `*`.
    public static func samples(from examples: [JSONValue]) -> [String: [JSONValue]] {
        var found: [String: [JSONValue]] = [:]
        func walk(_ value: JSONValue, _ pointer: String) {
            found[pointer, default: []].append(value)
            switch value {
            case .object(let object): for (key, member) in object.members { walk(member, pointer + "/" + key) }
            case .array(let elements): for element in elements { walk(element, pointer + "/*") }
            default: break
            }
        }
        for example in examples { walk(example, "") }
        return found
    }

    /// `count` payloads valid under `node`'s schema.
    ///
    /// - Throws: ``Failure`` naming the keyword when the schema cannot be satisfied (after a
    ///   bounded number of attempts per payload), or ``UpcastingError`` when it does not compile.
    public mutating func payloads(of node: EventVersion, count: Int) throws -> [JSONValue] {
        guard let entry = schemas.entries[node] else { throw UpcastingError.unknownVersion(eventType: node.eventType, version: node.version) }
        let schema = try schemas.compile(node)
        var payloads: [JSONValue] = []
        payloads.reserveCapacity(count)
        var rejected = 0
        while payloads.count < count {
            let shape: Shape = switch counter % 4 { case 0: .smallest; case 1: .largest; default: .random }
            counter += 1
            let payload = try generate(entry.document, baseURI: entry.baseURI, node: node, pointer: "", shape: shape, depth: 0)
            let result = schema.validate(payload)
            if let error = result.errors.first {
                rejected += 1
                // Bounded: a schema whose payloads keep failing is reported, not searched forever.
                if rejected > 50 + count {
                    throw Failure(node: node, pointer: error.instanceLocation.description, keyword: error.keywordLocation.tokens.last ?? "schema",
                                  reason: "generated payloads keep failing it (\(error.message))")
                }
                continue
            }
            payloads.append(payload)
        }
        return payloads
    }

    private mutating func generate(_ schema: JSONValue, baseURI: String, node: EventVersion, pointer: String,
                                   shape: Shape, depth: Int) throws(Failure) -> JSONValue {
        func fail(_ keyword: String, _ reason: String) -> Failure {
            Failure(node: node, pointer: pointer.isEmpty ? "#" : pointer, keyword: keyword, reason: reason)
        }
        guard depth <= Self.maximumDepth else { throw fail("$ref", "nested deeper than \(Self.maximumDepth) levels") }
        // Deep in a recursive schema, only what is required, so the largest payload still ends.
        let shape = depth >= Self.maximumDepth - 3 ? .smallest : shape
        switch schema {
        case .bool(true): return .string("any")
        case .bool(false): throw fail("false", "the schema accepts nothing")
        case .object: break
        default: throw fail("schema", "not a schema")
        }
        if case .string(let reference)? = schema["$ref"] {
            let target = SchemaURI.resolve(reference, against: baseURI)
            let (document, base) = try resolve(target, node: node, pointer: pointer)
            return try generate(document, baseURI: base, node: node, pointer: pointer, shape: shape, depth: depth + 1)
        }
        if let constant = schema["const"] { return constant }
        if case .array(let values)? = schema["enum"], !values.isEmpty {
            return values[pick(values.count, shape)]
        }
        for keyword in ["anyOf", "oneOf"] {
            if case .array(let branches)? = schema[keyword], !branches.isEmpty {
                return try generate(branches[random.next(below: branches.count)], baseURI: baseURI, node: node, pointer: pointer, shape: shape, depth: depth + 1)
            }
        }
        if case .array(let parts)? = schema["allOf"] {
            guard parts.count == 1 else { throw fail("allOf", "merging several schemas is not supported") }
            return try generate(parts[0], baseURI: baseURI, node: node, pointer: pointer, shape: shape, depth: depth + 1)
        }
        for keyword in ["$dynamicRef", "patternProperties", "prefixItems", "contains", "dependentSchemas", "unevaluatedProperties"]
        where schema[keyword] != nil {
            throw fail(keyword, "not supported by the payload generator")
        }
        let type = try chooseType(schema, shape: shape, fail: fail)
        switch type {
        case "null": return .null
        case "boolean": return .bool(shape == .smallest ? false : shape == .largest ? true : random.next(below: 2) == 1)
        case "integer", "number": return try number(schema, integer: type == "integer", shape: shape, fail: fail)
        case "string": return try string(schema, node: node, pointer: pointer, shape: shape, fail: fail)
        case "array":
            let minimum = schema["minItems"]?.number.flatMap { try? $0.int64() }.map(Int.init) ?? 0
            guard minimum <= Self.maximumSize else { throw fail("minItems", "\(minimum) is more elements than the generator writes (\(Self.maximumSize))") }
            let maximum = schema["maxItems"]?.number.flatMap { try? $0.int64() }.map(Int.init) ?? (minimum + 3)
            let count = switch shape {
            case .smallest: minimum
            case .largest: min(maximum, minimum + 3)
            case .random: minimum + random.next(below: max(1, min(maximum, minimum + 3) - minimum + 1))
            }
            var elements: [JSONValue] = []
            for _ in 0..<count {
                let items = schema["items"] ?? .bool(true)
                elements.append(try generate(items, baseURI: baseURI, node: node, pointer: pointer + "/*", shape: shape == .random ? .random : shape, depth: depth + 1))
            }
            return .array(elements)
        default:
            var object = JSONObject()
            let required = Set((schema["required"]?.array ?? []).compactMap(\.string))
            for (key, subschema) in schema["properties"]?.object?.members ?? [] {
                let present = required.contains(key) || shape == .largest || (shape == .random && random.next(below: 2) == 1)
                guard present else { continue }
                object[key] = try generate(subschema, baseURI: baseURI, node: node, pointer: pointer + "/" + key, shape: shape, depth: depth + 1)
            }
            for key in required where object[key] == nil {
                object[key] = .string("x")  // required but not described: the validation decides
            }
            return .object(object)
        }
    }

    private func resolve(_ uri: String, node: EventVersion, pointer: String) throws(Failure) -> (JSONValue, String) {
        let parts = uri.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let documentURI = String(parts[0])
        let fragment = parts.count > 1 ? String(parts[1]) : ""
        let document: JSONValue?
        do { document = try schemas.resolver.document(at: documentURI) } catch {
            throw Failure(node: node, pointer: pointer.isEmpty ? "#" : pointer, keyword: "$ref", reason: "\(uri): \(error)")
        }
        guard let document, let target = fragment.isEmpty ? document : JSONPointer(fragment).flatMap({ document[pointer: $0] }) else {
            throw Failure(node: node, pointer: pointer.isEmpty ? "#" : pointer, keyword: "$ref", reason: "\(uri) names nothing")
        }
        return (target, documentURI)
    }

    private mutating func chooseType(_ schema: JSONValue, shape: Shape, fail: (String, String) -> Failure) throws(Failure) -> String {
        switch schema["type"] {
        case .string(let type)?: return type
        case .array(let types)?:
            let names = types.compactMap(\.string)
            guard !names.isEmpty else { throw fail("type", "an empty list of types") }
            return names[pick(names.count, shape)]
        default:
            if schema["properties"] != nil || schema["required"] != nil { return "object" }
            if schema["items"] != nil { return "array" }
            if schema["minLength"] != nil || schema["pattern"] != nil || schema["format"] != nil { return "string" }
            if schema["minimum"] != nil || schema["maximum"] != nil { return "number" }
            return "string"
        }
    }

    private mutating func number(_ schema: JSONValue, integer: Bool, shape: Shape, fail: (String, String) -> Failure) throws(Failure) -> JSONValue {
        func bound(_ key: String) -> Int64? {
            guard let number = schema[key]?.number else { return nil }
            if let exact = try? number.int64() { return exact }
            return (try? number.decimal()).map { NSDecimalNumber(decimal: $0).int64Value }
        }
        var low = bound("minimum") ?? (bound("exclusiveMinimum").map { $0 == .max ? $0 : $0 + 1 } ?? -1_000_000)
        var high = bound("maximum") ?? (bound("exclusiveMaximum").map { $0 == .min ? $0 : $0 - 1 } ?? 1_000_000)
        if schema["minimum"] == nil, schema["exclusiveMinimum"] == nil, shape == .largest { low = 0 }
        if high < low { swap(&low, &high) }
        var value: Int64 = switch shape {
        case .smallest: low
        case .largest: schema["maximum"] == nil && schema["exclusiveMaximum"] == nil ? 1_234_567_890_123_456_789 : high
        case .random: low &+ Int64(random.next(below: Int(clamping: min(Int64(Int32.max), high &- low) &+ 1)))
        }
        if let step = schema["multipleOf"]?.number, !step.isInteger, let unit = try? step.decimal(), unit > 0 {
            // A decimal step, such as 0.01: a whole number of steps within the bounds.
            let steps = NSDecimalNumber(decimal: Decimal(value) / unit).int64Value
            return .number(JSONNumber(unit * Decimal(steps)))
        }
        if let step = bound("multipleOf"), step > 0 { value -= value % step }
        if integer || schema["multipleOf"] != nil { return .number(JSONNumber(value)) }
        // Numbers get two decimals, as amounts do (199.99), and one in three random ones three
        // (1.005), to reach converters that expect fewer.
        let places = shape == .random && random.next(below: 3) == 0 ? 3 : 2
        let fraction = shape == .smallest ? 0 : Int64(random.next(below: places == 3 ? 1000 : 100))
        guard fraction > 0, value < high || schema["maximum"] == nil else { return .number(JSONNumber(value)) }
        let digits = String(fraction)
        let padded = String(repeating: "0", count: places - digits.count) + digits
        let text = value < 0 ? "-\(-value).\(padded)" : "\(value).\(padded)"
        return .number(JSONNumber(exactly: text) ?? JSONNumber(value))
    }

    private mutating func string(_ schema: JSONValue, node: EventVersion, pointer: String, shape: Shape,
                                 fail: (String, String) -> Failure) throws(Failure) -> JSONValue {
        let minimum = schema["minLength"]?.number.flatMap { try? $0.int64() }.map(Int.init) ?? 0
        guard minimum <= Self.maximumSize else { throw fail("minLength", "\(minimum) is more characters than the generator writes (\(Self.maximumSize))") }
        let maximum = min(schema["maxLength"]?.number.flatMap { try? $0.int64() }.map(Int.init) ?? max(minimum, 24), Self.maximumSize)
        if schema["pattern"] != nil || (schema["format"] != nil && Self.formatSample(schema["format"]?.string ?? "", random: &random) == nil) {
            let keyword = schema["pattern"] != nil ? "pattern" : "format"
            guard let seen = samples[node]?[pointer]?.filter({ $0.string != nil }), !seen.isEmpty else {
                throw fail(keyword, "no golden example has a value at \(pointer.isEmpty ? "#" : pointer) to draw from; add one under examples/v\(node.version)/")
            }
            return seen[random.next(below: seen.count)]
        }
        if case .string(let format)? = schema["format"], let sample = Self.formatSample(format, random: &random) {
            return .string(sample)
        }
        let length = switch shape {
        case .smallest: minimum
        case .largest: maximum
        case .random: minimum + random.next(below: max(1, min(maximum, minimum + 24) - minimum + 1))
        }
        // Letters, digits and a few characters outside ASCII, so lengths count code points.
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 éß☃")
        return .string(String((0..<length).map { _ in alphabet[random.next(below: alphabet.count)] }))
    }

    /// A value of a known format, or `nil` for formats the generator does not write.
    static func formatSample(_ format: String, random: inout SplitMix64) -> String? {
        let seconds = 946_684_800 + Int64(random.next(below: 1_000_000_000))
        switch format {
        case "date-time": return RFC3339Timestamp.format(unixSeconds: seconds)
        case "date": return RFC3339Timestamp.format(unixSeconds: seconds).map { String($0.prefix(10)) }
        case "email": return "user\(random.next(below: 1000))@example.com"
        case "uuid": return "123e4567-e89b-42d3-a456-\(String(format: "%012d", random.next(below: 1_000_000)))"
        case "uri": return "https://example.com/\(random.next(below: 1000))"
        default: return nil
        }
    }

    private mutating func pick(_ count: Int, _ shape: Shape) -> Int {
        switch shape {
        case .smallest: 0
        case .largest: count - 1
        case .random: random.next(below: count)
        }
    }
}

/// A small, fast, seeded random number generator (SplitMix64): the same seed gives the same payloads.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator from a seed.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound`.
    public mutating func next(below bound: Int) -> Int {
        guard bound > 1 else { return 0 }
        return Int(next() % UInt64(bound))
    }
}

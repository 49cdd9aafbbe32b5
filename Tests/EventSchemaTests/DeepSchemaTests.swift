import EventSchema
import Foundation
import Testing

/// Long reference chains and deep nesting compile, validate and diff without recursion that
/// could overflow the stack, or are refused with ``SchemaError/schemaTooDeep(file:pointer:limit:)``.
///
/// Each body runs on a thread with a 512 KB stack, the size of a secondary thread on Apple platforms.
struct DeepSchemaTests {
    /// Runs `body` on a fresh thread with a 512 KB stack and returns what it returns.
    ///
    /// The thread lets go of `body` before it resumes the caller, so that deep values `body`
    /// captured are released by the caller, not on the small stack.
    static func onSmallStack<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        let job = SmallStackJob(body)
        return await withCheckedContinuation { continuation in
            let thread = Thread {
                let result = job.body!()
                job.body = nil
                continuation.resume(returning: result)
            }
            thread.stackSize = 512 * 1024
            thread.start()
        }
    }

    /// `{"$ref": "#/$defs/d0", "$defs": {"d0": {"$ref": "#/$defs/d1"}, …, "d<n-1>": {"type": "string"}}}`.
    static func referenceChain(_ links: Int, last: JSONValue = ["type": "string"]) -> JSONValue {
        var definitions = JSONObject()
        for index in 0..<(links - 1) { definitions["d\(index)"] = ["$ref": .string("#/$defs/d\(index + 1)")] }
        definitions["d\(links - 1)"] = last
        return ["$ref": "#/$defs/d0", "$defs": .object(definitions)]
    }

    /// `keyword` nested `levels` deep: `{"properties": {"a": …}}` or `{"items": …}`.
    static func nested(_ keyword: String, levels: Int) -> JSONValue {
        var schema: JSONValue = ["type": "string"]
        for _ in 0..<levels {
            var object = JSONObject()
            object[keyword] = keyword == "properties" ? ["a": schema] : schema
            schema = .object(object)
        }
        return schema
    }

    /// What compiling `schema` and validating `instances` comes to, as text.
    static func outcome(_ schema: JSONValue, _ instances: [JSONValue], checksMetaSchema: Bool = true) -> String {
        do {
            let compiled = try JSONSchema(schema, options: JSONSchema.Options(checksMetaSchema: checksMetaSchema))
            return instances.map { compiled.validate($0).isValid ? "valid" : "invalid" }.joined(separator: " ")
        } catch {
            switch error {
            case .schemaTooDeep(_, _, let limit): return "too deep (\(limit))"
            case .metaSchemaViolation(_, let violations): return "meta-schema: \(violations.first?.message ?? "")"
            default: return "\(error)"
            }
        }
    }

    @Test func referenceChainAtTheLimitCompilesAndValidates() async {
        let schema = Self.referenceChain(JSONSchema.maximumDepth - 1)
        let result = await Self.onSmallStack { Self.outcome(schema, ["abc", 1]) }
        #expect(result == "valid invalid")
    }

    @Test func referenceChainOf4000LinksIsRefusedWithTheLimit() async throws {
        let schema = Self.referenceChain(4_000)
        let result = await Self.onSmallStack { Self.outcome(schema, ["abc"]) }
        #expect(result == "too deep (512)")
        let error = #expect(throws: SchemaError.self) { try JSONSchema(schema, file: "chain.json") }
        #expect(error?.description.hasPrefix("chain.json: #/$defs/") == true)
        #expect(error?.description.hasSuffix("subschemas nest or chain through references deeper than 512 levels") == true)
    }

    @Test(arguments: ["properties", "items", "not", "additionalProperties"])
    func schemaNested5000LevelsIsRefusedNotCrashed(keyword: String) async {
        let schema = Self.nested(keyword, levels: 5_000)
        let checked = await Self.onSmallStack { Self.outcome(schema, ["abc"]) }
        #expect(checked.hasPrefix("meta-schema: schema evaluation nested deeper than") || checked == "too deep (512)")
        let unchecked = await Self.onSmallStack { Self.outcome(schema, ["abc"], checksMetaSchema: false) }
        #expect(unchecked == "too deep (512)")
    }

    @Test func schemaTextNestedBeyondTheParserLimitIsASyntaxError() {
        let text = String(repeating: #"{"items":"#, count: 5_000) + "{}" + String(repeating: "}", count: 5_000)
        #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: text) }
    }

    @Test func recursiveSchemaOnAnInstanceTooDeepToEvaluateIsInvalidNotACrash() async throws {
        var instance: JSONValue = []
        for _ in 0..<5_000 { instance = [instance] }
        let value = instance
        let result = await Self.onSmallStack { () -> [String] in
            let schema = try! JSONSchema(["items": ["$ref": "#"]])
            return schema.validate(value).errors.map(\.message)
        }
        #expect(result == ["schema evaluation nested deeper than 1024 levels"])
    }

    @Test func diffFollowsAReferenceChainThatValidateAccepts() async throws {
        let original = Self.referenceChain(70)
        let updated = Self.referenceChain(70, last: ["type": "string", "maxLength": 5])
        _ = try JSONSchema(updated)
        let kinds = await Self.onSmallStack { () -> [String] in
            (try? SchemaDiff.compare(original: original, updated: updated).map(\.description)) ?? ["refused"]
        }
        #expect(kinds == ["MAX_LENGTH_ADDED #/maxLength"])
        let long = Self.referenceChain(JSONSchema.maximumDepth - 1)
        #expect(try SchemaDiff.compare(original: long, updated: long).isEmpty)
    }

    @Test func diffOfAReferenceLoopNamesEachFileAndPointer() throws {
        let loop: JSONValue = ["$ref": "#/$defs/a", "$defs": ["a": ["$ref": "#/$defs/b"], "b": ["$ref": "#/$defs/a"]]]
        let error = #expect(throws: SchemaError.self) {
            try SchemaDiff.compare(original: loop, updated: ["type": "string"], originalBaseURI: "file:///r/Schemas/A/1.json")
        }
        #expect(error?.description == "/r/Schemas/A/1.json: #/$defs/a/$ref: references loop without validating anything: "
            + "/r/Schemas/A/1.json#/$defs/a -> /r/Schemas/A/1.json#/$defs/b -> /r/Schemas/A/1.json#/$defs/a")
    }
}

/// A closure handed to a thread, which drops it once it has run.
private final class SmallStackJob<T>: @unchecked Sendable {
    var body: (@Sendable () -> T)?
    init(_ body: @escaping @Sendable () -> T) { self.body = body }
}

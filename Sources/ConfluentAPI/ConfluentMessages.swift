import EventSchema
import SchemaRegistry

/// The bodies of Confluent's dialect: what clients send, and the JSON the registry answers with.
///
/// Request bodies are read with Strata's own JSON parser (exact numbers, a depth limit, errors
/// with line and column); fields a client sends that Confluent does not know are ignored, as
/// Confluent ignores them (`metadata`, `ruleSet`, …), so newer clients keep working.
public enum ConfluentMessages {
    /// The schema a client registers, looks up or checks: `{"schema": "<JSON text>",
    /// "schemaType": "JSON", "references": […]}`.
    public struct SchemaRequest: Sendable, Equatable {
        /// The schema document the `schema` string holds.
        public var document: JSONValue
        /// The references the client declared (name, subject, version).
        public var references: [Reference]
        /// The schema id to register it with (IMPORT mode only).
        public var id: Int?
        /// The version to register it as (IMPORT mode only).
        public var version: Int?
    }

    /// A reference as Confluent clients declare it.
    public struct Reference: Sendable, Equatable {
        /// The name the schema's `$ref` uses.
        public var name: String
        /// The subject it names.
        public var subject: String
        /// The version of that subject.
        public var version: Int
    }

    /// The deepest nesting a request body or the schema it carries may have.
    public static let maximumDepth = 128

    /// Reads a register, lookup or compatibility body.
    ///
    /// - Throws: 400 for a body that is not a JSON object; 42201 for a missing or non-string
    ///   `schema`, a schema that is not JSON, or a `schemaType` other than `JSON` (absent means
    ///   `JSON` here: this registry holds JSON Schemas only, where Confluent would assume Avro).
    public static func schemaRequest(from body: [UInt8]) throws(ConfluentError) -> SchemaRequest {
        let object = try jsonObject(body)
        if let type = object["schemaType"], !type.isNull {
            guard let name = type.string else { throw .http(400, "schemaType must be a string") }
            guard name.uppercased() == "JSON" else { throw .invalidSchema("Invalid schema type \(name): this registry holds JSON schemas only") }
        }
        guard let text = object["schema"]?.string else { throw .invalidSchema("Empty schema") }
        let document: JSONValue
        do {
            document = try JSONValue(parsing: text, options: JSONParsingOptions(maximumDepth: maximumDepth))
        } catch {
            throw .invalidSchema("the schema is not JSON: \(error)")
        }
        var references: [Reference] = []
        if let list = object["references"], !list.isNull {
            guard let items = list.array else { throw .http(400, "references must be an array") }
            for item in items {
                guard let name = item["name"]?.string, let subject = item["subject"]?.string,
                      let version = item["version"]?.number?.int64Value, let number = Int32(exactly: version), number >= 1 else {
                    throw .http(400, "each reference needs a string name and subject and a version from 1 to 2^31-1")
                }
                references.append(Reference(name: name, subject: subject, version: Int(number)))
            }
        }
        func integer(_ name: String, from lowest: Int32) throws(ConfluentError) -> Int? {
            guard let value = object[name], !value.isNull else { return nil }
            guard let number = value.number?.int64Value, let integer = Int32(exactly: number), integer >= lowest else {
                throw .http(400, "\(name) must be an integer from \(lowest) to 2^31-1")
            }
            return Int(integer)
        }
        return SchemaRequest(document: document, references: references, id: try integer("id", from: 0), version: try integer("version", from: 1))
    }

    /// Reads a `PUT /config` body: `{"compatibility": "FULL"}`, with an optional
    /// `compatibilityPolicy` (`STRICT` or `LENIENT`); a field left out keeps its value in `current`.
    ///
    /// - Throws: 42203 for an unknown level or policy; 400 for a body that is not a JSON object.
    public static func configuration(from body: [UInt8], current: CompatibilityConfiguration) throws(ConfluentError) -> CompatibilityConfiguration {
        let object = try jsonObject(body)
        var configuration = current
        // Confluent's request has both keys; each one present must name a level.
        for key in ["compatibilityLevel", "compatibility"] {
            guard let level = object[key], !level.isNull else { continue }
            guard let name = level.string, let mode = CompatibilityMode(rawValue: name.uppercased()) else { throw .invalidCompatibilityLevel }
            configuration.mode = mode
        }
        if let policy = object["compatibilityPolicy"], !policy.isNull {
            guard let name = policy.string, let value = CompatibilityPolicy(rawValue: name.uppercased()) else { throw .invalidCompatibilityLevel }
            configuration.policy = value
        }
        return configuration
    }

    /// Reads a `PUT /mode` body: `{"mode": "READONLY"}`.
    ///
    /// - Throws: 42204 for an unknown mode; 400 for a body that is not a JSON object.
    public static func mode(from body: [UInt8]) throws(ConfluentError) -> RegistryMode {
        guard let name = try jsonObject(body)["mode"]?.string, let mode = RegistryMode(rawValue: name.uppercased()) else {
            throw .invalidMode
        }
        return mode
    }

    static func jsonObject(_ body: [UInt8]) throws(ConfluentError) -> JSONObject {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: body, options: JSONParsingOptions(maximumDepth: maximumDepth))
        } catch {
            throw .http(400, "Unexpected request body: \(error)")
        }
        guard let object = value.object else { throw .http(400, "The request body must be a JSON object, not \(value.kind)") }
        return object
    }

    /// A version as Confluent shows it: `{"subject", "version", "id", "schemaType", "schema"}`.
    public static func schema(_ version: StoredVersion, subject: String) -> JSONValue {
        object([("subject", .string(subject)), ("version", number(version.version)), ("id", number(version.schemaID)),
                ("schemaType", "JSON"), ("schema", .string(version.document.serialized()))])
    }

    /// A configuration as `GET /config` shows it; the policy only when it is not the default.
    public static func configuration(_ configuration: CompatibilityConfiguration, key: String = "compatibilityLevel") -> JSONValue {
        var members: [JSONObject.Member] = [(key, .string(configuration.mode.rawValue))]
        if configuration.policy != .strict { members.append(("compatibilityPolicy", .string(configuration.policy.rawValue))) }
        return object(members)
    }

    /// Confluent's detail lines for a refusal: one per breaking difference, then the version it
    /// was compared with and the mode, as Confluent lists them.
    public static func details(of report: CompatibilityReport) -> [String] {
        var lines: [String] = []
        for comparison in report.comparisons where !comparison.breaking.isEmpty {
            let (reader, writer) = comparison.direction == .backward ? ("new", "old") : ("old", "new")
            for difference in comparison.breaking {
                lines.append("{errorType:\"\(difference.kind.rawValue)\", description:\"The \(reader) schema cannot read data written with the \(writer) schema at path '\(difference.path)': \(difference.kind.explanation)'}")
            }
            lines.append("{oldSchemaVersion: \(comparison.version)}")
        }
        if !lines.isEmpty { lines.append("{validateFields: 'false', compatibility: '\(report.configuration.mode.rawValue)'}") }
        if let problem = report.bridgeProblem { lines.append("{upcasters: '\(problem)'}") }
        return lines
    }

    static func object(_ members: [JSONObject.Member]) -> JSONValue { .object(JSONObject(uniqueMembers: members)) }
    static func number(_ value: Int) -> JSONValue { .number(JSONNumber(value)) }
}

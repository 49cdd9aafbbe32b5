import EventSchema

/// A reference by name, as Confluent's clients declare them beside a schema:
/// `{"name": "Address.json", "subject": "Address", "version": 1}`.
///
/// A `$ref` whose value, before any `#` fragment, equals ``SchemaReference/name`` stands for ``SchemaReference/version`` of
/// ``SchemaReference/eventType``: `"$ref": "Address.json#/$defs/street"` reads as Strata's own
/// `"$ref": "../Address/1.json#/$defs/street"`. The registry resolves both forms with one resolver, so
/// validation, the compatibility check, `referencedby` and the rule that a referenced version cannot be
/// deleted treat them alike.
///
/// A schema's references are part of its identity, as in Confluent: the same text with other
/// references is another schema, with an id of its own (``SchemaReference/fingerprint(of:references:)``).
public struct SchemaReference: Sendable, Hashable {
    /// The name the schema's `$ref`s use, exactly as written there.
    public var name: String
    /// The event type it names.
    public var eventType: String
    /// The version of that event type.
    public var version: Int

    /// Creates a reference.
    public init(name: String, eventType: String, version: Int) {
        self.name = name
        self.eventType = eventType
        self.version = version
    }

    /// The `$ref` Strata's own references use for the same target: `../<EventType>/<version>.json`.
    public var registryReference: String { "../\(eventType)/\(version).json" }

    /// What Confluent says of a reference to a version it does not have:
    /// `No schema reference found for subject "Address" and version 9`.
    public var unknownTargetMessage: String {
        "No schema reference found for subject \"\(eventType)\" and version \(version)"
    }

    /// The reference as Confluent shows it: `{"name", "subject", "version"}`.
    public var json: JSONValue {
        .object(JSONObject(uniqueMembers: [("name", .string(name)), ("subject", .string(eventType)),
                                           ("version", .number(JSONNumber(version)))]))
    }

    /// Reads a list written by ``SchemaReference/encode(_:)``; `nil` when `text` is not one.
    public static func decode(_ text: String) -> [SchemaReference]? {
        guard let value = try? JSONValue(parsing: text), case .array(let items) = value else { return nil }
        var references: [SchemaReference] = []
        for item in items {
            guard let name = item["name"]?.string, let type = item["subject"]?.string,
                  let version = item["version"]?.number?.int64Value else { return nil }
            references.append(SchemaReference(name: name, eventType: type, version: Int(version)))
        }
        return references
    }

    /// The JSON text a store keeps a schema's references in, in the order they were declared.
    public static func encode(_ references: [SchemaReference]) -> String {
        JSONValue.array(references.map(\.json)).serialized()
    }

    /// The identity of `document` with `references`: its canonical fingerprint when there are
    /// none (so every schema registered before references by name existed keeps its id), else the
    /// fingerprint of `[document, references]` — never a schema's own fingerprint, since a schema
    /// is an object or a boolean, never an array.
    public static func fingerprint(of document: JSONValue, references: [SchemaReference]) -> String {
        references.isEmpty ? document.canonicalFingerprint : JSONValue.array([document, .array(references.map(\.json))]).canonicalFingerprint
    }
}

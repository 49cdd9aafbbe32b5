import EventSchema
import Foundation

/// One registered version of an event type's schema. Never changes once registered.
public struct StoredVersion: Sendable, Hashable {
    /// The event type.
    public var eventType: String
    /// The version: 1, 2, 3, … within the event type.
    public var version: Int
    /// The registry-wide id of the distinct schema (shared by identical schemas of any type).
    public var schemaID: Int
    /// The SHA-256 of the schema's canonical form.
    public var fingerprint: String
    /// The schema document as registered.
    public var document: JSONValue
    /// Whether the version is soft-deleted: kept for reading old events, left out of new checks.
    public var isDeleted: Bool
    /// When it was registered (UTC, RFC 3339).
    public var registeredAt: String
    /// The registered schemas it references, as `Type/version`: those its `$ref`s name and those
    /// its ``StoredVersion/namedReferences`` declare.
    public var references: [String]
    /// The references by name it was registered with (Confluent's `references`), in their order;
    /// part of the schema's identity.
    public var namedReferences: [SchemaReference]

    /// Creates a stored version.
    public init(eventType: String, version: Int, schemaID: Int, fingerprint: String, document: JSONValue,
                isDeleted: Bool, registeredAt: String, references: [String], namedReferences: [SchemaReference] = []) {
        self.eventType = eventType
        self.version = version
        self.schemaID = schemaID
        self.fingerprint = fingerprint
        self.document = document
        self.isDeleted = isDeleted
        self.registeredAt = registeredAt
        self.references = references
        self.namedReferences = namedReferences
    }

    /// The document as the registry compiles it: ``StoredVersion/document`` with its references by name
    /// replaced by Strata's own (`JSONValue.resolvingNamedReferences(_:)`); ``StoredVersion/document`` itself
    /// when it has none.
    public var resolvedDocument: JSONValue { document.resolvingNamedReferences(namedReferences) }

    /// The URI relative references in this schema resolve against: `strata:///Type/version.json`,
    /// so `"$ref": "../Money/1.json"` names version 1 of `Money`.
    public var baseURI: String { RegistryURI.uri(eventType: eventType, version: version) }
}

/// A compatibility mode and policy, for one event type or as the registry's default.
public struct CompatibilityConfiguration: Sendable, Hashable {
    /// The mode: which earlier versions a new one is checked against, and in which direction.
    public var mode: CompatibilityMode
    /// The policy: how strictly content-model changes are judged.
    public var policy: CompatibilityPolicy

    /// Creates a configuration.
    public init(mode: CompatibilityMode, policy: CompatibilityPolicy) {
        self.mode = mode
        self.policy = policy
    }

    /// The registry's default when nothing is configured: BACKWARD, STRICT (as Confluent).
    public static let `default` = CompatibilityConfiguration(mode: .backward, policy: .strict)
}

/// The registry's URI space for schemas: `strata:///<EventType>/<version>.json`.
public enum RegistryURI {
    /// The URI of an event type's version.
    public static func uri(eventType: String, version: Int) -> String {
        "strata:///\(eventType)/\(version).json"
    }

    /// The event type and version a registry URI names, if it is one.
    public static func parse(_ uri: String) -> (eventType: String, version: Int)? {
        guard uri.hasPrefix("strata:///"), uri.hasSuffix(".json") else { return nil }
        let parts = uri.dropFirst("strata:///".count).dropLast(".json".count).split(separator: "/")
        guard parts.count == 2, let version = Int(parts[1]), version >= 1 else { return nil }
        return (String(parts[0]), version)
    }
}

/// A registered upcaster file: its document, kept as registered. Never changes once registered.
public struct StoredUpcaster: Sendable, Hashable {
    /// The event type.
    public var eventType: String
    /// The version it reads.
    public var fromVersion: Int
    /// The version it writes.
    public var toVersion: Int
    /// The SHA-256 of the document's canonical form.
    public var fingerprint: String
    /// The upcaster document (`description`, `steps`).
    public var document: JSONValue
    /// When it was registered (UTC, RFC 3339).
    public var registeredAt: String

    /// Creates a stored upcaster.
    public init(eventType: String, fromVersion: Int, toVersion: Int, fingerprint: String, document: JSONValue, registeredAt: String) {
        self.eventType = eventType
        self.fromVersion = fromVersion
        self.toVersion = toVersion
        self.fingerprint = fingerprint
        self.document = document
        self.registeredAt = registeredAt
    }

    /// The file name it has in a folder: `<from>-to-<to>.json`.
    public var fileName: String { "\(fromVersion)-to-\(toVersion).json" }
}

extension StoredVersion {
    /// `date` as registration times are stored: RFC 3339 in UTC, whole seconds
    /// (`2026-12-07T23:50:50Z`), as Foundation's `ISO8601DateFormatter` writes it, without making
    /// a formatter for each registration.
    public static func registrationTime(_ date: Date = Date()) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        return RFC3339Timestamp.format(unixSeconds: seconds) ?? ISO8601DateFormatter().string(from: date)
    }
}

import EventSchema

extension RegistrySnapshot {
    /// The snapshot as one JSON document: `{"format": 1, "versions": […], "upcasters": […],
    /// "configurations": […], "modes": […]}`, each schema and upcaster document as a JSON value (its
    /// numbers exact), so ``RegistrySnapshot/init(json:origin:)`` gives back an equal snapshot.
    public var json: JSONValue {
        let versions: [JSONValue] = versions.map { version in
            ["eventType": .string(version.eventType), "version": .number(JSONNumber(version.version)),
             "schemaId": .number(JSONNumber(version.schemaID)), "fingerprint": .string(version.fingerprint),
             "deleted": .bool(version.isDeleted), "registeredAt": .string(version.registeredAt),
             "references": .array(version.references.map { .string($0) }),
             "namedReferences": .array(version.namedReferences.map { reference in
                 ["name": .string(reference.name), "eventType": .string(reference.eventType), "version": .number(JSONNumber(reference.version))]
             }),
             "schema": version.document]
        }
        let upcasters: [JSONValue] = upcasters.map { upcaster in
            ["eventType": .string(upcaster.eventType), "from": .number(JSONNumber(upcaster.fromVersion)),
             "to": .number(JSONNumber(upcaster.toVersion)), "fingerprint": .string(upcaster.fingerprint),
             "registeredAt": .string(upcaster.registeredAt), "document": upcaster.document]
        }
        let configurations: [JSONValue] = configurations.sorted { ($0.key ?? "") < ($1.key ?? "") }.map { type, configuration in
            ["eventType": type.map(JSONValue.string) ?? .null, "mode": .string(configuration.mode.rawValue),
             "policy": .string(configuration.policy.rawValue)]
        }
        let modes: [JSONValue] = modes.sorted { ($0.key ?? "") < ($1.key ?? "") }.map { type, mode in
            ["eventType": type.map(JSONValue.string) ?? .null, "mode": .string(mode.rawValue)]
        }
        return ["format": 1, "versions": .array(versions), "upcasters": .array(upcasters),
                "configurations": .array(configurations), "modes": .array(modes)]
    }

    /// Reads a snapshot written by ``RegistrySnapshot/json``.
    ///
    /// - Throws: ``RegistryError/notARegistry(path:reason:)`` naming `origin` when a member is
    ///   missing or of the wrong kind.
    public init(json: JSONValue, origin: String = "snapshot") throws(RegistryError) {
        func fail(_ reason: String) -> RegistryError { .notARegistry(path: origin, reason: "the snapshot \(reason)") }
        func entries(_ name: String) throws(RegistryError) -> [JSONValue] {
            guard let list = json[name]?.array else { throw fail("has no \(name) list") }
            return list
        }
        func string(_ entry: JSONValue, _ name: String) throws(RegistryError) -> String {
            guard let value = entry[name]?.string else { throw fail("has an entry without a string \(name)") }
            return value
        }
        func integer(_ entry: JSONValue, _ name: String) throws(RegistryError) -> Int {
            guard let value = entry[name]?.number?.int64Value, let integer = Int(exactly: value) else {
                throw fail("has an entry without an integer \(name)")
            }
            return integer
        }
        guard json["format"]?.number?.int64Value == 1 else { throw fail("is not of format 1") }
        var versions: [StoredVersion] = []
        for entry in try entries("versions") {
            guard let document = entry["schema"], let deleted = entry["deleted"]?.bool,
                  let references = entry["references"]?.array?.compactMap(\.string) else { throw fail("has a version without its schema") }
            // References by name (Confluent's), absent from snapshots of servers that predate them.
            var named: [SchemaReference] = []
            for reference in entry["namedReferences"]?.array ?? [] {
                named.append(SchemaReference(name: try string(reference, "name"), eventType: try string(reference, "eventType"),
                                             version: try integer(reference, "version")))
            }
            versions.append(StoredVersion(eventType: try string(entry, "eventType"), version: try integer(entry, "version"),
                                          schemaID: try integer(entry, "schemaId"), fingerprint: try string(entry, "fingerprint"),
                                          document: document, isDeleted: deleted, registeredAt: try string(entry, "registeredAt"),
                                          references: references, namedReferences: named))
        }
        var upcasters: [StoredUpcaster] = []
        for entry in try entries("upcasters") {
            guard let document = entry["document"] else { throw fail("has an upcaster without its document") }
            upcasters.append(StoredUpcaster(eventType: try string(entry, "eventType"), fromVersion: try integer(entry, "from"),
                                            toVersion: try integer(entry, "to"), fingerprint: try string(entry, "fingerprint"),
                                            document: document, registeredAt: try string(entry, "registeredAt")))
        }
        var configurations: [String?: CompatibilityConfiguration] = [:]
        for entry in try entries("configurations") {
            guard let mode = CompatibilityMode(rawValue: try string(entry, "mode")),
                  let policy = CompatibilityPolicy(rawValue: try string(entry, "policy")) else { throw fail("has an unknown mode or policy") }
            configurations[entry["eventType"]?.string] = CompatibilityConfiguration(mode: mode, policy: policy)
        }
        var modes: [String?: RegistryMode] = [:]
        for entry in try entries("modes") {
            guard let mode = RegistryMode(rawValue: try string(entry, "mode")) else { throw fail("has an unknown registry mode") }
            modes[entry["eventType"]?.string] = mode
        }
        self.init(versions: versions, upcasters: upcasters, configurations: configurations, modes: modes)
    }
}

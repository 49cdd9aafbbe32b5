import EventSchema
import EventUpcasting

extension CompatibilityReport {
    /// The report as `strata check` and `strata register --format json` print it: the mode and
    /// policy, every comparison with every difference and its verdict, and the bridges checked.
    ///
    /// - Parameter displayingPaths: how the bridges' file paths are shown.
    public func json(displayingPaths: (String) -> String = { $0 }) -> JSONValue {
        var object: JSONObject = [
            "eventType": .string(eventType),
            "compatible": .bool(isCompatible),
            "mode": .string(configuration.mode.rawValue),
            "policy": .string(configuration.policy.rawValue),
        ]
        if let candidateVersion { object["version"] = .number(JSONNumber(candidateVersion)) }
        if !isCompatible { object["bridged"] = .bool(isBridged) }
        if !bridges.isEmpty { object["bridges"] = .array(bridges.map { $0.json(displayingPaths: displayingPaths) }) }
        if let bridgeProblem { object["bridgeProblem"] = .string(bridgeProblem) }
        object["comparisons"] = .array(comparisons.map { comparison in
            [
                "againstVersion": .number(JSONNumber(comparison.version)),
                "direction": .string(comparison.direction.rawValue),
                "differences": .array(comparison.differences.map { Self.json($0, policy: configuration.policy) }),
            ]
        })
        return .object(object)
    }

    /// One difference with its verdict under `policy`.
    public static func json(_ difference: SchemaDifference, policy: CompatibilityPolicy) -> JSONValue {
        [
            "kind": .string(difference.kind.rawValue),
            "path": .string(difference.path),
            "compatible": .bool(difference.kind.isCompatible(under: policy)),
            "explanation": .string(difference.kind.explanation),
        ]
    }
}

extension SchemaRegistry.Registration {
    /// The registration as `strata register --format json` prints it.
    ///
    /// - Parameter displayingPaths: how the report's file paths are shown.
    public func json(displayingPaths: (String) -> String = { $0 }) -> JSONValue {
        [
            "eventType": .string(version.eventType),
            "version": .number(JSONNumber(version.version)),
            "schemaId": .number(JSONNumber(version.schemaID)),
            "fingerprint": .string(version.fingerprint),
            "new": .bool(isNew),
            "report": report.json(displayingPaths: displayingPaths),
        ]
    }
}

extension StoredVersion {
    /// The version as `strata show` prints it, with its schema when `withSchema`.
    public func json(withSchema: Bool) -> JSONValue {
        var object: JSONObject = [
            "eventType": .string(eventType),
            "version": .number(JSONNumber(version)),
            "schemaId": .number(JSONNumber(schemaID)),
            "fingerprint": .string(fingerprint),
            "deleted": .bool(isDeleted),
            "registeredAt": .string(registeredAt),
            "references": .array(references.map { .string($0) }),
        ]
        if withSchema { object["schema"] = document }
        return .object(object)
    }
}

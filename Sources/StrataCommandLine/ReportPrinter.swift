import EventSchema
import EventUpcasting
import SchemaRegistry

/// Turns registry results into the text and JSON the commands print.
enum ReportPrinter {
    static func json(_ difference: SchemaDifference, policy: CompatibilityPolicy) -> JSONValue {
        [
            "kind": .string(difference.kind.rawValue),
            "path": .string(difference.path),
            "compatible": .bool(difference.kind.isCompatible(under: policy)),
            "explanation": .string(difference.kind.explanation),
        ]
    }

    static func json(_ report: CompatibilityReport) -> JSONValue {
        var object: JSONObject = [
            "eventType": .string(report.eventType),
            "compatible": .bool(report.isCompatible),
            "mode": .string(report.configuration.mode.rawValue),
            "policy": .string(report.configuration.policy.rawValue),
        ]
        if let version = report.candidateVersion { object["version"] = .number(JSONNumber(version)) }
        if !report.isCompatible { object["bridged"] = .bool(report.isBridged) }
        if !report.bridges.isEmpty { object["bridges"] = .array(report.bridges.map(ChainVerification.json)) }
        if let problem = report.bridgeProblem { object["bridgeProblem"] = .string(problem) }
        object["comparisons"] = .array(report.comparisons.map { comparison in
            [
                "againstVersion": .number(JSONNumber(comparison.version)),
                "direction": .string(comparison.direction.rawValue),
                "differences": .array(comparison.differences.map { json($0, policy: report.configuration.policy) }),
            ]
        })
        return .object(object)
    }

    static func json(_ registration: SchemaRegistry.Registration) -> JSONValue {
        [
            "eventType": .string(registration.version.eventType),
            "version": .number(JSONNumber(registration.version.version)),
            "schemaId": .number(JSONNumber(registration.version.schemaID)),
            "fingerprint": .string(registration.version.fingerprint),
            "new": .bool(registration.isNew),
            "report": json(registration.report),
        ]
    }

    static func json(_ version: StoredVersion, withSchema: Bool) -> JSONValue {
        var object: JSONObject = [
            "eventType": .string(version.eventType),
            "version": .number(JSONNumber(version.version)),
            "schemaId": .number(JSONNumber(version.schemaID)),
            "fingerprint": .string(version.fingerprint),
            "deleted": .bool(version.isDeleted),
            "registeredAt": .string(version.registeredAt),
            "references": .array(version.references.map { .string($0) }),
        ]
        if withSchema { object["schema"] = version.document }
        return .object(object)
    }

    /// The lines of a report: each difference with its verdict and explanation.
    static func text(_ report: CompatibilityReport, onlyBreaking: Bool) -> [String] {
        var lines: [String] = []
        for comparison in report.comparisons {
            let shown = onlyBreaking ? comparison.breaking : comparison.differences
            for difference in shown {
                let verdict = difference.kind.isCompatible(under: report.configuration.policy) ? "ok   " : "BREAK"
                let against = comparison.direction == .backward ? "against v\(comparison.version)" : "forward against v\(comparison.version)"
                lines.append("  \(verdict) \(difference.kind.rawValue) \(difference.path) (\(against)): \(difference.kind.explanation)")
            }
        }
        return lines
    }
}

import EventSchema
import EventUpcasting
import SchemaRegistry

/// Turns registry results into the text and JSON the commands print.
enum ReportPrinter {
    static func json(_ difference: SchemaDifference, policy: CompatibilityPolicy) -> JSONValue {
        CompatibilityReport.json(difference, policy: policy)
    }

    static func json(_ report: CompatibilityReport) -> JSONValue { report.json(displayingPaths: PathDisplay.shorten) }

    static func json(_ registration: SchemaRegistry.Registration) -> JSONValue { registration.json(displayingPaths: PathDisplay.shorten) }

    static func json(_ version: StoredVersion, withSchema: Bool) -> JSONValue { version.json(withSchema: withSchema) }

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

import EventSchema
import EventUpcasting

/// Checks a schema folder against the event catalog's conventions: `strata lint`.
///
/// Content rules look at each type's latest version only: registered versions never change, so
/// an old version that predates a convention (OrderPlaced v1's float amount) is history, not a
/// finding. Event-name and envelope rules skip shared schemas such as `Money`.
///
/// ```swift
/// let configuration = try LintConfiguration(file: ".strata/lint.yaml")
/// let report = try Linter(configuration: configuration).lint(schemas: "Schemas", upcasters: "Upcasters")
/// if !report.passes { … }
/// ```
public struct Linter: Sendable {
    /// Every rule, in the order findings are reported.
    public static let rules: [any LintRule] = [
        PastTenseEventNameRule(), PascalCaseEventNameRule(), PropertyDescriptionRule(), MoneyNotNumberRule(),
        IdentifierFormatRule(), TimestampFormatRule(), AdditionalPropertiesRule(), ContiguousVersionsRule(),
        VersionExamplesRule(), UpcasterGoldenExamplesRule(), EnvelopeFieldsRule(),
    ]

    /// The rules' settings.
    public var configuration: LintConfiguration

    /// Creates a linter.
    public init(configuration: LintConfiguration = LintConfiguration()) {
        self.configuration = configuration
    }

    /// Lints the schemas under `schemas`, with the upcasters under `upcasters`.
    ///
    /// - Throws: ``RegistryError`` when the folder, a schema, an example or an upcaster cannot be read.
    public func lint(schemas: String, upcasters: String) throws(RegistryError) -> LintReport {
        let catalog = try LintCatalog(schemas: schemas, upcasters: upcasters, sharedTypes: configuration.sharedSchemas)
        return lint(catalog)
    }

    /// Lints a catalog already read.
    public func lint(_ catalog: LintCatalog) -> LintReport {
        var findings: [LintFinding] = []
        for rule in Self.rules {
            let settings = configuration.rules[rule.id] ?? LintRuleSettings(defaultsOf: rule)
            guard settings.isEnabled else { continue }
            for issue in rule.issues(in: catalog, settings: settings) where !settings.ignores(issue) {
                findings.append(LintFinding(rule: rule.id, severity: settings.severity, issue: issue, fix: rule.fix))
            }
        }
        return LintReport(findings: findings, typeCount: Set(catalog.folder.schemas.map(\.eventType)).count)
    }
}

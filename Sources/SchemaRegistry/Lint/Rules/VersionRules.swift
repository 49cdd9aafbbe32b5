import EventSchema
import EventUpcasting
import Foundation

/// `versions-contiguous`: versions are numbered 1, 2, 3 … without gaps.
public struct ContiguousVersionsRule: LintRule {
    /// Creates the rule.
    public init() {}
    public var id: String { "versions-contiguous" }
    public var reason: String { "a missing version hides a deleted or unregistered schema, and upcaster chains cannot cross it" }
    public var fix: String { "restore the missing version's file, or renumber the versions that have not been registered yet" }
    public var defaultSeverity: LintSeverity { .error }

    public func issues(in catalog: LintCatalog, settings: LintRuleSettings) -> [LintIssue] {
        catalog.folder.versionGaps.map { gap in
            LintIssue(eventType: gap.eventType, version: gap.missing, file: gap.folder,
                      message: "\(gap.eventType) has no version \(gap.missing) before version \(gap.next)")
        }
    }
}

/// `version-examples`: every version has at least one example payload that its schema accepts.
public struct VersionExamplesRule: LintRule {
    /// Creates the rule.
    public init() {}
    public var id: String { "version-examples" }
    public var reason: String { "an example shows what the event looks like, and verify and the payload generator draw on them" }
    public var fix: String { "add examples/v<version>/<name>.json beside the schema, a payload the version accepts (`strata examples` checks it)" }
    public var defaultSeverity: LintSeverity { .warning }

    public func issues(in catalog: LintCatalog, settings: LintRuleSettings) -> [LintIssue] {
        catalog.folder.schemas.compactMap { file in
            let valid = catalog.examples.filter { $0.example.schema == file && $0.example.expectsValid && $0.isAsExpected }
            guard valid.isEmpty else { return nil }
            return LintIssue(eventType: file.eventType, version: file.version, file: file.path,
                             message: "\(file.eventType) v\(file.version) has no valid example in examples/v\(file.version)/")
        }
    }
}

/// `upcaster-golden-examples`: each upcaster has a golden example that pins its output at the latest version.
public struct UpcasterGoldenExamplesRule: LintRule {
    /// Creates the rule.
    public init() {}
    public var id: String { "upcaster-golden-examples" }
    public var reason: String { "a pinned form (`<name>.expected.json`) shows what an old event becomes, and verify compares it exactly" }
    public var fix: String { "beside a valid example of the upcaster's source version, add <name>.expected.json: its upcast form at the latest version" }
    public var defaultSeverity: LintSeverity { .warning }

    public func issues(in catalog: LintCatalog, settings: LintRuleSettings) -> [LintIssue] {
        catalog.upcasters.compactMap { upcaster in
            // A file from a newer to an older version of the same type is a downcaster: nothing to pin at the latest version.
            guard upcaster.targets.contains(where: { $0.eventType != upcaster.eventType || $0.version > upcaster.fromVersion }) else { return nil }
            let pinned = catalog.examples.contains { outcome in
                outcome.example.schema.eventType == upcaster.eventType && outcome.example.schema.version == upcaster.fromVersion
                    && outcome.example.expectsValid
                    && FileManager.default.fileExists(atPath: String(outcome.example.path.dropLast(".json".count)) + BridgeVerifier.expectedSuffix)
            }
            guard !pinned else { return nil }
            return LintIssue(eventType: upcaster.eventType, version: upcaster.fromVersion, file: upcaster.file ?? upcaster.eventType,
                             message: "no example of \(upcaster.eventType) v\(upcaster.fromVersion) pins its upcast form (<name>\(BridgeVerifier.expectedSuffix))")
        }
    }
}

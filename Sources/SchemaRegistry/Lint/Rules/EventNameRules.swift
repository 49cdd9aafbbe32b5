import Foundation

/// `event-name-past-tense`: an event records something that happened, so its name ends in the past tense.
public struct PastTenseEventNameRule: LintRule {
    /// Creates the rule.
    public init() {}
    public var id: String { "event-name-past-tense" }
    public var reason: String { "an event records a fact that already happened; `OrderPlace` reads like a command" }
    public var fix: String { "name the type for what happened (`OrderPlaced`), or list an irregular ending under `endings` or the name under `exceptions`" }
    public var defaultSeverity: LintSeverity { .error }
    public var defaultOptions: [String: LintOption] {
        [
            "endings": .names(["ed", "Sent", "Paid", "Built", "Made", "Held", "Sold", "Bought", "Brought", "Caught",
                               "Taught", "Told", "Kept", "Left", "Lost", "Met", "Found", "Won", "Spent", "Set", "Put",
                               "Cut", "Shut", "Split", "Read", "Begun", "Done", "Given", "Taken", "Written", "Chosen",
                               "Frozen", "Shown", "Known", "Drawn", "Withdrawn", "Hidden", "Forgotten", "Dealt", "Lent",
                               "Meant", "Felt", "Got", "Gotten", "Hit", "Quit", "Run", "Torn", "Worn", "Sworn", "Shot"]),
            "exceptions": .names([]),
        ]
    }

    public func issues(in catalog: LintCatalog, settings: LintRuleSettings) -> [LintIssue] {
        let endings = settings.names("endings"), exceptions = Set(settings.names("exceptions"))
        return catalog.latestEvents.compactMap { file in
            let name = file.eventType
            guard !exceptions.contains(name), !endings.contains(where: { name.hasSuffix($0) }) else { return nil }
            return LintIssue(eventType: name, version: nil, file: (file.path as NSString).deletingLastPathComponent,
                             message: "\"\(name)\" does not end in the past tense (accepted endings: \(endings.prefix(4).joined(separator: ", ")), …)")
        }
    }
}

/// `event-name-pascal-case`: event type names are PascalCase, as Swift type names and most catalogs spell them.
public struct PascalCaseEventNameRule: LintRule {
    /// Creates the rule.
    public init() {}
    public var id: String { "event-name-pascal-case" }
    public var reason: String { "one spelling across the catalog; generated Swift types and topic names follow it" }
    public var fix: String { "rename the type's folder to PascalCase: an upper-case letter, then letters and digits (`OrderPlaced`)" }
    public var defaultSeverity: LintSeverity { .error }

    public func issues(in catalog: LintCatalog, settings: LintRuleSettings) -> [LintIssue] {
        catalog.latestEvents.compactMap { file in
            let scalars = file.eventType.unicodeScalars
            let isPascal = scalars.first.map { ("A"..."Z").contains($0) } == true
                && scalars.allSatisfy { ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
            guard !isPascal else { return nil }
            return LintIssue(eventType: file.eventType, version: nil, file: (file.path as NSString).deletingLastPathComponent,
                             message: "\"\(file.eventType)\" is not PascalCase")
        }
    }
}

import EventSchema

/// How much a lint finding matters: an error fails `strata lint` and `strata check`, a warning does not.
public enum LintSeverity: String, Sendable, Hashable, CaseIterable {
    /// Reported; does not fail the command.
    case warning
    /// Reported; fails the command with exit code 1.
    case error
}

/// The value of one rule option in `.strata/lint.yaml`.
public enum LintOption: Sendable, Hashable {
    /// A list of names or name patterns, such as `[amount, "*Amount"]`.
    case names([String])
    /// A switch, such as `allow-integers: true`.
    case flag(Bool)

    /// The kind of value, in words, for configuration errors.
    var kind: String {
        switch self {
        case .names: "a list of strings"
        case .flag: "true or false"
        }
    }
}

/// A convention of the event catalog that `strata lint` checks, with its id, its reason and its fix.
///
/// A rule looks at a ``LintCatalog`` and returns what breaks the convention; the ``Linter``
/// applies the configured severity and `ignore` entries.
public protocol LintRule: Sendable {
    /// The id used in `.strata/lint.yaml` and in every finding, such as `event-name-past-tense`.
    var id: String { get }
    /// Why the convention matters, in one line.
    var reason: String { get }
    /// How to fix a finding, in one line.
    var fix: String { get }
    /// The severity unless the configuration says otherwise.
    var defaultSeverity: LintSeverity { get }
    /// Whether the rule runs unless the configuration says otherwise.
    var enabledByDefault: Bool { get }
    /// The options the rule takes, with their default values.
    var defaultOptions: [String: LintOption] { get }
    /// What in `catalog` breaks the convention, under `settings`' options.
    func issues(in catalog: LintCatalog, settings: LintRuleSettings) -> [LintIssue]
}

extension LintRule {
    /// Rules run unless disabled.
    public var enabledByDefault: Bool { true }
    /// Rules take no options unless they say so.
    public var defaultOptions: [String: LintOption] { [:] }
}

/// Where and what a rule found, before the linter gives it the rule's id and severity.
public struct LintIssue: Sendable, Hashable {
    /// The event type (or shared schema) concerned.
    public var eventType: String
    /// The version concerned, when the issue is about one.
    public var version: Int?
    /// The file to look at: a schema, a folder or an upcaster file.
    public var file: String
    /// Where in `file`, when it is a schema.
    public var pointer: JSONPointer?
    /// What is wrong, in one line.
    public var message: String

    /// Creates an issue.
    public init(eventType: String, version: Int?, file: String, pointer: JSONPointer? = nil, message: String) {
        self.eventType = eventType
        self.version = version
        self.file = file
        self.pointer = pointer
        self.message = message
    }
}

/// A rule's settings after the configuration is applied: on or off, severity, options, ignored places.
public struct LintRuleSettings: Sendable, Hashable {
    /// Whether the rule runs.
    public var isEnabled: Bool
    /// The severity of its findings.
    public var severity: LintSeverity
    /// Its options, every one present (defaults filled in).
    public var options: [String: LintOption]
    /// Places the rule does not report: `EventType`, or `EventType#/json/pointer` and everything under it.
    public var ignore: [String]

    /// The defaults of `rule`.
    public init(defaultsOf rule: any LintRule) {
        isEnabled = rule.enabledByDefault
        severity = rule.defaultSeverity
        options = rule.defaultOptions
        ignore = []
    }

    /// The list option `key` (empty when it is not a list).
    public func names(_ key: String) -> [String] {
        if case .names(let names)? = options[key] { return names }
        return []
    }

    /// The switch option `key` (`false` when it is not a switch).
    public func flag(_ key: String) -> Bool {
        if case .flag(let value)? = options[key] { return value }
        return false
    }

    /// Whether an `ignore` entry covers `issue`.
    public func ignores(_ issue: LintIssue) -> Bool {
        ignore.contains { entry in
            let parts = entry.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts[0] == issue.eventType else { return false }
            guard parts.count == 2 else { return true }
            guard let prefix = JSONPointer(String(parts[1])), let pointer = issue.pointer else { return false }
            return pointer.tokens.starts(with: prefix.tokens)
        }
    }
}

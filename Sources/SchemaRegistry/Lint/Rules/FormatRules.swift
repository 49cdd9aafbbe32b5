/// `identifier-format`: an identifier states its form with a `format` or a `pattern`.
public struct IdentifierFormatRule: LintRule {
    /// Creates the rule.
    public init() {}
    public var id: String { "identifier-format" }
    public var reason: String { "an identifier without a stated form accepts anything, and a typo becomes a stored fact" }
    public var fix: String { "add a \"pattern\" (\"^ord_[0-9A-Za-z]{8,}$\") or a \"format\" (\"uuid\") to the string" }
    public var defaultSeverity: LintSeverity { .warning }
    public var defaultOptions: [String: LintOption] { ["names": .names(["id", "*Id", "*ID", "uuid", "*Uuid"])] }

    public func issues(in catalog: LintCatalog, settings: LintRuleSettings) -> [LintIssue] {
        let names = settings.names("names")
        return catalog.latestNodes().compactMap { file, node in
            guard let name = node.propertyName, NamePattern.matches(name, anyOf: names), node.isPlainValue,
                  node.types.isEmpty || node.types.contains("string"),
                  node.object["format"] == nil, node.object["pattern"] == nil else { return nil }
            return LintIssue(file, node, "identifier \"\(name)\" has no format or pattern")
        }
    }
}

/// `timestamp-format`: a timestamp is a string with a stated `format` or `pattern`.
public struct TimestampFormatRule: LintRule {
    /// Creates the rule.
    public init() {}
    public var id: String { "timestamp-format" }
    public var reason: String { "a timestamp without a stated form is ambiguous: which zone, which unit, which calendar" }
    public var fix: String { "make it a string with \"format\": \"date-time\" (RFC 3339), or a \"pattern\"; integers pass with allow-integers: true" }
    public var defaultSeverity: LintSeverity { .warning }
    public var defaultOptions: [String: LintOption] {
        ["names": .names(["*At", "timestamp", "*Timestamp", "*Time"]), "allow-integers": .flag(false)]
    }

    public func issues(in catalog: LintCatalog, settings: LintRuleSettings) -> [LintIssue] {
        let names = settings.names("names"), allowsIntegers = settings.flag("allow-integers")
        return catalog.latestNodes().compactMap { file, node in
            guard let name = node.propertyName, NamePattern.matches(name, anyOf: names), node.isPlainValue else { return nil }
            let types = node.types
            if types.contains("integer") || types.contains("number") {
                guard !(allowsIntegers && !types.contains("number")) else { return nil }
                return LintIssue(file, node, "timestamp \"\(name)\" is a number, which states no zone, unit or calendar")
            }
            guard types.isEmpty || types.contains("string"), node.object["format"] == nil, node.object["pattern"] == nil else { return nil }
            return LintIssue(file, node, "timestamp \"\(name)\" has no format or pattern")
        }
    }
}

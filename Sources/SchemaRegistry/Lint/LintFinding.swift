import EventSchema

/// One finding of `strata lint`: a rule, its severity, where, and what to do.
public struct LintFinding: Sendable, Hashable {
    /// The rule's id, such as `money-not-number`.
    public var rule: String
    /// Its severity under the configuration.
    public var severity: LintSeverity
    /// Where and what.
    public var issue: LintIssue
    /// How to fix it, the rule's fix.
    public var fix: String
}

/// Everything `strata lint` found in a schema folder.
public struct LintReport: Sendable, Hashable {
    /// The findings, by file, then pointer.
    public var findings: [LintFinding]
    /// How many event types and shared schemas were linted.
    public var typeCount: Int

    /// The number of findings with `severity`.
    public func count(_ severity: LintSeverity) -> Int {
        findings.filter { $0.severity == severity }.count
    }

    /// Whether no finding is an error.
    public var passes: Bool { count(.error) == 0 }
}

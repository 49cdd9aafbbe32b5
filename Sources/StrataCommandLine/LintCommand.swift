import ArgumentParser
import EventSchema
import EventUpcasting
import Foundation
import SchemaRegistry

/// `strata lint`: the event catalog's conventions (docs/lint.md).
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check a schema folder against the event catalog's conventions (names, descriptions, money, formats, examples).",
        discussion: """
            Rules and their settings come from --config, else .strata/lint.yaml when it exists, else the
            defaults (docs/lint.md). Content rules look at each type's latest version only. Exits 0 when no
            finding is an error, 1 when one is, 64 bad usage, 65 invalid configuration, schema or folder,
            66 unreadable configuration.
            """
    )

    @Argument(help: "The schema folder.")
    var folder: String = "Schemas"

    @Option(name: .long, help: "The lint configuration (default: .strata/lint.yaml when it exists).")
    var config: String?

    @Option(name: .long, help: "The upcaster folder (default: Upcasters beside the schema folder).")
    var upcasters: String?

    @Option(name: .long, help: "Report format: text, json or github.")
    var format: CheckCommand.Format = .text

    func run() throws {
        let report: LintReport
        do {
            report = try Self.lint(folder: folder, config: config, upcasters: upcasters)
        } catch {
            throw CommandFailure.exit(for: error)
        }
        let printer = LintPrinter(format: format)
        switch format {
        case .json: print(printer.json(report).serialized(pretty: true))
        case .text, .github: printer.lines(report).forEach { print($0) }
        }
        if !report.passes { throw ExitCode.failure }
    }

    /// Lints `folder` under the configuration `config` (or the default file, or the defaults).
    static func lint(folder: String, config: String?, upcasters: String?) throws(RegistryError) -> LintReport {
        let configuration = try configuration(at: config) ?? LintConfiguration()
        let upcasterFolder = upcasters ?? ((folder as NSString).deletingLastPathComponent as NSString).appendingPathComponent("Upcasters")
        return try Linter(configuration: configuration).lint(schemas: folder, upcasters: upcasterFolder)
    }

    /// The configuration at `path`; else `.strata/lint.yaml` when it exists; else `nil`.
    static func configuration(at path: String?) throws(RegistryError) -> LintConfiguration? {
        if let path { return try LintConfiguration(file: path) }
        guard FileManager.default.fileExists(atPath: LintConfiguration.defaultPath) else { return nil }
        return try LintConfiguration(file: LintConfiguration.defaultPath)
    }
}

/// Prints a lint report as text, JSON or GitHub annotations.
struct LintPrinter {
    let format: CheckCommand.Format

    /// The report's lines: one per finding, then the counts (text); or one annotation per finding (github).
    func lines(_ report: LintReport) -> [String] {
        switch format {
        case .github: return report.findings.map(annotation)
        case .text, .json: return report.findings.map(text) + [summary(report)]
        }
    }

    /// `N types linted: E error(s), W warning(s)`.
    func summary(_ report: LintReport) -> String {
        "\(report.typeCount) types linted: \(report.count(.error)) error(s), \(report.count(.warning)) warning(s)"
    }

    /// `file:line: severity: [rule] Type vN #/pointer: message. Fix: …`, as compilers print diagnostics.
    func text(_ finding: LintFinding) -> String {
        let issue = finding.issue
        return "\(location(finding)): \(finding.severity.rawValue): [\(finding.rule)] \(subject(issue)): \(issue.message). Fix: \(finding.fix)"
    }

    func annotation(_ finding: LintFinding) -> String {
        let command = finding.severity == .error ? "error" : "warning"
        let file = PathDisplay.shorten(finding.issue.file)
        return "::\(command) file=\(file),line=\(line(finding) ?? 1),title=strata lint \(finding.rule)::"
            + CheckPrinter.escape("\(subject(finding.issue)): \(finding.issue.message). Fix: \(finding.fix)")
    }

    func json(_ report: LintReport) -> JSONValue {
        .object([
            "passed": .bool(report.passes),
            "errors": .number(JSONNumber(report.count(.error))),
            "warnings": .number(JSONNumber(report.count(.warning))),
            "findings": .array(report.findings.map { finding in
                var object: JSONObject = [
                    "rule": .string(finding.rule),
                    "severity": .string(finding.severity.rawValue),
                    "eventType": .string(finding.issue.eventType),
                    "file": .string(PathDisplay.shorten(finding.issue.file)),
                    "message": .string(finding.issue.message),
                    "fix": .string(finding.fix),
                ]
                if let version = finding.issue.version { object["version"] = .number(JSONNumber(version)) }
                if let pointer = finding.issue.pointer { object["pointer"] = .string(pointer.fragment) }
                if let line = line(finding) { object["line"] = .number(JSONNumber(line)) }
                return .object(object)
            }),
        ])
    }

    private func subject(_ issue: LintIssue) -> String {
        var subject = issue.eventType
        if let version = issue.version { subject += " v\(version)" }
        if let pointer = issue.pointer { subject += " \(pointer.fragment)" }
        return subject
    }

    private func location(_ finding: LintFinding) -> String {
        let file = PathDisplay.shorten(finding.issue.file)
        return line(finding).map { "\(file):\($0)" } ?? file
    }

    /// The line of the finding's pointer in its file, when it points into a JSON schema file.
    private func line(_ finding: LintFinding) -> Int? {
        guard let pointer = finding.issue.pointer, let bytes = try? DocumentReader().readBytes(file: finding.issue.file) else { return nil }
        return JSONSourceLines(text: bytes).line(of: pointer)
    }
}

import ArgumentParser
import EventSchema
import EventUpcasting
import Foundation
import SchemaRegistry

/// `strata check`: the CI gate. Compares schema files with the registry or another git revision.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a schema folder (or one file in it) against the registry or a git revision, writing nothing.",
        discussion: """
            Every version the history already has must be unchanged; every new version is checked as
            registering it would be, under the event type's mode (from the registry, else --mode/--policy,
            else BACKWARD, STRICT). Exits 0 compatible, 1 incompatible or changed, 64 bad usage,
            65 invalid schema or folder. --format github prints ::error annotations on the schema files.
            """
    )

    /// Report formats of `check`.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, github
    }

    @Argument(help: "A Schemas/ folder, or one schema file in such a folder.")
    var path: String = "Schemas"

    @Option(name: .customLong("against-git"), help: "Compare with the same folder at this git revision instead of the registry.")
    var againstGit: String?

    @Option(name: .long, help: "The mode for event types the registry has no configuration for.")
    var mode: CompatibilityMode?

    @Option(name: .long, help: "The policy for event types the registry has no configuration for.")
    var policy: CompatibilityPolicy?

    @Option(name: .long, help: "Report format: text, json or github.")
    var format: Format = .text

    @Option(name: .long, help: "The upcaster folder (default: Upcasters beside the schema folder); its chains are verified too.")
    var upcasters: String?

    @OptionGroup var registry: RegistryOptions

    // strata lint inside check: the catalog's conventions, when the repository has a lint configuration.
    @Option(name: .customLong("lint-config"), help: "Lint with this configuration too (default: .strata/lint.yaml when it exists).")
    var lintConfig: String?

    @Flag(name: .customLong("no-lint"), help: "Do not lint, even when .strata/lint.yaml exists.")
    var noLint = false

    /// Verifies the upcaster chains, when there is an upcaster folder, and marks a breaking new
    /// version as bridged when upcasters carry every earlier version it was compared with to it.
    static func bridging(_ checks: [FileCheck], upcasters: String, schemas: String,
                         policy: CompatibilityPolicy) throws(UpcastingError) -> ([FileCheck], ChainVerification?) {
        guard !(try Upcaster.files(in: upcasters)).isEmpty else { return (checks, nil) }
        var settings = ChainVerification.Settings.standard
        settings.policy = policy
        let verification = try ChainVerification.run(schemas: schemas, upcasters: upcasters, settings: settings,
                                                      swiftUpcasters: StrataCommand.swiftUpcasters)
        return (FileCheck.bridged(checks, by: verification), verification)
    }

    func run() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ValidationError("\(path): no such file or folder")
        }
        let folderPath = isDirectory.boolValue ? path : ((path as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
        // The consumers each reported change affects: x-consumers of each type's latest schema. A file
        // that cannot be read, or whose keywords are malformed, is reported by the check below (exit 65).
        let affects = (try? EventTopology(folder: try SchemaFolder(root: folderPath.isEmpty ? "." : folderPath)))?.consumersByEventType ?? [:]
        var checks: [FileCheck]
        do {
            let folder = try SchemaFolder(root: folderPath.isEmpty ? "." : folderPath)
            let opened = try registry.openForReading()
            let history: SchemaHistory
            if let againstGit {
                history = try GitRevision(revision: againstGit).history(of: folder.root)
            } else {
                history = try opened.map { registry throws(RegistryError) in try SchemaHistory(registry: registry) } ?? SchemaHistory(versions: [:])
            }
            var configurations: [String: CompatibilityConfiguration] = [:]
            let fallback = CompatibilityConfiguration(mode: mode ?? .backward, policy: policy ?? .strict)
            if let opened {
                for type in Set(folder.schemas.map(\.eventType)) {
                    configurations[type] = try opened.configuration(for: type)
                }
            }
            let explicit = mode != nil || policy != nil
            checks = try history.check(folder: folder) { type in
                explicit ? fallback : (configurations[type] ?? fallback)
            }.filter { isDirectory.boolValue || URL(fileURLWithPath: $0.file.path).standardizedFileURL == URL(fileURLWithPath: path).standardizedFileURL }
        } catch let error as UpcastingError {
            throw CommandFailure.exit(for: error)
        } catch let error as RegistryError {
            throw CommandFailure.exit(for: error, format: .text)
        } catch let error as GitRevision.Failure {
            CommandFailure.printError(error.description)
            throw ExitCode(CommandFailure.malformedInput)
        }
        let verification: ChainVerification?
        do {
            (checks, verification) = try Self.bridging(checks, upcasters: upcasters ?? (((folderPath.isEmpty ? "." : folderPath) as NSString)
                .deletingLastPathComponent as NSString).appendingPathComponent("Upcasters"), schemas: folderPath.isEmpty ? "." : folderPath,
                policy: policy ?? .strict)
        } catch {
            throw CommandFailure.exit(for: error)
        }
        // Lint (docs/lint.md): only with a lint configuration; its errors fail check, its warnings do not.
        let lint: LintReport?
        do {
            // A schema check already reports as invalid is not linted: its report says why.
            let skipsLint = noLint || checks.contains { if case .invalid = $0.outcome { return true }; return false }
            lint = try skipsLint ? nil : LintCommand.configuration(at: lintConfig).map { configuration throws(RegistryError) in
                try Linter(configuration: configuration).lint(schemas: folderPath.isEmpty ? "." : folderPath, upcasters: upcasters
                    ?? (((folderPath.isEmpty ? "." : folderPath) as NSString).deletingLastPathComponent as NSString).appendingPathComponent("Upcasters"))
            }
        } catch {
            throw CommandFailure.exit(for: error)
        }
        if format == .json {
            // One document: the schemas' report, with the upcaster chains' under "upcasters".
            var document = CheckPrinter(format: format, affects: affects).json(checks)
            if let verification { document["upcasters"] = verification.json() }
            if let lint { document["lint"] = LintPrinter(format: format).json(lint) }
            print(document.serialized(pretty: true))
        } else {
            CheckPrinter(format: format, affects: affects).print(checks)
            if let verification {
                (format == .text ? verification.text() : verification.github()).forEach { print($0) }
            }
            if let lint { LintPrinter(format: format).lines(lint).forEach { print($0) } }
        }
        if let verification, !verification.isBridged { throw ExitCode.failure }
        if checks.contains(where: { if case .invalid = $0.outcome { return true }; return false }) {
            throw ExitCode(CommandFailure.malformedInput)
        }
        if !checks.allSatisfy(\.passes) { throw ExitCode.failure }
        if let lint, !lint.passes { throw ExitCode.failure }
    }
}

/// Prints the outcome of `strata check`.
struct CheckPrinter {
    let format: CheckCommand.Format
    /// The consumers of each event type, for the `affects` of each reported change.
    var affects: [String: [String]] = [:]

    func print(_ checks: [FileCheck]) {
        switch format {
        case .json: StrataCommandLine.print(json(checks).serialized(pretty: true))
        case .text: for line in text(checks) { StrataCommandLine.print(line) }
        case .github: for line in github(checks) { StrataCommandLine.print(line) }
        }
    }

    func label(_ check: FileCheck) -> String {
        "\(check.file.eventType) v\(check.file.version) (\(PathDisplay.shorten(check.file.path)))"
    }

    func text(_ checks: [FileCheck]) -> [String] {
        var lines: [String] = []
        for check in checks {
            switch check.outcome {
            case .unchanged: lines.append("ok    \(label(check)): unchanged")
            case .compatible(let report):
                lines.append("ok    \(label(check)): new, \(report.configuration.mode.rawValue) compatible")
            case .bridged(let report, let chains):
                lines.append("ok    \(label(check)): new, \(report.configuration.mode.rawValue) compatible through \(report.bridgingFiles) (\(chains.map(PathDisplay.shorten).joined(separator: ", "))), which bridge:")
                lines += ReportPrinter.text(report, onlyBreaking: true)
            case .incompatible(let report):
                lines.append("BREAK \(label(check)): new, not \(report.configuration.mode.rawValue) compatible (\(report.configuration.policy.rawValue))")
                lines += ReportPrinter.text(report, onlyBreaking: true)
            case .modified:
                lines.append("BREAK \(label(check)): changed after registration; registered versions never change, add a new version")
            case .invalid(let error):
                lines.append("ERROR \(label(check)): \(PathDisplay.shorten(error.description))")
            }
            lines += affectsLine(check)
        }
        let failing = checks.filter { !$0.passes }.count
        lines.append("\(checks.count) schemas checked, \(failing) failing")
        return lines
    }

    func github(_ checks: [FileCheck]) -> [String] {
        var lines: [String] = []
        for check in checks {
            let file = PathDisplay.shorten(check.file.path)
            switch check.outcome {
            case .unchanged, .compatible, .bridged: continue
            case .incompatible(let report):
                let sourceLines = JSONSourceLines(text: (try? DocumentReader().readBytes(file: check.file.path)) ?? [])
                for (comparison, difference) in report.breakingDifferences {
                    let pointer = JSONPointer(String(difference.path.drop { $0 == "#" })) ?? .root
                    let against = comparison.direction == .backward ? "against v\(comparison.version)" : "forward against v\(comparison.version)"
                    let message = "\(difference.kind.rawValue) \(difference.path) (\(against), \(report.configuration.mode.rawValue)): \(difference.kind.explanation)"
                    lines.append("::error file=\(file),line=\(sourceLines.line(of: pointer)),title=\(check.file.eventType) v\(check.file.version) breaks readers::\(Self.escape(message + affectsSuffix(check)))")
                }
            case .modified:
                lines.append("::error file=\(file),line=1,title=\(check.file.eventType) v\(check.file.version) changed::\(Self.escape("registered versions never change; add a new version instead" + affectsSuffix(check)))")
            case .invalid(let error):
                lines.append("::error file=\(file),line=1,title=invalid schema::\(Self.escape(PathDisplay.shorten(error.description)))")
            }
        }
        return lines
    }

    /// GitHub workflow-command escaping of a message.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    func json(_ checks: [FileCheck]) -> JSONValue {
        .object([
            "passed": .bool(checks.allSatisfy(\.passes)),
            "schemas": .array(checks.map { check in
                var object: JSONObject = [
                    "eventType": .string(check.file.eventType),
                    "version": .number(JSONNumber(check.file.version)),
                    "file": .string(PathDisplay.shorten(check.file.path)),
                    "passes": .bool(check.passes),
                ]
                switch check.outcome {
                case .unchanged: object["outcome"] = "unchanged"
                case .compatible(let report): object["outcome"] = "compatible"; object["report"] = ReportPrinter.json(report)
                case .incompatible(let report): object["outcome"] = "incompatible"; object["report"] = ReportPrinter.json(report)
                case .bridged(let report, let chains):
                    object["outcome"] = "bridged"; object["report"] = ReportPrinter.json(report)
                    object["upcasters"] = .array(chains.map { .string(PathDisplay.shorten($0)) })
                case .modified: object["outcome"] = "modified"
                case .invalid(let error): object["outcome"] = "invalid"; object["error"] = .string(PathDisplay.shorten(error.description))
                }
                if let affected = affected(check) { object["affects"] = .array(affected.map { .string($0) }) }
                return .object(object)
            }),
        ])
    }
}

import ArgumentParser
import EventSchema
import EventUpcasting
import Foundation

/// `strata verify`: proves that each upcaster chain bridges its versions.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify that upcasters bridge each stored version to the current one.",
        discussion: """
            For every version with upcasters (of one event type, or all), and every version that no
            upcaster leaves but whose successor is BACKWARD compatible with it (read unchanged), runs
            three checks: the
            steps applied to the old schema, compared with the current schema (symbolic); generated
            payloads valid under the old schema, upcast and validated against the current one, a
            failure shrunk to a small counterexample; and the golden examples in
            Schemas/<EventType>/examples/v<version>/, which must also equal <name>.expected.json beside
            them when there is one. Chains that name Swift upcasters are verified in the
            program that registers them (a program of yours that runs StrataCommand.main(swiftUpcasters:)
            runs this same command with them), and are listed as skipped here. A version
            with neither an upcaster nor a compatible successor fails, naming the missing file. Each
            downcaster (<n>-to-<n-1>.yaml) is verified the same way towards the older version, its
            golden examples pinned by <name>.v<n-1>.expected.json.
            Exits 0 when every chain verifies, 1 when one does not, 65 on invalid files.
            """
    )

    /// Report formats of `verify`.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, github
    }

    @Argument(help: "The event type (default: every event type with upcasters).")
    var eventType: String?

    @Option(name: .long, help: "The schema folder.")
    var schemas: String = "Schemas"

    @Option(name: .long, help: "The upcaster folder.")
    var upcasters: String = "Upcasters"

    @Option(name: .long, help: "How many payloads to generate per version.")
    var count: Int = ChainVerification.Settings.standard.generatedCount

    @Option(name: .long, help: "The seed for generated payloads.")
    var seed: UInt64 = ChainVerification.Settings.standard.seed

    @Option(name: .long, help: "Seconds the generated payloads of one version may take.")
    var timeLimit: Int = Int(ChainVerification.Settings.standard.timeLimit.components.seconds)

    @Option(name: .long, help: "Report format: text, json or github.")
    var format: Format = .text

    @Option(name: .long, help: "The policy breaking differences are judged under: STRICT or LENIENT.")
    var policy: CompatibilityPolicy = .strict

    func validate() throws {
        guard count >= 1 else { throw ValidationError("--count must be at least 1") }
        guard timeLimit >= 1 else { throw ValidationError("--time-limit must be at least 1 second") }
    }

    func run() throws {
        let outcome: ChainVerification
        do {
            let settings = ChainVerification.Settings(generatedCount: count, seed: seed, timeLimit: .seconds(timeLimit), policy: policy)
            outcome = try ChainVerification.run(schemas: schemas, upcasters: upcasters, eventType: eventType, settings: settings,
                                                swiftUpcasters: StrataCommand.swiftUpcasters)
        } catch {
            throw CommandFailure.exit(for: error)
        }
        switch format {
        case .text: outcome.text().forEach { print($0) }
        case .json: print(outcome.json().serialized(pretty: true))
        case .github: outcome.github().forEach { print($0) }
        }
        if !outcome.isBridged { throw ExitCode.failure }
    }
}

/// How `verify`, `check` and `graph` print a verification.
extension ChainVerification {
    func text() -> [String] {
        var lines: [String] = []
        for report in reports {
            let target = report.targets.map(\.description).joined(separator: " + ")
            lines.append("\(report.isBridged ? "ok  " : "FAIL") \(report.source) → \(target) (\(report.upcasters.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")))")
            switch report.symbolic {
            case .proved:
                lines.append(report.differences.isEmpty ? "     symbolic: compatible" :
                             "     symbolic: bridged \(report.differences.count) breaking difference(s): \(report.differences.map { "\($0.kind.rawValue) \($0.path)" }.joined(separator: ", "))")
            case .remaining(let remaining):
                lines.append("     symbolic: \(remaining.count) breaking difference(s) remain:")
                lines += remaining.map { "       \($0.kind.rawValue) \($0.path): \($0.kind.explanation)" }
            case .undecidable(let reason):
                lines.append("     symbolic: cannot decide (\(reason)); the examples decide")
            case .refuted(let reason):
                lines.append("     symbolic: a step fails on payloads the old schema allows: \(reason)")
            }
            switch report.generated {
            case .passed(let count): lines.append("     generated: \(count) payloads \(report.isDowncast ? "downcast" : "upcast") and valid")
            case .failed(let counterexample):
                lines.append("     generated: counterexample \(counterexample.payload.serialized())")
                lines.append("       \(counterexample.failure)")
            case .notGenerated(let reason): lines.append("     generated: \(reason)")
            case .timedOut(let after): lines.append("     generated: time limit reached after \(after) payloads")
            }
            let failures = report.golden.filter { $0.failure != nil }
            lines.append("     golden: \(report.golden.count - failures.count)/\(report.golden.count) examples")
            lines += failures.map { "       \($0.file): \($0.failure!)" }
        }
        for gap in gaps {
            lines.append("FAIL \(gap.source) → v\(gap.source.version + 1) (no upcaster)")
            lines.append("     not BACKWARD compatible (\(gap.policy.rawValue)); add \(gap.missingFile):")
            lines += gap.breaking.map { "       \($0.kind.rawValue) \($0.path): \($0.kind.explanation)" }
        }
        lines += skipped.map { "skip \($0.eventType): \($0.reason)" }
        let failed = reports.filter { !$0.isBridged }.count + gaps.count
        let total = reports.count + gaps.count
        if total == 0 && skipped.isEmpty {
            lines.append("no upcasters, so no chains to verify")
        } else {
            lines.append(failed == 0 ? "\(total) chain(s) verified" : "\(failed) of \(total) chain(s) do not bridge their versions")
        }
        return lines
    }

    func json() -> JSONValue { json(displayingPaths: PathDisplay.shorten) }

    /// One chain's report as JSON, paths relative to the working directory.
    static func json(_ report: BridgeReport) -> JSONValue { report.json(displayingPaths: PathDisplay.shorten) }

    func github() -> [String] {
        var lines: [String] = []
        for gap in gaps {
            lines.append("::error title=no upcaster::\(gap.source.eventType): \(gap)")
        }
        for report in reports where !report.isBridged {
            let file = report.upcasters.last ?? ""
            var message = "\(report.source) does not reach \(report.targets.map(\.description).joined(separator: " + "))"
            if case .remaining(let remaining) = report.symbolic {
                message += ": " + remaining.map { "\($0.kind.rawValue) \($0.path)" }.joined(separator: ", ")
            }
            if case .refuted(let reason) = report.symbolic { message += ": " + reason }
            if case .failed(let counterexample) = report.generated { message += "; counterexample \(counterexample)" }
            if case .notGenerated(let reason) = report.generated { message += "; \(reason)" }
            for golden in report.golden where golden.failure != nil { message += "; \(golden.file): \(golden.failure!)" }
            lines.append("::error file=\(PathDisplay.shorten(file)),title=upcaster does not bridge::\(message.replacingOccurrences(of: "\n", with: " "))")
        }
        return lines
    }
}

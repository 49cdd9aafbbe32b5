import ArgumentParser
import EventUpcasting

/// The `strata` command line as a type: every subcommand, option and exit code of the `strata`
/// tool, for a program of your own that registers its Swift upcasters.
///
/// The `strata` executable runs it with no Swift upcasters, so it skips the chains that name one.
/// A consumer's executable runs the same commands with its upcasters, so `strata verify` verifies
/// those chains and `strata sync` registers the versions they bridge under their real mode:
///
/// ```swift
/// // Sources/strata-orders/main.swift, in a target that depends on StrataCommandLine
/// import EventSchema
/// import EventUpcasting
/// import StrataCommandLine
///
/// let splitName: SwiftUpcaster = { payload in
///     // …
/// }
/// StrataCommand.main(swiftUpcasters: ["splitName": splitName])
/// ```
public struct StrataCommand: ParsableCommand {
    /// The command's name, abstract, exit codes and subcommands.
    public static let configuration = CommandConfiguration(
        commandName: "strata",
        abstract: "Event schemas, compatibility and upcasting for event-sourced systems.",
        discussion: """
            Exit codes: 0 success, 1 a check failed (invalid payload, failing example), 64 bad usage,
            65 malformed input, 66 unreadable input, 73 read-only registry, 75 registry locked.
            """,
        version: "0.1.0",
        subcommands: [
            ValidateCommand.self, ExamplesCommand.self, RegisterCommand.self, SyncCommand.self, ListCommand.self,
            ShowCommand.self, DiffCommand.self, ConfigCommand.self, CheckCommand.self, DeleteCommand.self, UpcastCommand.self, BundleCommand.self,
            VerifyCommand.self, GraphCommand.self, GenerateCommand.self,
            LintCommand.self,
        ]
    )

    /// Creates the command; ArgumentParser fills it in from the arguments.
    public init() {}

    /// The Swift upcasters the running commands see, by the name upcaster files give them.
    @TaskLocal static var swiftUpcasters: [String: SwiftUpcaster] = [:]

    /// Parses the process's arguments and runs the command they name, with `swiftUpcasters`
    /// available to every command that loads, verifies or registers upcaster chains; exits the
    /// process with the command's exit code.
    public static func main(swiftUpcasters: [String: SwiftUpcaster]) {
        $swiftUpcasters.withValue(swiftUpcasters) { main() }
    }

    /// Parses `arguments` (without the program name) and runs the command they name, as
    /// ``main(swiftUpcasters:)`` does; for tests and wrappers.
    public static func main(_ arguments: [String], swiftUpcasters: [String: SwiftUpcaster]) {
        $swiftUpcasters.withValue(swiftUpcasters) { main(arguments) }
    }
}

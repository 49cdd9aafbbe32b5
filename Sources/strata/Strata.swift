import ArgumentParser

/// The `strata` command: an event-schema registry with upcasting.
@main
struct Strata: ParsableCommand {
    static let configuration = CommandConfiguration(
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
        ]
    )
}

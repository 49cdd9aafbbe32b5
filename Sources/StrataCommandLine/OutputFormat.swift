import ArgumentParser

/// How a command prints its report.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    /// One line per finding, for people.
    case text
    /// A JSON document, for machines.
    case json
}

/// Shared output options.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "Report format: text or json.")
    var format: OutputFormat = .text
}

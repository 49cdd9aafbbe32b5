import ArgumentParser
import EventSchema
import EventUpcasting
import Foundation

/// `strata examples`: checks every example payload of a schema folder.
struct ExamplesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "examples",
        abstract: "Check every example payload in a Schemas/ folder against its version's schema.",
        discussion: """
            Examples live in <EventType>/examples/v<version>/<name>.json. Those named invalid-*.json
            must fail their schema; all others must pass it. `format` is asserted. Exits 0 when every
            example behaves as its name says, 1 otherwise.
            """
    )

    @Argument(help: "The schema folder.")
    var folder: String = "Schemas"

    @OptionGroup var output: OutputOptions

    func run() throws {
        let outcomes: [SchemaFolder.ExampleOutcome]
        do {
            outcomes = try SchemaFolder(root: folder).checkExamples()
        } catch {
            throw CommandFailure.exit(for: error)
        }
        let failures = outcomes.filter { !$0.isAsExpected }
        switch output.format {
        case .json:
            let report: JSONValue = .object([
                "passed": .bool(failures.isEmpty),
                "examples": .array(outcomes.map { outcome in
                    .object([
                        "eventType": .string(outcome.example.schema.eventType),
                        "version": .number(JSONNumber(outcome.example.schema.version)),
                        "file": .string(outcome.example.path),
                        "expectsValid": .bool(outcome.example.expectsValid),
                        "asExpected": .bool(outcome.isAsExpected),
                        "errors": .array(outcome.errors.map(\.outputUnit)),
                    ])
                }),
            ])
            print(PathDisplay.shorten(report.serialized(pretty: true)))
        case .text:
            printText(outcomes, failures: failures)
        }
        if !failures.isEmpty { throw ExitCode.failure }
    }

    private func printText(_ outcomes: [SchemaFolder.ExampleOutcome], failures: [SchemaFolder.ExampleOutcome]) {
        var lastSchema: SchemaFolder.SchemaFile?
        for outcome in outcomes where outcome.example.schema != lastSchema {
            let schema = outcome.example.schema
            lastSchema = schema
            let mine = outcomes.filter { $0.example.schema == schema }
            let valid = mine.filter { $0.example.expectsValid }.count
            let ok = mine.allSatisfy(\.isAsExpected)
            print("\(ok ? "ok  " : "FAIL") \(schema.eventType) v\(schema.version): \(valid) valid and \(mine.count - valid) invalid examples")
        }
        for failure in failures {
            let path = PathDisplay.shorten(failure.example.path)
            if failure.example.expectsValid {
                for error in failure.errors { print("\(path): \(PathDisplay.shorten(error.description))") }
            } else {
                print("\(path): expected to be invalid, but the schema accepts it")
            }
        }
        print("\(outcomes.count) examples, \(failures.count) not as expected")
    }
}

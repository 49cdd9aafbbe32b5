import ArgumentParser
import StrataCodegen

/// `strata generate`: code from the schemas.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate code from the schemas.",
        subcommands: [GenerateSwiftCommand.self]
    )
}

/// `strata generate swift`: Swift types for each event type's current version.
struct GenerateSwiftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swift",
        abstract: "Generate Swift structs for the current version of every event type.",
        discussion: """
            Writes <EventType>.swift for each event type, StrataShared.swift (types that $refs share) and
            StrataEventTypes.swift (StrataEventTypes.register(in:) for an EventTypeMap). What a schema says
            that the Swift types cannot is printed as a warning naming the file, keyword and JSON pointer.
            The SwiftPM plugin StrataGeneratePlugin does the same at build time. See docs/codegen.md.
            """
    )

    @Option(name: .long, help: "A folder of schemas laid out as <EventType>/<version>.json.")
    var schemas: String?

    @Option(name: .long, help: "A folder written by strata bundle.")
    var bundle: String?

    @Option(name: .long, help: "The folder to write the Swift files into.")
    var out: String

    @Option(name: .long, help: "The access level of the generated types: public, package or internal.")
    var access: String = "public"

    func validate() throws {
        guard (schemas == nil) != (bundle == nil) else { throw ValidationError("Give one of --schemas and --bundle.") }
        guard SwiftGenerator.Access(rawValue: access) != nil else { throw ValidationError("--access is public, package or internal.") }
    }

    func run() throws {
        let input: SwiftGenerator.Input = schemas.map { .schemas($0) } ?? .bundle(bundle ?? "")
        do {
            let generated = try SwiftGenerator(input: input, access: SwiftGenerator.Access(rawValue: access) ?? .public).generate()
            for warning in generated.warnings { CommandFailure.printWarning(warning.description) }
            try generated.write(to: out)
            print("wrote \(generated.files.count) files to \(out)")
        } catch {
            throw CommandFailure.exit(for: error)
        }
    }
}

import ArgumentParser
import EventSchema
import EventUpcasting
import SchemaRegistry

/// `strata register`: registers one schema file as the next version of an event type.
struct RegisterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register",
        abstract: "Register a schema as the next version of an event type, after a compatibility check.",
        discussion: """
            Registering a schema identical (same canonical fingerprint) to a registered version returns
            that version. A schema that breaks readers under the type's mode is refused with every
            breaking difference, why it breaks and what would fix it; the registry is left unchanged.
            Exits 0 registered, 1 refused.
            """
    )

    @Argument(help: "The schema file (.json, .yaml or .yml).")
    var file: String

    @Option(name: .long, help: "The event type, such as OrderPlaced.")
    var type: String

    @OptionGroup var registry: RegistryOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let registration: SchemaRegistry.Registration
        do {
            let document = try DocumentReader().read(file: file)
            registration = try registry.openForWriting().register(document, as: type, file: file)
        } catch let error as SchemaError {
            throw CommandFailure.exit(for: error)
        } catch let error as RegistryError {
            throw CommandFailure.exit(for: error, format: output.format)
        }
        let stored = registration.version
        switch output.format {
        case .json:
            print(ReportPrinter.json(registration).serialized(pretty: true))
        case .text:
            print(registration.isNew
                  ? "registered \(stored.eventType) v\(stored.version) (schema id \(stored.schemaID), \(registration.report.configuration.mode.rawValue))"
                  : "\(stored.eventType) v\(stored.version) is already registered with this schema")
        }
    }
}

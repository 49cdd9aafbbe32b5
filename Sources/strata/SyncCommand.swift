import ArgumentParser
import EventSchema
import EventUpcasting
import SchemaRegistry

/// `strata sync`: registers every new version in a schema folder, all or nothing.
struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Register every new version in a Schemas/ folder, in version order, all or nothing.",
        discussion: """
            Versions the registry already has must be identical to their files. New versions are
            registered in order (each after its earlier versions and the schemas it references), in one
            transaction: if any is invalid or incompatible, none is registered. Exits 0 synced, 1 refused.
            """
    )

    @Argument(help: "The schema folder.")
    var folder: String = "Schemas"

    @OptionGroup var registry: RegistryOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let registrations: [SchemaRegistry.Registration]
        do {
            let schemas = try SchemaFolder(root: folder)
            registrations = try registry.openForWriting().sync(schemas)
        } catch let error as UpcastingError {
            throw CommandFailure.exit(for: error)
        } catch let error as RegistryError {
            throw CommandFailure.exit(for: error, format: output.format)
        }
        switch output.format {
        case .json:
            print(JSONValue.array(registrations.map(ReportPrinter.json)).serialized(pretty: true))
        case .text:
            for registration in registrations where registration.isNew {
                print("registered \(registration.version.eventType) v\(registration.version.version)")
            }
            let new = registrations.filter(\.isNew).count
            print("\(new) new, \(registrations.count - new) unchanged")
        }
    }
}

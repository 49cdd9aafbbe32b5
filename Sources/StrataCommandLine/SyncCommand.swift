import ArgumentParser
import EventSchema
import EventUpcasting
import SchemaRegistry

/// `strata sync`: registers every new version in a schema folder, all or nothing.
struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Register every new version in a Schemas/ folder (and upcaster files), in version order, all or nothing.",
        discussion: """
            Versions the registry already has must be identical to their files. New versions are
            registered in order (each after its earlier versions and the schemas it references), in one
            transaction: if any is invalid or incompatible, none is registered. A version that breaks
            readers is registered when the upcasters bridge every earlier version it breaks (see
            strata verify). Exits 0 synced, 1 refused.
            """
    )

    @Argument(help: "The schema folder.")
    var folder: String = "Schemas"

    @Argument(help: "An upcaster folder to register too, such as Upcasters.")
    var upcasters: String?

    @OptionGroup var registry: RegistryOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let result: SchemaRegistry.SyncResult
        do {
            let schemas = try SchemaFolder(root: folder)
            result = try registry.openForWriting().sync(schemas, upcasters: upcasters, swiftUpcasters: StrataCommand.swiftUpcasters)
        } catch let error as UpcastingError {
            throw CommandFailure.exit(for: error)
        } catch let error as RegistryError {
            throw CommandFailure.exit(for: error, format: output.format)
        }
        let registrations = result.registrations
        switch output.format {
        case .json:
            print(JSONValue.object([
                "schemas": .array(registrations.map(ReportPrinter.json)),
                "newUpcasters": .array(result.newUpcasters.map { .string("\($0.eventType)/\($0.fileName)") }),
            ]).serialized(pretty: true))
        case .text:
            for registration in registrations where registration.isNew {
                let bridged = registration.report.isBridged
                    ? " (\(registration.report.configuration.mode.rawValue) compatible through upcasters from " +
                      registration.report.bridges.map { "v\($0.source.version)" }.joined(separator: ", ") + ")"
                    : ""
                print("registered \(registration.version.eventType) v\(registration.version.version)\(bridged)")
            }
            for upcaster in result.newUpcasters {
                print("registered upcaster \(upcaster.eventType) v\(upcaster.fromVersion) -> v\(upcaster.toVersion)")
            }
            let new = registrations.filter(\.isNew).count
            let upcasterNote = upcasters == nil ? "" : "; upcasters: \(result.newUpcasters.count) new, \(result.unchangedUpcasters.count) unchanged"
            print("\(new) new, \(registrations.count - new) unchanged\(upcasterNote)")
        }
    }
}

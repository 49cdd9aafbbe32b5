import ArgumentParser
import EventSchema
import SchemaRegistry

/// `strata delete`: soft-deletes a version.
struct DeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Soft-delete a version: kept for reading old events, left out of new compatibility checks.",
        discussion: "A version that another schema references cannot be deleted."
    )

    @Argument(help: "The event type.")
    var type: String

    @Argument(help: "The version.")
    var version: Int

    @OptionGroup var registry: RegistryOptions

    func run() throws {
        do {
            try registry.openForWriting().delete(version: version, of: type)
            print("\(type) v\(version) deleted (soft)")
        } catch {
            throw CommandFailure.exit(for: error, format: .text)
        }
    }
}

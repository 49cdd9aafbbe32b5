import ArgumentParser
import EventSchema
import SchemaRegistry

/// `strata list`: every event type and its versions.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the registered event types with their versions and compatibility mode."
    )

    @Flag(name: .long, help: "Include soft-deleted versions.")
    var includeDeleted = false

    @OptionGroup var registry: RegistryOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        var rows: [(type: String, versions: [StoredVersion], configuration: CompatibilityConfiguration)] = []
        do {
            if let opened = try registry.openForReading() {
                for type in try opened.eventTypes() {
                    rows.append((type, try opened.versions(of: type, includingDeleted: includeDeleted), try opened.configuration(for: type)))
                }
            }
        } catch {
            throw CommandFailure.exit(for: error, format: output.format)
        }
        switch output.format {
        case .json:
            print(JSONValue.array(rows.map { row in
                [
                    "eventType": .string(row.type),
                    "versions": .array(row.versions.map { .number(JSONNumber($0.version)) }),
                    "deleted": .array(row.versions.filter(\.isDeleted).map { .number(JSONNumber($0.version)) }),
                    "mode": .string(row.configuration.mode.rawValue),
                    "policy": .string(row.configuration.policy.rawValue),
                ]
            }).serialized(pretty: true))
        case .text:
            if rows.isEmpty { print("no event types registered in \(registry.path)") }
            for row in rows {
                let versions = row.versions.map { "v\($0.version)\($0.isDeleted ? " (deleted)" : "")" }.joined(separator: ", ")
                print("\(row.type): \(versions)  [\(row.configuration.mode.rawValue), \(row.configuration.policy.rawValue)]")
            }
        }
    }
}

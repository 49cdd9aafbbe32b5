import ArgumentParser
import EventSchema
import SchemaRegistry

/// `strata show`: an event type's versions, or one version's schema.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show an event type's versions, or one version with its schema."
    )

    @Argument(help: "The event type.")
    var type: String

    @Argument(help: "A version; without it, every version is listed.")
    var version: Int?

    @OptionGroup var registry: RegistryOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        do {
            guard let opened = try registry.openForReading() else { throw RegistryError.unknownEventType(type) }
            if let version {
                let stored = try opened.version(version, of: type)
                switch output.format {
                case .json: print(ReportPrinter.json(stored, withSchema: true).serialized(pretty: true))
                case .text:
                    print("\(type) v\(version)\(stored.isDeleted ? " (deleted)" : ""): schema id \(stored.schemaID), sha256 \(stored.fingerprint)")
                    if !stored.references.isEmpty { print("references: \(stored.references.joined(separator: ", "))") }
                    print(stored.document.serialized(pretty: true))
                }
                return
            }
            let versions = try opened.versions(of: type, includingDeleted: true)
            guard !versions.isEmpty else { throw RegistryError.unknownEventType(type) }
            let configuration = try opened.configuration(for: type)
            let upcasters = try opened.upcasters(of: type)
            switch output.format {
            case .json:
                print(JSONValue.object([
                    "eventType": .string(type),
                    "mode": .string(configuration.mode.rawValue),
                    "policy": .string(configuration.policy.rawValue),
                    "versions": .array(versions.map { ReportPrinter.json($0, withSchema: false) }),
                    "upcasters": .array(upcasters.map { .object(["from": .number(JSONNumber($0.fromVersion)), "to": .number(JSONNumber($0.toVersion)),
                                                                 "fingerprint": .string($0.fingerprint), "description": $0.document["description"] ?? .null]) }),
                ]).serialized(pretty: true))
            case .text:
                print("\(type) [\(configuration.mode.rawValue), \(configuration.policy.rawValue)]")
                for stored in versions {
                    let references = stored.references.isEmpty ? "" : "  references \(stored.references.joined(separator: ", "))"
                    print("  v\(stored.version)\(stored.isDeleted ? " (deleted)" : "")  schema id \(stored.schemaID)  sha256 \(stored.fingerprint.prefix(12))  \(stored.registeredAt)\(references)")
                }
                for upcaster in upcasters {
                    print("  upcaster v\(upcaster.fromVersion) -> v\(upcaster.toVersion)  sha256 \(upcaster.fingerprint.prefix(12))  \(upcaster.registeredAt)")
                }
            }
        } catch let error as RegistryError {
            throw CommandFailure.exit(for: error, format: output.format)
        }
    }
}

import ArgumentParser
import ConfluentAPI
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
        let result: SyncOutput
        do {
            let input = try SyncInput(try SchemaFolder(root: folder), upcasters: upcasters)
            if let remote = registry.remote {
                result = SyncOutput(try remote.write("/strata/v1/sync", StrataMessages.syncBody(input, displayingPaths: PathDisplay.shorten)))
            } else {
                result = SyncOutput(try registry.openForWriting().sync(input, swiftUpcasters: StrataCommand.swiftUpcasters))
            }
        } catch let error as UpcastingError {
            throw CommandFailure.exit(for: error)
        } catch let error as RegistryError {
            throw CommandFailure.exit(for: error, format: output.format)
        } catch let refusal as RemoteRefusal {
            throw CommandFailure.exit(for: refusal, format: output.format)
        }
        switch output.format {
        case .json:
            print(JSONValue.object([
                "schemas": .array(result.registrations.map(\.json)),
                "newUpcasters": .array(result.newUpcasters.map { .string("\($0.eventType)/\($0.from)-to-\($0.to).json") }),
            ]).serialized(pretty: true))
        case .text:
            for registration in result.registrations where registration.isNew {
                let bridged = registration.isBridged
                    ? " (\(registration.mode) compatible through upcasters from " + registration.bridgeSources.map { "v\($0)" }.joined(separator: ", ") + ")"
                    : ""
                print("registered \(registration.eventType) v\(registration.version)\(bridged)")
            }
            for upcaster in result.newUpcasters {
                print("registered upcaster \(upcaster.eventType) v\(upcaster.from) -> v\(upcaster.to)")
            }
            let new = result.registrations.filter(\.isNew).count
            let upcasterNote = upcasters == nil ? "" : "; upcasters: \(result.newUpcasters.count) new, \(result.unchangedUpcasters) unchanged"
            print("\(new) new, \(result.registrations.count - new) unchanged\(upcasterNote)")
        }
    }
}

/// What `strata sync` prints, from a sync here or a server's answer (`POST /strata/v1/sync`).
struct SyncOutput {
    var registrations: [RegistrationOutput]
    var newUpcasters: [(eventType: String, from: Int, to: Int)]
    var unchangedUpcasters: Int

    init(_ result: SchemaRegistry.SyncResult) {
        registrations = result.registrations.map(RegistrationOutput.init)
        newUpcasters = result.newUpcasters.map { ($0.eventType, $0.fromVersion, $0.toVersion) }
        unchangedUpcasters = result.unchangedUpcasters.count
    }

    init(_ answer: JSONValue) {
        registrations = (answer["registrations"]?.array ?? []).map { RegistrationOutput(["registration": $0]) }
        newUpcasters = (answer["newUpcasters"]?.array ?? []).map { entry in
            (entry["eventType"]?.string ?? "", Int(entry["from"]?.number?.int64Value ?? 0), Int(entry["to"]?.number?.int64Value ?? 0))
        }
        unchangedUpcasters = answer["unchangedUpcasters"]?.array?.count ?? 0
    }
}

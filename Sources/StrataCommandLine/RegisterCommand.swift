import ArgumentParser
import ConfluentAPI
import Foundation
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
            breaking difference, why it breaks and what would fix it; the registry is left unchanged —
            unless upcasters (registered, or in the --upcasters folder) bridge every earlier version it
            breaks, as strata verify checks: a bridge counts as compatible. The golden examples beside
            the schema file (<EventType>/examples/) feed the generated payloads.
            Exits 0 registered, 1 refused.
            """
    )

    @Argument(help: "The schema file (.json, .yaml or .yml).")
    var file: String

    @Option(name: .long, help: "The event type, such as OrderPlaced.")
    var type: String

    @Option(name: .long, help: "Upcaster files that may bridge a breaking change (default: Upcasters, when it exists).")
    var upcasters: String = "Upcasters"

    @OptionGroup var registry: RegistryOptions
    @OptionGroup var output: OutputOptions

    /// The upcasters of `--upcasters` and the golden examples of the folder the file sits in.
    func bridgeContext() throws(UpcastingError) -> BridgeContext {
        var context = BridgeContext()
        context.swiftUpcasters = StrataCommand.swiftUpcasters
        // Only the upcasters that can touch this type: a broken file of an unrelated type stands in nobody's way.
        for (upcaster, document) in try UpcasterChain.load(folder: upcasters, eventTypes: [type]) {
            context.upcasters.append(upcaster)
            if let path = upcaster.file { context.documents[path] = document }  // a bridge's upcasters are registered with the version
        }
        let schemaRoot = ((file as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
        if let folder = try? SchemaFolder(root: schemaRoot.isEmpty ? "." : schemaRoot) {
            context.golden = try BridgeVerifier.goldenExamples(in: folder)
            context.pinnedFormVersions = folder.currentVersions
        }
        return context
    }

    func run() throws {
        let outcome: RegistrationOutput
        do {
            let document = try DocumentReader().read(file: file)
            let context = try bridgeContext()
            if let remote = registry.remote {
                outcome = try RegistrationOutput(remote.write("/strata/v1/subjects/\(RemoteRegistry.segment(type))/register",
                                                              Self.remoteBody(document, file: file, context: context)))
            } else {
                outcome = RegistrationOutput(try registry.openForWriting().register(document, as: type, file: file, bridging: context))
            }
        } catch let error as UpcastingError {
            throw CommandFailure.exit(for: error)
        } catch let error as SchemaError {
            throw CommandFailure.exit(for: error)
        } catch let error as RegistryError {
            throw CommandFailure.exit(for: error, format: output.format)
        } catch let refusal as RemoteRefusal {
            throw CommandFailure.exit(for: refusal, format: output.format)
        }
        switch output.format {
        case .json:
            print(outcome.json.serialized(pretty: true))
        case .text:
            print(outcome.isNew
                  ? "registered \(outcome.eventType) v\(outcome.version) (schema id \(outcome.schemaID), \(outcome.mode))"
                  : "\(outcome.eventType) v\(outcome.version) is already registered with this schema")
            if outcome.isBridged { print(outcome.summary) }
        }
    }

    /// What the server needs to run this registration: the schema, its file, and the upcaster
    /// files and golden examples of `context`. Swift upcasters cannot travel: the server verifies
    /// bridges without them, as the plain `strata` executable does (docs/server.md).
    static func remoteBody(_ document: JSONValue, file: String, context: BridgeContext) -> JSONValue {
        StrataMessages.registerBody(document: document, file: file,
                                    upcasters: context.upcasters.compactMap { upcaster in
                                        upcaster.file.flatMap { file in context.documents[file].map { (PathDisplay.shorten(file), $0) } }
                                    },
                                    golden: context.golden.mapValues { $0.map { (PathDisplay.shorten($0.file), $0.payload) } }, pinnedFormVersions: context.pinnedFormVersions)
    }
}

/// What `strata register` prints, from a registration here or a server's answer.
struct RegistrationOutput {
    /// The registration as `--format json` prints it.
    var json: JSONValue
    var isNew: Bool
    var eventType: String
    var version: Int
    var schemaID: Int
    var mode: String
    var isBridged: Bool
    /// The report's summary, printed when a bridge admitted the version.
    var summary: String
    /// The versions whose breaks a bridge carried over.
    var bridgeSources: [Int]

    init(_ registration: SchemaRegistry.Registration) {
        json = ReportPrinter.json(registration)
        isNew = registration.isNew
        eventType = registration.version.eventType
        version = registration.version.version
        schemaID = registration.version.schemaID
        mode = registration.report.configuration.mode.rawValue
        isBridged = registration.report.isBridged
        summary = registration.report.summary
        bridgeSources = registration.report.bridges.map(\.source.version)
    }

    /// From `POST /strata/v1/subjects/{subject}/register`'s answer: `{"registration", "summary"}`.
    init(_ answer: JSONValue) {
        let registration = answer["registration"] ?? .null
        json = registration
        isNew = registration["new"]?.bool ?? false
        eventType = registration["eventType"]?.string ?? ""
        version = Int(registration["version"]?.number?.int64Value ?? 0)
        schemaID = Int(registration["schemaId"]?.number?.int64Value ?? 0)
        mode = registration["report"]?["mode"]?.string ?? ""
        isBridged = registration["report"]?["bridged"]?.bool ?? false
        summary = answer["summary"]?.string ?? ""
        bridgeSources = (registration["report"]?["bridges"]?.array ?? []).compactMap { $0["fromVersion"]?.number?.int64Value }.map { Int($0) }
    }
}

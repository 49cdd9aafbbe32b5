import ArgumentParser
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
        let registration: SchemaRegistry.Registration
        do {
            let document = try DocumentReader().read(file: file)
            registration = try registry.openForWriting().register(document, as: type, file: file, bridging: try bridgeContext())
        } catch let error as UpcastingError {
            throw CommandFailure.exit(for: error)
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
            if registration.report.isBridged { print(registration.report.summary) }
        }
    }
}

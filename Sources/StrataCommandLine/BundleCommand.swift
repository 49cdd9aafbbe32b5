import ArgumentParser
import SchemaRegistry

/// `strata bundle`: writes the registry's content as a catalog folder for consumers.
struct BundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Write the registry's schemas and upcasters as a catalog folder with a manifest of fingerprints.",
        discussion: """
            A Swift target adds the folder as a resource (.copy("Catalog")) and loads it with
            Catalog(bundle: Bundle.module, subdirectory: "Catalog"), which checks every fingerprint.
            """
    )

    @Option(name: .long, help: "The folder to write.")
    var out: String

    @OptionGroup var registry: RegistryOptions

    func run() throws {
        do {
            let written: (schemas: Int, upcasters: Int)
            if let remote = registry.remote {
                written = try SchemaRegistry.writeBundle(remote.bundle(), to: out)
            } else {
                guard let opened = try registry.openForReading() else { throw RegistryError.cannotOpen(path: registry.path, reason: "no such file") }
                written = try opened.writeBundle(to: out)
            }
            print("wrote \(written.schemas) schemas and \(written.upcasters) upcasters to \(out)")
        } catch {
            throw CommandFailure.exit(for: error)
        }
    }
}

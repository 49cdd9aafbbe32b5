import Foundation
import PackagePlugin

/// `swift package strata <command> …`: runs the strata command line in a package that depends on
/// Strata, with that package's Swift upcasters registered.
///
/// It runs the package's own command line when it has one: the executable product named by
/// `--tool` (`--tool strata` for the plain tool), else the one executable product whose targets depend on the `StrataCommandLine`
/// library (such a product calls `StrataCommand.main(swiftUpcasters:)`). Without one it runs the
/// plain `strata` tool of the Strata dependency. Either is built in the package's debug build, so
/// what `swift build` built is reused. The command runs in the package's folder, so relative paths such as
/// `Schemas` mean the package's, and its exit status is the plugin's.
///
/// ```sh
/// swift package strata check Schemas --against-git origin/main --format github
/// swift package strata --tool strata-orders verify
/// ```
@main
struct StrataCommandPlugin: CommandPlugin {
    /// Why the plugin could not run the command.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var extractor = ArgumentExtractor(arguments)
        let named = extractor.extractOption(named: "tool").last
        let executable = try commandLine(named: named, in: context)
        let process = Process()
        process.executableURL = executable
        process.arguments = extractor.remainingArguments
        process.currentDirectoryURL = context.package.directoryURL
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            // The command printed why; SwiftPM reports the plugin's failure.
            exit(process.terminationStatus)
        }
    }

    /// The executable to run: the package's own command line, built now, or the strata tool.
    func commandLine(named: String?, in context: PluginContext) throws -> URL {
        let own = context.package.products(ofType: ExecutableProduct.self).filter { product in
            product.targets.contains { target in
                target.recursiveTargetDependencies.contains { Self.dependsOnCommandLine($0) } || Self.dependsOnCommandLine(target)
            }
        }
        let chosen: String?
        if let named {
            chosen = named  // one of the package's products, or `strata` itself
        } else if own.count > 1 {
            throw Failure(description: "strata: several executable products use StrataCommandLine (\(own.map(\.name).joined(separator: ", "))); choose one with --tool")
        } else {
            chosen = own.first?.name
        }
        // Built as the package's own products are, so what `swift build` built is reused.
        let product = chosen ?? "strata"
        let result = try packageManager.build(.product(product), parameters: .init(configuration: .debug, logging: .concise))
        guard result.succeeded, let artifact = result.builtArtifacts.first(where: { $0.kind == .executable && $0.url.lastPathComponent == product }) else {
            throw Failure(description: "strata: building \(product) failed:\n\(result.logText)")
        }
        return artifact.url
    }

    /// Whether `target` depends directly on the StrataCommandLine library product.
    static func dependsOnCommandLine(_ target: any Target) -> Bool {
        target.dependencies.contains { dependency in
            if case .product(let product) = dependency { return product.name == "StrataCommandLine" }
            return false
        }
    }
}

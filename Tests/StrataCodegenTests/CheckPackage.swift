#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import StrataCodegen
import StrataTestSupport

/// A SwiftPM package that builds the generated code of the example domain and of the feature
/// fixtures, in Swift 6 mode with warnings as errors, with a program (`Fixtures/CheckProgram`)
/// that reads every golden example and generated payloads into the generated types.
///
/// It lives at a fixed place in this package's `.build` (its own folder and scratch path, never
/// this package's build), so a second run rebuilds only what changed; a lock file keeps two test
/// runs from building it at once.
struct CheckPackage {
    static let root = Conformance.packageRoot
    static let folder = root.appendingPathComponent(".build/codegen-check")
    static let package = folder.appendingPathComponent("package")
    static let scratch = folder.appendingPathComponent("scratch")
    static let fixtures = root.appendingPathComponent("Tests/StrataCodegenTests/Fixtures")

    /// The warnings the generator gave for the example domain and for the features.
    var domainWarnings: [CodegenWarning] = []
    var featureWarnings: [CodegenWarning] = []

    /// Writes the package: manifest, generated sources, the program.
    mutating func write() throws {
        let files = FileManager.default
        try files.createDirectory(at: Self.package, withIntermediateDirectories: true)
        try manifest.write(to: Self.package.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
        let domain = try SwiftGenerator(input: .schemas(Self.root.appendingPathComponent("Schemas").path)).generate()
        let features = try SwiftGenerator(input: .schemas(Self.fixtures.appendingPathComponent("Features").path)).generate()
        domainWarnings = domain.warnings
        featureWarnings = features.warnings
        try replace("Sources/DomainTypes", with: domain)
        try replace("Sources/FeatureTypes", with: features)
        let program = Self.package.appendingPathComponent("Sources/CodegenCheck")
        try files.createDirectory(at: program, withIntermediateDirectories: true)
        let sources = ["main.swift", "FeaturePayloads.swift"].map { Self.fixtures.appendingPathComponent("CheckProgram/" + $0) }
            + [Self.root.appendingPathComponent("Tests/StrataTestSupport/UpcasterFixtures.swift")]
        for source in sources {
            try write(try String(contentsOf: source, encoding: .utf8), to: program.appendingPathComponent(source.lastPathComponent))
        }
        let types = try SchemaFolderTypes.eventTypes(in: Self.root.appendingPathComponent("Schemas").path)
        let checks = "import DomainTypes\n\nlet domainChecks: [String: any EventCheck] = [\n"
            + types.map { "    \($0).eventType: Check<\($0)>(),\n" }.joined() + "]\n"
        try write(checks, to: program.appendingPathComponent("DomainChecks.swift"))
    }

    /// Builds the package; returns swift build's outcome.
    func build() throws -> StrataProcess.Outcome {
        try StrataProcess.run(["swift", "build", "--package-path", Self.package.path, "--scratch-path", Self.scratch.path],
                              program: URL(fileURLWithPath: "/usr/bin/env"))
    }

    /// Runs the built program on this package's `Schemas/` and `Upcasters/`.
    func runProgram() throws -> StrataProcess.Outcome {
        try StrataProcess.run([Self.root.path], program: Self.scratch.appendingPathComponent("debug/CodegenCheck"))
    }

    /// Runs `body` holding the lock of the check package.
    static func locked<T>(_ body: () throws -> T) throws -> T {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let descriptor = open(folder.appendingPathComponent("lock").path, O_CREAT | O_RDWR, 0o644)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
        defer { close(descriptor) }
        flock(descriptor, LOCK_EX)
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }

    private var manifest: String {
        let dependency = Self.root.lastPathComponent
        let products = """
            .product(name: "EventSchema", package: "\(dependency)"), .product(name: "EventUpcasting", package: "\(dependency)")
            """
        return """
            // swift-tools-version:6.1
            // Written by StrataCodegenTests: the generated code must build in Swift 6 mode with no warnings.
            import PackageDescription

            let strict: [SwiftSetting] = [.unsafeFlags(["-warnings-as-errors"])]

            let package = Package(
                name: "CodegenCheck",
                platforms: [.macOS(.v14)],
                dependencies: [.package(path: "\(Self.root.path)")],
                targets: [
                    .target(name: "DomainTypes", dependencies: [\(products)], swiftSettings: strict),
                    .target(name: "FeatureTypes", dependencies: [\(products)], swiftSettings: strict),
                    .executableTarget(name: "CodegenCheck", dependencies: ["DomainTypes", "FeatureTypes", \(products)], swiftSettings: strict),
                ],
                swiftLanguageModes: [.v6]
            )

            """
    }

    /// Replaces the folder `relative` with the generated files.
    private func replace(_ relative: String, with generated: GeneratedSources) throws {
        let folder = Self.package.appendingPathComponent(relative)
        let wanted = Set(generated.files.map(\.name))
        for stale in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where !wanted.contains(stale) {
            try FileManager.default.removeItem(at: folder.appendingPathComponent(stale))
        }
        try generated.write(to: folder.path)
    }

    /// Writes `text` unless the file holds it already (so an unchanged file is not rebuilt).
    private func write(_ text: String, to url: URL) throws {
        if (try? String(contentsOf: url, encoding: .utf8)) == text { return }
        try text.write(to: url, atomically: true, encoding: .utf8)
    }
}

/// The event types of a schema folder, as the generator names their structs.
enum SchemaFolderTypes {
    static func eventTypes(in folder: String) throws -> [String] {
        let generated = try SwiftGenerator(input: .schemas(folder)).generate()
        return generated.files.map(\.name).filter { ![StrataFileNames.shared, StrataFileNames.registration].contains($0) }
            .map { String($0.dropLast(".swift".count)) }
    }
}

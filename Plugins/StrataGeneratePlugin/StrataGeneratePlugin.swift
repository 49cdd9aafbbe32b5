import Foundation
import PackagePlugin

/// Generates Swift types from the schemas a target carries, at every build that changes them.
///
/// The plugin looks in the target's folder for `Schemas/` (laid out as `<EventType>/<n>.json`) or,
/// failing that, a bundle written by `strata bundle` — a folder holding `manifest.json` and
/// `Schemas/`, such as `Catalog/`. Every schema file is an input, and the outputs follow from the
/// folder listing alone: `<EventType>.swift` per event type folder, `StrataShared.swift` and
/// `StrataEventTypes.swift` (the rule `StrataFileNames` states in the library).
@main
struct StrataGeneratePlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let input = try SchemaInput(targetDirectory: target.directoryURL)
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("StrataGenerated")
        let outputs = (input.eventTypes.map { $0 + ".swift" } + ["StrataShared.swift", "StrataEventTypes.swift"])
            .map { output.appendingPathComponent($0) }
        return [
            .buildCommand(
                displayName: "Generating Swift types from \(input.schemas.path)",
                executable: try context.tool(named: "strata-generate").url,
                arguments: input.arguments + ["--out", output.path],
                inputFiles: input.files,
                outputFiles: outputs
            ),
        ]
    }
}

/// The schemas folder of a target, its event types and its files.
struct SchemaInput {
    /// `Schemas/` itself, or the bundle folder around it.
    let folder: URL
    let isBundle: Bool
    let schemas: URL
    /// The event type folders, sorted.
    let eventTypes: [String]
    /// Every file the output depends on.
    let files: [URL]

    var arguments: [String] { [isBundle ? "--bundle" : "--schemas", folder.path] }

    init(targetDirectory: URL) throws {
        let files = FileManager.default
        let direct = targetDirectory.appendingPathComponent("Schemas")
        if Self.isFolder(direct) {
            (folder, isBundle) = (direct, false)
        } else {
            let entries = (try? files.contentsOfDirectory(atPath: targetDirectory.path)) ?? []
            guard let bundle = entries.sorted().map({ targetDirectory.appendingPathComponent($0) }).first(where: {
                files.fileExists(atPath: $0.appendingPathComponent("manifest.json").path) && Self.isFolder($0.appendingPathComponent("Schemas"))
            }) else {
                throw PluginError.noSchemas(targetDirectory.path)
            }
            (folder, isBundle) = (bundle, true)
        }
        schemas = isBundle ? folder.appendingPathComponent("Schemas") : folder
        var types: [String] = []
        var inputs: [URL] = isBundle ? [folder.appendingPathComponent("manifest.json")] : []
        for type in ((try? files.contentsOfDirectory(atPath: schemas.path)) ?? []).sorted() where !type.hasPrefix(".") {
            let typeFolder = schemas.appendingPathComponent(type)
            guard Self.isFolder(typeFolder) else { continue }
            let versions = ((try? files.contentsOfDirectory(atPath: typeFolder.path)) ?? []).sorted().filter { entry in
                let parts = entry.split(separator: ".", maxSplits: 1)
                return parts.count == 2 && Int(parts[0]) != nil && ["json", "yaml", "yml"].contains(String(parts[1]))
            }
            guard !versions.isEmpty else { continue }
            types.append(type)
            inputs += versions.map { typeFolder.appendingPathComponent($0) }
        }
        eventTypes = types
        self.files = inputs
    }

    private static func isFolder(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}

enum PluginError: Error, CustomStringConvertible {
    case noSchemas(String)

    var description: String {
        switch self {
        case .noSchemas(let directory):
            "StrataGeneratePlugin: \(directory) has no Schemas/ folder and no bundle (a folder with manifest.json and Schemas/, written by strata bundle)"
        }
    }
}

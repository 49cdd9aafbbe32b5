import EventSchema
import EventUpcasting
import Foundation

/// Generates Swift types for the current version of every event type in a schema folder.
///
/// ```swift
/// let generated = try SwiftGenerator(input: .schemas("Schemas")).generate()
/// for warning in generated.warnings { print(warning) }
/// try generated.write(to: "Sources/Orders/Generated")
/// ```
///
/// For each event type, `<EventType>.swift` holds a struct (or enum) named after it, with its
/// nested types; types that `$ref`s share are generated once, in ``StrataFileNames/shared``;
/// ``StrataFileNames/registration`` holds `StrataEventTypes.register(in:)`, which registers every
/// event type in an `EventTypeMap`. See `docs/codegen.md` for the type mapping.
public struct SwiftGenerator: Sendable {
    /// Where the schemas are.
    public enum Input: Sendable, Hashable {
        /// A folder laid out as `<EventType>/<version>.json`.
        case schemas(String)
        /// A folder written by `strata bundle`: its `Schemas/` subfolder, beside `manifest.json`.
        case bundle(String)
    }

    /// The access level of the generated declarations.
    public enum Access: String, Sendable, Hashable, CaseIterable {
        /// `public`: usable from other modules, such as a library target's clients.
        case `public`
        /// `package`: usable from the other modules of the same package.
        case `package`
        /// No modifier: usable in the generated code's own module only.
        case `internal`
    }

    /// Where the schemas are.
    public var input: Input
    /// The access level of the generated declarations; `public` by default.
    public var access: Access

    /// Creates a generator.
    public init(input: Input, access: Access = .public) {
        self.input = input
        self.access = access
    }

    /// Generates the files, or fails on the first schema that cannot be read.
    ///
    /// - Throws: ``CodegenError`` naming the file and pointer.
    public func generate() throws(CodegenError) -> GeneratedSources {
        let root = try schemasFolder()
        let folder: SchemaFolder
        do { folder = try SchemaFolder(root: root) } catch { throw .folder(error) }
        let current = folder.schemas.filter { folder.currentVersions[$0.eventType] == $0.version }
        try Self.checkFileNames(current.map(\.eventType))
        for file in current {
            do { _ = try folder.compile(file) } catch { throw .folder(error) }
        }
        var mapper = TypeMapper(documents: SchemaDocuments(root: root), schemaFiles: folder.schemas)
        for file in current { mapper.declareEvent(file) }
        try mapper.mapEvents()
        RecursionBreaker.apply(to: &mapper)
        let names = DeclarationNamer(mapper.table).names
        let writer = FileRenderer(renderer: DeclarationRenderer(table: mapper.table, names: names,
                                                                access: access == .internal ? "" : access.rawValue + " "),
                                  root: SchemaDocuments.absolute(root))
        return GeneratedSources(files: writer.files(), warnings: mapper.warnings)
    }

    /// The folder of schema files the input names.
    private func schemasFolder() throws(CodegenError) -> String {
        switch input {
        case .schemas(let path): return path
        case .bundle(let path):
            let manifest = (path as NSString).appendingPathComponent(Catalog.manifestName)
            do { _ = try DocumentReader().read(file: manifest) } catch { throw .notABundle(path: path, reason: error.description) }
            return (path as NSString).appendingPathComponent("Schemas")
        }
    }

    /// Refuses event types that would share a file, also on a file system that ignores case.
    private static func checkFileNames(_ eventTypes: [String]) throws(CodegenError) {
        var seen: [String: String] = [:]
        for type in eventTypes {
            let file = StrataFileNames.file(of: type)
            guard file != StrataFileNames.shared, file != StrataFileNames.registration else {
                throw .fileNameConflict(eventType: type, reason: "the generator writes \(file) itself; rename the event type")
            }
            if let other = seen[file.lowercased()] {
                throw .fileNameConflict(eventType: type, reason: "its file \(file) differs from \(other)'s only in case")
            }
            seen[file.lowercased()] = type
        }
    }
}

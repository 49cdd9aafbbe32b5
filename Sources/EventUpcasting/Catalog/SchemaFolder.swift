import EventSchema
import Foundation

/// A folder of event schemas laid out as `<EventType>/<version>.json`, with example payloads.
///
/// ```
/// Schemas/
///   Money/1.json
///   OrderPlaced/1.json 2.json 3.json
///   OrderPlaced/examples/v3/typical.json
///   OrderPlaced/examples/v3/invalid-missing-order-id.json
/// ```
///
/// Versions start at 1 and have no gaps; `.yaml` and `.yml` work as well as `.json`. Example
/// payloads live in `<EventType>/examples/v<version>/`; those named `invalid-*.json` must fail
/// their version's schema and all others must pass it.
public struct SchemaFolder: Sendable {
    /// One schema file: an event type at a version.
    public struct SchemaFile: Sendable, Hashable {
        /// The event type, the folder's name.
        public var eventType: String
        /// The version, from the file name.
        public var version: Int
        /// The file's path.
        public var path: String

        /// Creates a file entry: version `version` of `eventType`, read from `path`.
        public init(eventType: String, version: Int, path: String) {
            self.eventType = eventType
            self.version = version
            self.path = path
        }
    }

    /// One example payload of an event type's version.
    public struct Example: Sendable, Hashable {
        /// The schema the example belongs to.
        public var schema: SchemaFile
        /// The file name without extension, such as `typical` or `invalid-missing-order-id`.
        public var name: String
        /// The file's path.
        public var path: String
        /// Whether the example is meant to be valid (its name does not start with `invalid-`).
        public var expectsValid: Bool { !name.hasPrefix("invalid-") }
    }

    /// A version missing before a later one: `eventType` has `next` but not `missing`.
    public struct VersionGap: Sendable, Hashable {
        /// The event type.
        public var eventType: String
        /// The first version number that has no file.
        public var missing: Int
        /// The version after the gap.
        public var next: Int
        /// The event type's folder.
        public var folder: String
    }

    /// The folder's path.
    public let root: String
    /// Every schema, by event type then version.
    public let schemas: [SchemaFile]
    /// The gaps between versions; always empty unless the folder was opened allowing them.
    public let versionGaps: [VersionGap]

    /// The latest version of each event type in the folder.
    public var currentVersions: [String: Int] {
        var current: [String: Int] = [:]
        for schema in schemas { current[schema.eventType] = max(current[schema.eventType] ?? 0, schema.version) }
        return current
    }

    /// Whether `name` follows the event type grammar, ``EventTypeName/grammar``.
    public static func isValidEventType(_ name: String) -> Bool {
        EventTypeName.isValid(name)
    }

    /// Scans `root`.
    ///
    /// - Throws: ``UpcastingError/invalidFolderLayout(path:reason:)`` for a missing folder, a
    ///   badly named type or version file, a duplicate version or a gap between versions.
    public init(root: String) throws(UpcastingError) {
        try self.init(root: root, allowingVersionGaps: false)
    }

    /// Scans `root`; with `allowingVersionGaps`, a gap between versions is listed in
    /// ``versionGaps`` instead of thrown (for `strata lint`, which reports it as a finding).
    ///
    /// - Throws: ``UpcastingError/invalidFolderLayout(path:reason:)`` as ``init(root:)`` does.
    public init(root: String, allowingVersionGaps: Bool) throws(UpcastingError) {
        // Everything that can fail happens before any stored property is set.
        let (schemas, gaps) = try Self.scan(root, allowingVersionGaps: allowingVersionGaps)
        self.root = root
        self.schemas = schemas
        self.versionGaps = gaps
    }

    private static func scan(_ root: String, allowingVersionGaps: Bool) throws(UpcastingError) -> ([SchemaFile], [VersionGap]) {
        let tree = try FolderTree(root: root)
        var schemas: [SchemaFile] = []
        var gaps: [VersionGap] = []
        for type in tree.entries(of: root) {
            let folder = (root as NSString).appendingPathComponent(type)
            guard tree.isFolder(folder) else { continue }
            try tree.requireInside(folder)
            guard Self.isValidEventType(type) else {
                throw .invalidFolderLayout(path: folder, reason: "\"\(type)\" is not a valid event type name (\(EventTypeName.grammar))")
            }
            var versions: [Int: String] = [:]
            for entry in tree.entries(of: folder) {
                let path = (folder as NSString).appendingPathComponent(entry)
                let ext = (entry as NSString).pathExtension
                guard ["json", "yaml", "yml"].contains(ext) else { continue }
                try tree.requireInside(path)
                let stem = (entry as NSString).deletingPathExtension
                guard let version = Int(stem), version >= 1, String(version) == stem else {
                    throw .invalidFolderLayout(path: path, reason: "schema files are named by version: 1.json, 2.json, …")
                }
                if let existing = versions[version] {
                    throw .invalidFolderLayout(path: path, reason: "version \(version) of \(type) is also in \(existing)")
                }
                versions[version] = path
            }
            var expected = 1
            for version in versions.keys.sorted() {
                if version != expected {
                    guard allowingVersionGaps else {
                        throw .invalidFolderLayout(path: folder, reason: "\(type) has no version \(expected) before version \(version)")
                    }
                    gaps.append(VersionGap(eventType: type, missing: expected, next: version, folder: folder))
                }
                expected = version + 1
            }
            schemas += versions.keys.sorted().map { SchemaFile(eventType: type, version: $0, path: versions[$0]!) }
        }
        return (schemas, gaps)
    }

    /// The example payloads of `schema`, by name.
    ///
    /// - Throws: ``UpcastingError/invalidFolderLayout(path:reason:)`` for an example that links outside the folder.
    public func examples(of schema: SchemaFile) throws(UpcastingError) -> [Example] {
        let folder = ((root as NSString).appendingPathComponent(schema.eventType) as NSString)
            .appendingPathComponent("examples/v\(schema.version)")
        let tree = try FolderTree(root: root)
        // `<name>.expected.json` pins the current form of the example `<name>.json`; it is not an example itself.
        var examples: [Example] = []
        for entry in tree.entries(of: folder) where entry.hasSuffix(".json") && !entry.hasSuffix(".expected.json") {
            let path = (folder as NSString).appendingPathComponent(entry)
            try tree.requireInside(path)
            examples.append(Example(schema: schema, name: (entry as NSString).deletingPathExtension, path: path))
        }
        return examples
    }

    /// Compiles the schema in `file`, resolving references to other files in this folder.
    public func compile(_ file: SchemaFile, options: JSONSchema.Options = JSONSchema.Options(),
                        reader: DocumentReader = DocumentReader()) throws(UpcastingError) -> JSONSchema {
        do {
            let document = try reader.read(file: file.path)
            return try JSONSchema(document, baseURI: FileSchemaResolver.uri(forFile: file.path), file: file.path,
                                  options: options, resolver: FileSchemaResolver(root: root, reader: reader))
        } catch {
            throw .schema(error)
        }
    }
}

extension SchemaFolder {
    /// The outcome of checking one example against its schema.
    public struct ExampleOutcome: Sendable, Hashable {
        /// The example.
        public var example: Example
        /// Why the example failed its schema; empty when it is valid.
        public var errors: [ValidationError]
        /// Whether the example behaved as its name says: valid, or invalid for `invalid-*`.
        public var isAsExpected: Bool { example.expectsValid == errors.isEmpty }
    }

    /// Validates every example against its version's schema, asserting `format`.
    ///
    /// - Throws: ``UpcastingError`` when a schema or an example cannot be read or compiled.
    public func checkExamples(reader: DocumentReader = DocumentReader()) throws(UpcastingError) -> [ExampleOutcome] {
        var outcomes: [ExampleOutcome] = []
        for file in schemas {
            let examples = try examples(of: file)
            guard !examples.isEmpty else { continue }
            let schema = try compile(file, options: JSONSchema.Options(assertsFormat: true), reader: reader)
            for example in examples {
                let payload: JSONValue
                do { payload = try reader.read(file: example.path) } catch { throw .schema(error) }
                outcomes.append(ExampleOutcome(example: example, errors: schema.validate(payload).errors))
            }
        }
        return outcomes
    }
}

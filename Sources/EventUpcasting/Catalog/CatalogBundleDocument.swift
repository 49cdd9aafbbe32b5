import EventSchema
import Foundation

/// A catalog bundle as one JSON document: `{"format": 1, "files": {"manifest.json": {…},
/// "Schemas/OrderPlaced/1.json": {…}, "Upcasters/OrderPlaced/1-to-2.json": {…}}}` — the files
/// `strata bundle` writes, each as its JSON value.
///
/// `strata-server` serves it at `GET /strata/v1/bundle`, so a client downloads a bundle with one
/// request and unpacks it with nothing but a JSON parser. ``CatalogBundleDocument/write(into:)`` writes the same bytes
/// `strata bundle` writes; `Catalog.init(bundleDocument:swiftUpcasters:validatesSteps:)` loads it
/// directly.
///
/// ```swift
/// let document = try CatalogBundleDocument(parsing: downloadedBytes)
/// try document.write(into: "Sources/Orders/Catalog")
/// ```
public struct CatalogBundleDocument: Sendable, Equatable {
    /// The files by their path inside the bundle folder (`manifest.json`, `Schemas/<Type>/<n>.json`,
    /// `Upcasters/<Type>/<from>-to-<to>.json`).
    public var files: [String: JSONValue]

    /// Creates a document holding `files`.
    public init(files: [String: JSONValue]) {
        self.files = files
    }

    /// The deepest nesting a bundle document may have: a schema's own limit plus the wrapping.
    public static let maximumDepth = 160

    /// Reads a document served by `GET /strata/v1/bundle`.
    ///
    /// - Throws: ``UpcastingError/bundleMismatch(file:reason:)`` when the bytes are not such a
    ///   document, or a path would leave the bundle folder (`..`, an absolute path, another layout).
    public init(parsing bytes: some Collection<UInt8>) throws(UpcastingError) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes, options: JSONParsingOptions(maximumDepth: Self.maximumDepth))
        } catch {
            throw .bundleMismatch(file: "bundle document", reason: "not JSON: \(error)")
        }
        guard value["format"]?.number?.int64Value == 1, let files = value["files"]?.object else {
            throw .bundleMismatch(file: "bundle document", reason: "not a bundle document of format 1 with a files object")
        }
        var read: [String: JSONValue] = [:]
        for (path, document) in files {
            guard Self.isBundlePath(path) else {
                throw .bundleMismatch(file: path, reason: "not a path of a bundle (manifest.json, Schemas/<Type>/<n>.json, Upcasters/<Type>/<file>.json)")
            }
            read[path] = document
        }
        guard read[Catalog.manifestName] != nil else { throw .bundleMismatch(file: Catalog.manifestName, reason: "missing from the bundle document") }
        self.init(files: read)
    }

    /// The document as JSON, its files sorted by path.
    public var json: JSONValue {
        let members = files.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
        return ["format": 1, "files": .object(JSONObject(uniqueMembers: members))]
    }

    /// Whether `path` names a file a bundle holds, inside the bundle folder.
    static func isBundlePath(_ path: String) -> Bool {
        if path == Catalog.manifestName { return true }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "Schemas" || parts[0] == "Upcasters", parts[2].hasSuffix(".json") else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." && !$0.hasPrefix(".") }
    }

    /// A file that could not be written.
    public struct WriteFailure: Error, Sendable, Equatable {
        /// The file's path.
        public var path: String
        /// Why.
        public var reason: String
    }

    /// Writes every file under `directory`, as `strata bundle` writes it (pretty JSON and a newline).
    ///
    /// - Throws: ``CatalogBundleDocument/WriteFailure`` naming the file that could not be written.
    public func write(into directory: String) throws(WriteFailure) {
        let manager = FileManager.default
        for (relative, value) in files.sorted(by: { $0.key < $1.key }) {
            let path = (directory as NSString).appendingPathComponent(relative)
            do {
                try manager.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data((value.serialized(pretty: true) + "\n").utf8).write(to: URL(fileURLWithPath: path))
            } catch {
                throw WriteFailure(path: path, reason: error.localizedDescription)
            }
        }
    }
}

extension Catalog {
    /// A catalog from a bundle document (`GET /strata/v1/bundle` of `strata-server`): its files are
    /// unpacked into a temporary folder and loaded as `Catalog.init(bundleAt:swiftUpcasters:validatesSteps:reader:)`
    /// loads a bundle folder, every fingerprint checked; the folder is removed again.
    ///
    /// - Throws: ``UpcastingError/bundleMismatch(file:reason:)`` for a document that is not a
    ///   bundle or whose files do not match its manifest.
    public init(bundleDocument bytes: some Collection<UInt8>, swiftUpcasters: [String: SwiftUpcaster] = [:],
                validatesSteps: Bool = Catalog.validatesStepsByDefault) throws(UpcastingError) {
        let document = try CatalogBundleDocument(parsing: bytes)
        let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("strata-bundle-" + UUID().uuidString)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        do { try document.write(into: folder) } catch { throw .bundleMismatch(file: error.path, reason: "cannot unpack: \(error.reason)") }
        try self.init(bundleAt: folder, swiftUpcasters: swiftUpcasters, validatesSteps: validatesSteps)
    }
}

import EventSchema
import Foundation

/// Reads JSON and YAML documents from files and standard input, with a size limit.
///
/// Files ending in `.yaml` or `.yml` are YAML; everything else is JSON. Reading stops as soon as
/// the limit is passed, so a 1 GB input costs no more memory than the limit.
///
/// ```swift
/// let reader = DocumentReader()
/// let schema = try reader.read(file: "Schemas/OrderPlaced/3.json")
/// ```
public struct DocumentReader: Sendable {
    /// The largest document accepted, in bytes. 64 MiB by default.
    public var maximumBytes: Int
    /// Options for the JSON parser.
    public var parsingOptions: JSONParsingOptions

    /// Creates a reader.
    public init(maximumBytes: Int = 64 << 20, parsingOptions: JSONParsingOptions = JSONParsingOptions()) {
        self.maximumBytes = maximumBytes
        self.parsingOptions = parsingOptions
    }

    /// Reads and parses the document at `path`.
    ///
    /// - Throws: ``SchemaError`` naming `path`: unreadable, too large, or malformed.
    public func read(file path: String) throws(SchemaError) -> JSONValue {
        let bytes = try readBytes(file: path)
        return try parse(bytes, name: path, isYAML: Self.isYAML(path))
    }

    /// Reads and parses a JSON document from standard input.
    ///
    /// - Throws: ``SchemaError`` naming `<stdin>`.
    public func readStandardInput(isYAML: Bool = false) throws(SchemaError) -> JSONValue {
        let bytes = try readBytes(from: FileHandle.standardInput, name: "<stdin>")
        return try parse(bytes, name: "<stdin>", isYAML: isYAML)
    }

    /// Reads the raw bytes of `path`, refusing more than ``maximumBytes``.
    public func readBytes(file path: String) throws(SchemaError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadableDocument(file: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw .unreadableDocument(file: path, reason: "is a directory") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .unreadableDocument(file: path, reason: "permission denied")
        }
        defer { try? handle.close() }
        return try readBytes(from: handle, name: path)
    }

    private func readBytes(from handle: FileHandle, name: String) throws(SchemaError) -> [UInt8] {
        let data: Data?
        do {
            data = try handle.read(upToCount: maximumBytes + 1)
        } catch {
            throw .unreadableDocument(file: name, reason: error.localizedDescription)
        }
        let bytes = data.map { [UInt8]($0) } ?? []
        guard bytes.count <= maximumBytes else { throw .documentTooLarge(file: name, limit: maximumBytes) }
        return bytes
    }

    /// Parses `bytes` as JSON, or YAML when `isYAML`.
    public func parse(_ bytes: [UInt8], name: String?, isYAML: Bool) throws(SchemaError) -> JSONValue {
        if isYAML {
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw .malformedDocument(file: name, JSONSyntaxError(reason: "the YAML text is not valid UTF-8", offset: 0, line: 1, column: 1))
            }
            return try JSONValue(yaml: text, file: name)
        }
        do {
            return try JSONValue(parsing: bytes, options: parsingOptions)
        } catch {
            throw .malformedDocument(file: name, error)
        }
    }

    /// Whether `path` names a YAML file.
    public static func isYAML(_ path: String) -> Bool {
        path.hasSuffix(".yaml") || path.hasSuffix(".yml")
    }
}

#if canImport(Glibc)
import Glibc
private let systemRead = Glibc.read
#elseif canImport(Darwin)
import Darwin
private let systemRead = Darwin.read
#endif
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
    /// - Throws: `SchemaError` naming `path`: unreadable, too large, or malformed.
    public func read(file path: String) throws(SchemaError) -> JSONValue {
        let bytes = try readBytes(file: path)
        return try parse(bytes, name: path, isYAML: Self.isYAML(path))
    }

    /// Reads and parses a JSON document from standard input.
    ///
    /// - Throws: `SchemaError` naming `<stdin>`.
    public func readStandardInput(isYAML: Bool = false) throws(SchemaError) -> JSONValue {
        let bytes = try readBytes(from: STDIN_FILENO, name: "<stdin>")
        return try parse(bytes, name: "<stdin>", isYAML: isYAML)
    }

    /// Reads the raw bytes of the regular file `path`, refusing more than ``maximumBytes``.
    ///
    /// Only regular files are read (after following links): a folder, a FIFO or a device is refused
    /// at once instead of blocking or reading forever.
    public func readBytes(file path: String) throws(SchemaError) -> [UInt8] {
        // O_NONBLOCK: opening a FIFO must not wait for a writer; regular files ignore the flag.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw .unreadableDocument(file: path, reason: Self.reason(errno)) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .unreadableDocument(file: path, reason: Self.reason(errno)) }
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw .unreadableDocument(file: path, reason: "is a directory")
        default: throw .unreadableDocument(file: path, reason: "not a regular file")
        }
        return try readBytes(from: descriptor, name: path)
    }

    /// Reads `descriptor` to its end, refusing more than ``maximumBytes``.
    private func readBytes(from descriptor: Int32, name: String) throws(SchemaError) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return bytes }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadableDocument(file: name, reason: Self.reason(errno))
            }
            guard bytes.count + count <= maximumBytes else { throw .documentTooLarge(file: name, limit: maximumBytes) }
            bytes.append(contentsOf: chunk[..<count])
        }
    }

    /// The system's reason for `code`, in words: "no such file", "permission denied", "is a directory".
    static func reason(_ code: Int32) -> String {
        switch code {
        case ENOENT, ENOTDIR: "no such file"
        case EACCES, EPERM: "permission denied"
        case EISDIR: "is a directory"
        default: String(cString: strerror(code)).lowercased()
        }
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

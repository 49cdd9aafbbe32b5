import EventSchema
import EventUpcasting
import Foundation

/// The schema files of one folder, read once, and `$ref` resolution between them.
///
/// A reference is resolved against the referring file's path: `#/$defs/Money` inside the file,
/// `../Money/1.json` to another file's root, `../Money/1.json#/$defs/Currency` inside another
/// file, and `#name` to a `$anchor`. Only files under the folder are read.
struct SchemaDocuments {
    /// The folder's absolute path.
    let root: String
    private let reader: DocumentReader
    private var documents: [String: JSONValue] = [:]

    init(root: String, reader: DocumentReader = DocumentReader()) {
        self.root = URL(fileURLWithPath: root).standardizedFileURL.path
        self.reader = reader
    }

    /// The absolute, standardized form of `path`.
    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// The document in `file`, read on first use.
    mutating func document(_ file: String) throws(CodegenError) -> JSONValue {
        if let document = documents[file] { return document }
        let document: JSONValue
        do { document = try reader.read(file: file) } catch { throw .folder(.schema(error)) }
        documents[file] = document
        return document
    }

    /// The schema at `location`.
    mutating func schema(at location: SchemaLocation) throws(CodegenError) -> JSONValue {
        guard let value = try document(location.file)[pointer: location.pointer] else {
            throw .invalidSchema(file: location.file, pointer: location.pointer, reason: "no value at this pointer")
        }
        return value
    }

    /// Where the `$ref` value `reference`, found at `location`, leads.
    mutating func resolve(_ reference: String, from location: SchemaLocation) throws(CodegenError) -> SchemaLocation {
        let unresolved = CodegenError.unresolvedReference(file: location.file, pointer: location.pointer, reference: reference)
        let parts = reference.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let filePart = String(parts[0])
        let fragment = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
        var file = location.file
        if !filePart.isEmpty {
            guard !filePart.contains(":"), let url = URL(string: filePart, relativeTo: URL(fileURLWithPath: location.file)) else {
                throw unresolved
            }
            file = Self.absolute(url.path)
            guard FolderTree.isInside(file, root: root), FileManager.default.fileExists(atPath: file) else { throw unresolved }
        }
        let target: JSONPointer
        if fragment.isEmpty {
            target = .root
        } else if let pointer = JSONPointer(fragment) {
            target = pointer
        } else {
            guard let anchor = Self.anchor(fragment, in: try document(file), at: .root) else { throw unresolved }
            target = anchor
        }
        guard try document(file)[pointer: target] != nil else { throw unresolved }
        return SchemaLocation(file: file, pointer: target)
    }

    /// The pointer of the schema whose `$anchor` is `name`.
    private static func anchor(_ name: String, in value: JSONValue, at pointer: JSONPointer, depth: Int = 0) -> JSONPointer? {
        guard depth < TypeMapper.depthLimit else { return nil }
        switch value {
        case .object(let object):
            if object["$anchor"]?.string == name { return pointer }
            for (key, member) in object {
                if let found = anchor(name, in: member, at: pointer.appending(key), depth: depth + 1) { return found }
            }
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                if let found = anchor(name, in: element, at: pointer.appending(index), depth: depth + 1) { return found }
            }
        default: break
        }
        return nil
    }
}

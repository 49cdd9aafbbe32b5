import EventSchema
import EventUpcasting

/// Why Swift code could not be generated from a schema folder.
///
/// Each case names the file and, inside it, the JSON pointer involved. A schema the generator
/// can read but not express in Swift is not an error: it becomes a ``CodegenWarning``.
public enum CodegenError: Error, Sendable, Equatable {
    /// The folder does not follow `<EventType>/<version>.json`, or a schema in it cannot be read,
    /// parsed or compiled (the underlying error names the file and pointer).
    case folder(UpcastingError)
    /// A bundle folder has no readable `manifest.json`.
    case notABundle(path: String, reason: String)
    /// A value where a schema belongs is not a schema, or a keyword's value has the wrong shape.
    case invalidSchema(file: String, pointer: JSONPointer, reason: String)
    /// A `$ref` names nothing the generator can read: another folder, a URL, or a pointer that leads nowhere.
    case unresolvedReference(file: String, pointer: JSONPointer, reference: String)
    /// A `$ref` leads back to itself through references alone, so it names no type.
    case cyclicReference(file: String, pointer: JSONPointer, reference: String)
    /// Schemas nest deeper than the generator follows.
    case tooDeep(file: String, pointer: JSONPointer, limit: Int)
    /// Two event types would be written to the same file, or an event type takes a name the
    /// generator writes itself.
    case fileNameConflict(eventType: String, reason: String)
    /// An output file could not be written.
    case cannotWrite(path: String, reason: String)
}

extension CodegenError: CustomStringConvertible {
    /// One line naming the file and pointer.
    public var description: String {
        switch self {
        case .folder(let error): error.description
        case .notABundle(let path, let reason): "\(path): not a bundle written by strata bundle: \(reason)"
        case .invalidSchema(let file, let pointer, let reason): "\(file): \(pointer.fragment): \(reason)"
        case .unresolvedReference(let file, let pointer, let reference):
            "\(file): \(pointer.fragment): $ref \"\(reference)\" names no schema in the folder"
        case .cyclicReference(let file, let pointer, let reference):
            "\(file): \(pointer.fragment): $ref \"\(reference)\" leads back to itself through references alone"
        case .tooDeep(let file, let pointer, let limit): "\(file): \(pointer.fragment): schemas nest deeper than \(limit) levels"
        case .fileNameConflict(let eventType, let reason): "\(eventType): \(reason)"
        case .cannotWrite(let path, let reason): "\(path): cannot write: \(reason)"
        }
    }
}

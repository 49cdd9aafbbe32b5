import EventSchema

/// Everything that can go wrong loading schemas and upcasters or upcasting an event.
///
/// Each case names the file, event type, version and JSON pointer involved, where there is one.
public enum UpcastingError: Error, Sendable, Equatable {
    /// A schema or document could not be read, parsed or compiled.
    case schema(SchemaError)
    /// A `Schemas/` folder does not follow `<EventType>/<version>.json`.
    case invalidFolderLayout(path: String, reason: String)
    /// An upcaster file is malformed: unknown step, bad pointer, unknown converter.
    case invalidUpcaster(file: String, pointer: JSONPointer, reason: String)
    /// The upcasters of an event type do not form one chain to the current version.
    case invalidChain(eventType: String, reason: String)
    /// A step names a Swift upcaster that the program did not register.
    case missingSwiftUpcaster(name: String, eventType: String, fromVersion: Int)
    /// A step could not be applied to a payload.
    case stepFailed(eventType: String, fromVersion: Int, step: Int, pointer: String, reason: String)
    /// A payload is at a version the catalog does not know.
    case unknownVersion(eventType: String, version: Int)
    /// An envelope lacks what names the event's type or version, or is malformed.
    case invalidEnvelope(reason: String)
    /// The event type has no Swift type in the type map.
    case unknownEventType(String)
    /// An upcaster's output does not validate against its target version's schema.
    case stepOutputInvalid(eventType: String, fromVersion: Int, toVersion: Int, file: String?, error: ValidationError)
    /// A bundle's files do not match its manifest.
    case bundleMismatch(file: String, reason: String)
    /// An upcaster on the way splits the event or renames its type, so it cannot be upcast in
    /// place as one payload; ``UpcasterChain/upcast(_:)`` gives the list of events.
    case needsEventList(eventType: String, version: Int, reason: String)
    /// The payload does not fit the current Swift type.
    case decodingFailed(eventType: String, version: Int, failure: DecodingFailure)
    /// A stored payload's bytes are not JSON.
    case invalidPayload(eventType: String, version: Int, error: JSONSyntaxError)
}

extension UpcastingError: CustomStringConvertible {
    /// One line naming the event type, version, step, file and pointer involved.
    public var description: String {
        switch self {
        case .schema(let error): error.description
        case .invalidFolderLayout(let path, let reason): "\(path): \(reason)"
        case .invalidUpcaster(let file, let pointer, let reason): "\(file): \(pointer.fragment): \(reason)"
        case .invalidChain(let eventType, let reason): "\(eventType): \(reason)"
        case .missingSwiftUpcaster(let name, let eventType, let from):
            "\(eventType) v\(from): the step names the Swift upcaster \"\(name)\", which the program did not register"
        case .stepFailed(let eventType, let from, let step, let pointer, let reason):
            "\(eventType) v\(from) step \(step + 1) at \(pointer): \(reason)"
        case .unknownVersion(let eventType, let version): "\(eventType) v\(version): no such version in the catalog"
        case .invalidEnvelope(let reason): "invalid envelope: \(reason)"
        case .bundleMismatch(let file, let reason): "\(file): \(reason)"
        case .stepOutputInvalid(let eventType, let from, let to, let file, let error):
            "after \(eventType) v\(from)→v\(to)\(file.map { " (\($0))" } ?? ""): \(error.instanceLocation.fragment): \(error.message)"
        case .unknownEventType(let eventType): "\(eventType): no Swift type is registered for this event type"
        case .needsEventList(let eventType, let version, let reason):
            "\(eventType) v\(version): \(reason), so it is read as a list of events, not upcast in place"
        case .decodingFailed(let eventType, let version, let failure): "\(eventType) (stored as v\(version)): \(failure)"
        case .invalidPayload(let eventType, let version, let error): "\(eventType) v\(version): the payload is not JSON: \(error)"
        }
    }
}

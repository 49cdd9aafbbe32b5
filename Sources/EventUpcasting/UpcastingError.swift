import EventSchema

/// Everything that can go wrong loading schemas and upcasters or upcasting an event.
///
/// Each case names the file, event type, version and JSON pointer involved, where there is one.
public enum UpcastingError: Error, Sendable, Equatable {
    /// A schema or document could not be read, parsed or compiled.
    case schema(SchemaError)
    /// A `Schemas/` folder does not follow `<EventType>/<version>.json`.
    case invalidFolderLayout(path: String, reason: String)
}

extension UpcastingError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .schema(let error): error.description
        case .invalidFolderLayout(let path, let reason): "\(path): \(reason)"
        }
    }
}

import EventSchema
import EventUpcasting

/// Everything that can go wrong with the registry: its file, its content, or a registration.
///
/// Each case names the registry file, the event type and version, and a JSON pointer where
/// there is one. A failed operation leaves the registry unchanged.
public enum RegistryError: Error, Sendable, Equatable {
    /// The registry file cannot be opened or created (missing folder, permissions).
    case cannotOpen(path: String, reason: String)
    /// The file exists but is not a SQLite database, or is damaged.
    case notARegistry(path: String, reason: String)
    /// The registry file is read-only, so nothing can be registered.
    case readOnly(path: String)
    /// Another process held the registry longer than the busy timeout.
    case locked(path: String, seconds: Double)
    /// The registry was written by a newer Strata whose tables this one does not know.
    case newerFormat(path: String, found: Int, supported: Int)
    /// A file or folder that Strata writes, such as a bundle, cannot be written.
    case cannotWrite(path: String, reason: String)
    /// Any other SQLite failure.
    case database(path: String, reason: String)
    /// An event type name with spaces or path characters, or empty.
    case invalidEventType(String)
    /// The event type is not registered.
    case unknownEventType(String)
    /// The version of the event type is not registered.
    case unknownVersion(eventType: String, version: Int)
    /// A schema or document problem, with its file and pointer.
    case schema(SchemaError)
    /// A folder of schemas does not follow the layout.
    case folder(UpcastingError)
    /// The schema `$ref`s a registered type's version that does not exist.
    case unregisteredReference(eventType: String, reference: String, pointer: JSONPointer?)
    /// A reference by name (Confluent's `references`) names a version that is not registered, or
    /// is soft-deleted.
    case unknownReference(eventType: String, reference: SchemaReference)
    /// A version cannot be deleted while other schemas reference it.
    case referenced(eventType: String, version: Int, by: [String])
    /// The event type's mode (or the registry's) does not allow the operation: a registration or
    /// delete in READONLY, a registration without an id in IMPORT, one with an id outside IMPORT.
    case modeForbids(eventType: String, mode: RegistryMode, operation: String)
    /// An imported schema id already names another schema.
    case schemaIDTaken(id: Int, eventType: String)
    /// A registry is copied only into an empty one.
    case notEmpty(path: String)
    /// A version can be removed for good only after it was soft-deleted.
    case notDeletedFirst(eventType: String, version: Int)
    /// The new version breaks readers under the event type's compatibility mode.
    case incompatible(CompatibilityReport)
    /// A `Schemas/` folder holds versions that disagree with what is registered.
    case conflictsWithRegistry(eventType: String, version: Int, reason: String)
    /// A lint configuration file (`.strata/lint.yaml`) names an unknown rule or option, or has a
    /// value of the wrong kind, at `pointer`.
    case invalidLintConfiguration(file: String, pointer: JSONPointer, reason: String)
}

extension RegistryError: CustomStringConvertible {
    /// One or two lines naming the registry file, event type and version involved.
    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "\(path): cannot open the registry: \(reason)"
        case .notARegistry(let path, let reason): "\(path): not a Strata registry (\(reason))"
        case .readOnly(let path): "\(path): the registry file is read-only"
        case .locked(let path, let seconds): "\(path): the registry stayed locked by another process for \(Int(seconds)) s; try again"
        case .newerFormat(let path, let found, let supported):
            "\(path): written by a newer Strata (format \(found); this one reads up to \(supported))"
        case .database(let path, let reason): "\(path): \(reason)"
        case .cannotWrite(let path, let reason): "\(path): cannot write: \(reason)"
        case .invalidEventType(let name):
            "\"\(name)\" is not a valid event type name (\(EventTypeName.grammar))"
        case .unknownEventType(let name): "\(name): no such event type in the registry"
        case .unknownVersion(let type, let version): "\(type) v\(version): no such version in the registry"
        case .schema(let error): error.description
        case .folder(let error): error.description
        case .unregisteredReference(let type, let reference, let pointer):
            "\(type): \(pointer.map { $0.fragment + ": " } ?? "")$ref \(reference) names a schema that is not registered"
        case .unknownReference(let type, let reference):
            "\(type): reference \"\(reference.name)\": \(reference.unknownTargetMessage)"
        case .referenced(let type, let version, let by):
            "\(type) v\(version) is referenced by \(by.joined(separator: ", ")) and cannot be deleted"
        case .modeForbids(let type, let mode, let operation): "\(type) is in \(mode.rawValue) mode: \(operation) is not allowed"
        case .schemaIDTaken(let id, let type): "\(type): schema id \(id) already names another schema"
        case .notEmpty(let path): "\(path): the registry to copy into is not empty"
        case .notDeletedFirst(let type, let version):
            "\(type) v\(version) is live: soft-delete it before removing it for good"
        case .incompatible(let report): report.summary
        case .conflictsWithRegistry(let type, let version, let reason): "\(type) v\(version): \(reason)"
        case .invalidLintConfiguration(let file, let pointer, let reason): "\(file): \(pointer.fragment): \(reason)"
        }
    }
}

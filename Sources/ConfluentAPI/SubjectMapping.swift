import EventSchema
import EventUpcasting

/// Which event type each Confluent subject names.
///
/// By default a subject *is* the event type of the same name. That already covers the
/// record-name strategy, whose subject is the schema's `title`: give a schema the event type's name
/// as its `title` and `RecordNameStrategy` subjects are event types. Subjects of the topic-name
/// strategy (`<topic>-value`, `<topic>-key`) are mapped by a table:
///
/// ```yaml
/// # strata-server --subjects subjects.yaml
/// topics:                 # <topic>-value → event type
///   orders: OrderPlaced
///   shipments: OrderShipped
/// subjects:               # any subject by its full name: keys, topic-record names, legacy names
///   orders-key: OrderKey
/// ```
///
/// A mapped subject is another name for its event type on every route: its versions, ids,
/// configuration, mode and deletes are the type's, and a reference's `subject` is read through
/// the same table. A subject the table does not name stays the event type of the same name.
public struct SubjectMapping: Sendable, Equatable {
    /// The event type of each mapped subject.
    public private(set) var eventTypes: [String: String]

    /// Creates a mapping from subjects (`orders-value`) to event types (`OrderPlaced`); no
    /// mapping when empty.
    public init(_ eventTypes: [String: String] = [:]) {
        self.eventTypes = eventTypes
    }

    /// Reads a mapping file's document (YAML or JSON): `topics` maps topic names to event types
    /// (the subject `<topic>-value`), `subjects` maps whole subject names.
    ///
    /// - Throws: ``SubjectMappingError`` naming the member that is not a map of names to valid
    ///   event type names, or a subject mapped twice.
    public init(document: JSONValue, file: String) throws(SubjectMappingError) {
        guard case .object(let root) = document else { throw SubjectMappingError(file: file, pointer: "", reason: "expected a map with topics and subjects") }
        var table: [String: String] = [:]
        for (key, value) in root {
            guard key == "topics" || key == "subjects" else {
                throw SubjectMappingError(file: file, pointer: "/\(key)", reason: "unknown key (expected topics or subjects)")
            }
            guard case .object(let entries) = value else { throw SubjectMappingError(file: file, pointer: "/\(key)", reason: "expected a map of names to event types") }
            for (name, target) in entries {
                let pointer = "/\(key)/\(name)"
                guard case .string(let eventType) = target, SchemaFolder.isValidEventType(eventType) else {
                    throw SubjectMappingError(file: file, pointer: pointer, reason: "expected an event type name (\(EventTypeName.grammar))")
                }
                let subject = key == "topics" ? name + "-value" : name
                guard table[subject] == nil || table[subject] == eventType else {
                    throw SubjectMappingError(file: file, pointer: pointer, reason: "the subject \(subject) is mapped twice")
                }
                table[subject] = eventType
            }
        }
        self.init(table)
    }

    /// Reads a mapping file (`.yaml`, `.yml` or `.json`); see ``SubjectMapping/init(document:file:)``.
    public init(file: String) throws(SubjectMappingError) {
        let document: JSONValue
        do { document = try DocumentReader().read(file: file) } catch {
            throw SubjectMappingError(file: file, pointer: "", reason: error.description)
        }
        try self.init(document: document, file: file)
    }

    /// The event type `subject` names: the mapped one, else the subject itself.
    public func eventType(of subject: String) -> String {
        eventTypes[subject] ?? subject
    }

    /// The subjects that name `eventType`: the type itself, then the mapped subjects, sorted.
    public func subjects(of eventType: String) -> [String] {
        [eventType] + eventTypes.filter { $0.value == eventType && $0.key != eventType }.map(\.key).sorted()
    }
}

/// A subject mapping file that cannot be used, with the JSON pointer of the member at fault.
public struct SubjectMappingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file.
    public var file: String
    /// Where in the file, as a JSON pointer (empty for the whole file).
    public var pointer: String
    /// What is wrong.
    public var reason: String

    /// Creates an error.
    public init(file: String, pointer: String, reason: String) {
        self.file = file
        self.pointer = pointer
        self.reason = reason
    }

    /// `file: #/pointer: reason`.
    public var description: String { "\(file): #\(pointer): \(reason)" }
}

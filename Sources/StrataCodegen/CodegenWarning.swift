import EventSchema

/// A part of a schema that the generated Swift cannot express faithfully, and what was generated
/// instead.
///
/// The generated type is always sound — every payload valid under the schema decodes — but it is
/// wider than the schema (a `not` or an `if` is not checked) or keeps less of the payload (members
/// matched only by `patternProperties` are dropped). A schema whose alternatives no Swift type
/// states becomes `JSONValue`, which holds any value exactly.
///
/// ```swift
/// warning.description
/// // "Schemas/Order/2.json: warning: #/properties/note/not: `not` is not checked; generated String"
/// ```
public struct CodegenWarning: Sendable, Hashable, CustomStringConvertible {
    /// The schema file.
    public var file: String
    /// Where in the file, the keyword's own place.
    public var pointer: JSONPointer
    /// The keyword the generator could not express, such as `not`, `if` or `oneOf`.
    public var keyword: String
    /// What the generated code does instead.
    public var message: String

    /// Creates a warning.
    public init(file: String, pointer: JSONPointer, keyword: String, message: String) {
        self.file = file
        self.pointer = pointer
        self.keyword = keyword
        self.message = message
    }

    /// `file: warning: #/pointer: message`, as compilers print diagnostics.
    public var description: String { "\(file): warning: \(pointer.fragment): \(message)" }
}

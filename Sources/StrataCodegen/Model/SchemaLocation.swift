import EventSchema

/// A place in a schema file: the file's absolute path and a JSON pointer inside it.
struct SchemaLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    var file: String
    var pointer: JSONPointer

    /// The location one keyword (or index) deeper.
    func appending(_ tokens: String...) -> SchemaLocation {
        var pointer = self.pointer
        for token in tokens { pointer = pointer.appending(token) }
        return SchemaLocation(file: file, pointer: pointer)
    }

    static func < (a: Self, b: Self) -> Bool {
        (a.file, a.pointer.description) < (b.file, b.pointer.description)
    }

    var description: String { file + pointer.fragment }
}

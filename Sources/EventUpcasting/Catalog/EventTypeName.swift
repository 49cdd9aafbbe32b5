/// The one grammar of event type names, checked wherever a name comes in: folders, upcaster
/// files, envelopes and registration.
///
/// A name is 1 to ``maximumLength`` ASCII characters: a letter, then letters, digits, `_`, `.` or
/// `-`. The limit keeps every name usable as a folder name (`Schemas/<EventType>/`) and in a
/// bundle on every file system.
///
/// ```swift
/// EventTypeName.isValid("OrderPlaced")    // true
/// EventTypeName.isValid("order placed")   // false
/// ```
public enum EventTypeName {
    /// The longest name accepted, in characters.
    public static let maximumLength = 128

    /// The grammar in words, for error messages.
    public static let grammar = "a letter, then letters, digits, _ . -; at most \(maximumLength) characters"

    /// Whether `name` follows the grammar.
    public static func isValid(_ name: String) -> Bool {
        let scalars = name.unicodeScalars
        guard let first = scalars.first, isLetter(first), scalars.count <= maximumLength else { return false }
        return scalars.allSatisfy { isLetter($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "." || $0 == "-" }
    }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }
}

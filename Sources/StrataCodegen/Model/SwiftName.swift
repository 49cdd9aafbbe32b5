/// Turns JSON names — member names, enum values, event types — into Swift identifiers.
///
/// Words are split at every character that cannot be in an identifier (`-`, `_`, spaces, `.`)
/// and joined in camel case; the case inside a word is kept, but a leading run of capitals is
/// lowered as a whole (`URLPath` → `urlPath`, `DHL` → `dhl`). A name starting with a digit gets a
/// leading `_` (`3ds` → `_3ds`), a name with no letters or digits becomes `unnamed`, and a Swift
/// keyword is escaped with backticks (`` `default` ``) or, where backticks do not help, given a
/// trailing `_` (`self_`).
///
/// ```swift
/// SwiftName.property("order-id")        // "orderId"
/// SwiftName.property("default")         // "`default`"
/// SwiftName.type("order.placed")        // "OrderPlaced"
/// SwiftName.singular("lines")           // "line"
/// ```
public enum SwiftName {
    /// A property or enum case name: lower camel case, escaped.
    public static func property(_ jsonName: String) -> String {
        escaped(lowerCamel(jsonName))
    }

    /// A type name: upper camel case, never a keyword.
    public static func type(_ jsonName: String) -> String {
        var name = lowerCamel(jsonName)
        if name.hasPrefix("_") { return name }
        name = name.prefix(1).uppercased() + name.dropFirst()
        return typeKeywords.contains(name) || keywords.contains(name) ? name + "_" : name
    }

    /// The identifier without its backticks, for comparing with the JSON name.
    public static func bare(_ identifier: String) -> String {
        identifier.hasPrefix("`") && identifier.hasSuffix("`") ? String(identifier.dropFirst().dropLast()) : identifier
    }

    /// The identifier as an argument label: without backticks, which a label needs only for
    /// `inout`, `var` and `let`.
    static func argumentLabel(_ identifier: String) -> String {
        let name = bare(identifier)
        return ["inout", "var", "let"].contains(name) ? identifier : name
    }

    /// A naive singular of an English plural, for the element type of an array: `lines` → `line`,
    /// `entries` → `entry`; other words are kept.
    public static func singular(_ word: String) -> String {
        if word.hasSuffix("ies") && word.count > 3 { return word.dropLast(3) + "y" }
        if word.hasSuffix("ses") || word.hasSuffix("xes") || word.hasSuffix("ches") || word.hasSuffix("shes") {
            return String(word.dropLast(2))
        }
        if word.hasSuffix("s") && !word.hasSuffix("ss") && word.count > 1 { return String(word.dropLast()) }
        return word
    }

    /// `jsonName` in lower camel case, not escaped.
    static func lowerCamel(_ jsonName: String) -> String {
        let words = splitWords(jsonName)
        guard let first = words.first else { return "unnamed" }
        var name = lowerLeadingCapitals(first)
        for word in words.dropFirst() { name += word.prefix(1).uppercased() + word.dropFirst() }
        if let head = name.unicodeScalars.first, ("0"..."9").contains(head) { name = "_" + name }
        return name
    }

    /// The words of `text`: runs of letters and digits.
    private static func splitWords(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in text {
            if character.isLetter || character.isNumber, character.unicodeScalars.allSatisfy(isIdentifierScalar) {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// Whether a letter or digit may stand in a Swift identifier: ASCII, or a letter beyond it
    /// (combining marks and other symbols split words).
    private static func isIdentifierScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) : scalar.properties.isAlphabetic
    }

    /// `word` with its leading capitals lowered: `DHL` → `dhl`, `URLPath` → `urlPath`, `Order` → `order`.
    private static func lowerLeadingCapitals(_ word: String) -> String {
        let characters = Array(word)
        var count = 0
        while count < characters.count, characters[count].isUppercase { count += 1 }
        if count > 1, count < characters.count, characters[count].isLowercase { count -= 1 }
        return String(characters[..<count]).lowercased() + String(characters[count...])
    }

    /// `name` escaped when it is a keyword.
    static func escaped(_ name: String) -> String {
        if unescapable.contains(name) { return name + "_" }
        return keywords.contains(name) ? "`\(name)`" : name
    }

    /// Swift's keywords and the words that are keywords in some positions.
    static let keywords: Set<String> = [
        "associatedtype", "borrowing", "class", "consuming", "deinit", "enum", "extension", "fileprivate", "func", "import",
        "init", "inout", "internal", "let", "nonisolated", "open", "operator", "private", "precedencegroup", "protocol",
        "public", "rethrows", "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue",
        "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw", "switch",
        "where", "while", "Any", "as", "await", "false", "is", "nil", "super", "throws", "true", "try", "async", "some",
        "any", "each", "copy", "discard", "macro", "package", "actor", "consume",
    ]

    /// Names that backticks do not make usable as members: they clash with what every type has.
    static let unescapable: Set<String> = ["self", "Self", "Type", "Protocol", "init", "hashValue", "rawValue", "eventType", "schemaVersion"]

    /// Names a type may not take because the generated code means another type by them.
    static let typeKeywords: Set<String> = ["Self", "Type", "Protocol", "Any"]
}

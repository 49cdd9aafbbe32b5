/// A JSON Pointer (RFC 6901): the path to a value inside a JSON document.
///
/// ```swift
/// let pointer = JSONPointer(tokens: ["lines", "0", "unitPrice"])
/// pointer.description            // "/lines/0/unitPrice"
/// JSONPointer("/a~1b/~0c")?.tokens  // ["a/b", "~c"]
/// ```
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible {
    /// The unescaped reference tokens, outermost first.
    public var tokens: [String]

    /// The pointer to the whole document.
    public static let root = JSONPointer(tokens: [])

    /// Creates a pointer from unescaped tokens.
    public init(tokens: [String]) { self.tokens = tokens }

    /// Parses pointer text such as `/properties/total`; `nil` when it does not start with `/`
    /// (the empty string is the root) or has a `~` not followed by `0` or `1`.
    public init?(_ text: String) {
        if text.isEmpty { tokens = []; return }
        guard text.hasPrefix("/") else { return nil }
        var tokens: [String] = []
        for raw in text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            guard let token = JSONPointer.unescape(raw) else { return nil }
            tokens.append(token)
        }
        self.tokens = tokens
    }

    private static func unescape(_ raw: Substring) -> String? {
        guard raw.contains("~") else { return String(raw) }
        var result = ""
        var iterator = raw.makeIterator()
        while let character = iterator.next() {
            guard character == "~" else { result.append(character); continue }
            switch iterator.next() {
            case "0": result.append("~")
            case "1": result.append("/")
            default: return nil
            }
        }
        return result
    }

    /// The pointer one level deeper.
    public func appending(_ token: String) -> JSONPointer {
        JSONPointer(tokens: tokens + [token])
    }

    /// The pointer to an array element one level deeper.
    public func appending(_ index: Int) -> JSONPointer {
        JSONPointer(tokens: tokens + [String(index)])
    }

    /// The pointer text: `""` for the root, otherwise `/`-separated escaped tokens.
    public var description: String {
        var text = ""
        for token in tokens {
            text += "/"
            text += token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
        }
        return text
    }

    /// The pointer as a URI fragment, `#` followed by the pointer text.
    public var fragment: String { "#" + description }
}

extension JSONValue {
    /// The value that `pointer` refers to, if any.
    ///
    /// - Complexity: O(*d*) lookups for a pointer of *d* tokens.
    public subscript(pointer pointer: JSONPointer) -> JSONValue? {
        var current = self
        for token in pointer.tokens {
            switch current {
            case .object(let object):
                guard let next = object[token] else { return nil }
                current = next
            case .array(let elements):
                guard let position = Int(token), token == String(position), elements.indices.contains(position) else { return nil }
                current = elements[position]
            default:
                return nil
            }
        }
        return current
    }
}

/// URI reference resolution (RFC 3986 §5), enough for `$id`, `$ref` and `$dynamicRef`.
///
/// Strata never fetches a URI: these are names. Resolution is purely textual.
public enum SchemaURI {
    /// The components of a URI reference.
    struct Components {
        var scheme: String?
        var authority: String?
        var path: String
        var query: String?
        var fragment: String?

        init(parsing text: String) {
            var rest = Substring(text)
            if let hash = rest.firstIndex(of: "#") {
                fragment = String(rest[rest.index(after: hash)...])
                rest = rest[..<hash]
            }
            if let question = rest.firstIndex(of: "?") {
                query = String(rest[rest.index(after: question)...])
                rest = rest[..<question]
            }
            if let colon = rest.firstIndex(of: ":"),
               let first = rest.first, first.isLetter,
               rest[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }) {
                scheme = String(rest[..<colon])
                rest = rest[rest.index(after: colon)...]
            }
            if rest.hasPrefix("//") {
                let afterSlashes = rest.dropFirst(2)
                let end = afterSlashes.firstIndex(of: "/") ?? afterSlashes.endIndex
                authority = String(afterSlashes[..<end])
                rest = afterSlashes[end...]
            }
            path = String(rest)
        }

        var text: String {
            var result = ""
            if let scheme { result += scheme + ":" }
            if let authority { result += "//" + authority }
            result += path
            if let query { result += "?" + query }
            if let fragment { result += "#" + fragment }
            return result
        }
    }

    /// Resolves `reference` against `base` (RFC 3986 §5.2.2).
    ///
    /// ```swift
    /// SchemaURI.resolve("../Money/1.json", against: "strata:///OrderPlaced/3.json")  // "strata:///Money/1.json"
    /// ```
    public static func resolve(_ reference: String, against base: String) -> String {
        let ref = Components(parsing: reference)
        if ref.scheme != nil {
            var target = ref
            target.path = removeDotSegments(ref.path)
            return target.text
        }
        let baseParts = Components(parsing: base)
        var target = Components(parsing: "")
        target.scheme = baseParts.scheme
        if ref.authority != nil {
            target.authority = ref.authority
            target.path = removeDotSegments(ref.path)
            target.query = ref.query
        } else {
            target.authority = baseParts.authority
            if ref.path.isEmpty {
                target.path = baseParts.path
                target.query = ref.query ?? baseParts.query
            } else {
                if ref.path.hasPrefix("/") {
                    target.path = removeDotSegments(ref.path)
                } else {
                    target.path = removeDotSegments(merge(base: baseParts, path: ref.path))
                }
                target.query = ref.query
            }
        }
        target.fragment = ref.fragment
        return target.text
    }

    private static func merge(base: Components, path: String) -> String {
        if base.authority != nil && base.path.isEmpty { return "/" + path }
        guard let slash = base.path.lastIndex(of: "/") else { return path }
        return String(base.path[...slash]) + path
    }

    private static func removeDotSegments(_ path: String) -> String {
        guard path.contains(".") else { return path }
        var input = Substring(path)
        var output: [Substring] = []
        var absolute = false
        if input.hasPrefix("/") { absolute = true }
        let segments = input.split(separator: "/", omittingEmptySubsequences: false)
        input = ""
        for (position, segment) in segments.enumerated() {
            if position == 0 && absolute { continue }
            switch segment {
            case ".":
                if position == segments.count - 1 { output.append("") }
            case "..":
                if !output.isEmpty { output.removeLast() }
                if position == segments.count - 1 { output.append("") }
            default:
                output.append(segment)
            }
        }
        return (absolute ? "/" : "") + output.joined(separator: "/")
    }

    /// Splits a URI into the part before `#` and the fragment (empty when absent).
    static func splitFragment(_ uri: String) -> (base: String, fragment: String) {
        guard let hash = uri.firstIndex(of: "#") else { return (uri, "") }
        return (String(uri[..<hash]), String(uri[uri.index(after: hash)...]))
    }

    /// Decodes `%XX` escapes in a URI fragment.
    static func percentDecode(_ text: String) -> String {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
               let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

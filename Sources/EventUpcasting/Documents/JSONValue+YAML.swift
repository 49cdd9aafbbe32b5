import EventSchema
import Yams

extension JSONValue {
    /// Reads a YAML document into the same exact JSON value a JSON file would give.
    ///
    /// Scalars are typed by the YAML 1.2 core schema: `true`/`false`, `null`/`~`/empty, integers
    /// (decimal, `0o` octal, `0x` hex) and decimal floats become JSON values; everything else,
    /// `yes`, `no`, `NO` and `2024-05-01` included, stays a string. Numbers keep their digits
    /// exactly. Anchors and aliases resolve. A tag with no JSON meaning (`!!binary`,
    /// `!!timestamp`, `!!set`, a custom `!tag`), `.inf`/`.nan`, a non-scalar key and a key that
    /// appears twice are errors.
    ///
    /// ```swift
    /// let schema = try JSONValue(yaml: "type: object\nrequired: [orderId]\n")
    /// ```
    ///
    /// - Parameters:
    ///   - yaml: the YAML text; exactly one document.
    ///   - file: the file the text came from, named in errors (`nil` for text that has none).
    ///   - maximumNodes: how many values aliases may expand to, guarding against alias bombs.
    /// - Throws: `SchemaError.malformedDocument(file:_:)` with line and column.
    public init(yaml: String, file: String? = nil, maximumNodes: Int = 10_000_000) throws(SchemaError) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml, YAMLCoreSchema.resolver)
        } catch let error as YamlError {
            throw .malformedDocument(file: file, YAMLConversion.syntaxError(error))
        } catch {
            throw .malformedDocument(file: file, JSONSyntaxError(reason: "\(error)", offset: 0, line: 1, column: 1))
        }
        guard let root else {
            throw .malformedDocument(file: file, JSONSyntaxError(reason: "the YAML document is empty", offset: 0, line: 1, column: 1))
        }
        var conversion = YAMLConversion(file: file, remainingNodes: maximumNodes)
        self = try conversion.convert(root, depth: 0)
    }
}

/// The YAML 1.2 core schema's scalar rules, which Yams does not default to.
enum YAMLCoreSchema {
    static let null = #"^(?:~|null|Null|NULL|)$"#
    static let bool = #"^(?:true|True|TRUE|false|False|FALSE)$"#
    static let int = #"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"#
    static let float = #"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$"#

    // The patterns are constants; failing to compile them is a build defect.
    static let resolver: Resolver = try! Resolver.basic
        .appending(.null, null)
        .appending(.bool, bool)
        .appending(.int, int)
        .appending(.float, float)
}

/// Converts a composed YAML tree to a `JSONValue`.
struct YAMLConversion {
    let file: String?
    var remainingNodes: Int

    static let maximumDepth = 512

    static func syntaxError(_ error: YamlError) -> JSONSyntaxError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return JSONSyntaxError(reason: problem, offset: 0, line: mark.line, column: mark.column)
        case .reader(let problem, let offset, _, _):
            return JSONSyntaxError(reason: problem, offset: offset ?? 0, line: 1, column: 1)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return JSONSyntaxError(reason: "duplicate keys \(duplicates.joined(separator: ", "))",
                                   offset: 0, line: context.mark.line, column: context.mark.column)
        default:
            return JSONSyntaxError(reason: "\(error)", offset: 0, line: 1, column: 1)
        }
    }

    func failure(_ reason: String, at mark: Mark?) -> SchemaError {
        .malformedDocument(file: file, JSONSyntaxError(reason: reason, offset: 0, line: mark?.line ?? 1, column: mark?.column ?? 1))
    }

    mutating func convert(_ node: Node, depth: Int) throws(SchemaError) -> JSONValue {
        remainingNodes -= 1
        guard remainingNodes >= 0 else { throw failure("YAML aliases expand to too many values", at: node.mark) }
        guard depth <= Self.maximumDepth else { throw failure("nesting deeper than \(Self.maximumDepth) levels", at: node.mark) }
        switch node {
        case .scalar(let scalar):
            return try convert(scalar, tag: node.tag)
        case .sequence(let sequence):
            guard Self.isPlain(node.tag, .seq) else {
                throw failure("tag \(node.tag) has no JSON meaning", at: sequence.mark)
            }
            var elements: [JSONValue] = []
            elements.reserveCapacity(sequence.count)
            for element in sequence { elements.append(try convert(element, depth: depth + 1)) }
            return .array(elements)
        case .mapping(let mapping):
            guard Self.isPlain(node.tag, .map) else {
                throw failure("tag \(node.tag) has no JSON meaning", at: mapping.mark)
            }
            var object = JSONObject()
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    throw failure("a mapping key must be a scalar to be a JSON object key", at: key.mark)
                }
                guard object[keyScalar.string] == nil else {
                    throw failure("duplicate key \"\(keyScalar.string)\"", at: key.mark)
                }
                object[keyScalar.string] = try convert(value, depth: depth + 1)
            }
            return .object(object)
        case .alias(let alias):
            throw failure("unresolved alias \(alias.anchor)", at: alias.mark)
        }
    }

    /// Whether `tag` is the collection's own tag or none at all.
    static func isPlain(_ tag: Tag, _ expected: Tag.Name) -> Bool {
        let name = Tag.Name(rawValue: tag.rawValue)
        return name == expected || name == .nonSpecific || name == .implicit
    }

    func convert(_ scalar: Node.Scalar, tag: Tag) throws(SchemaError) -> JSONValue {
        let text = scalar.string
        switch Tag.Name(rawValue: tag.rawValue) {
        case .str, .nonSpecific:
            return .string(text)
        case .null:
            return .null
        case .bool:
            switch text.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: throw failure("\"\(text)\" is not a boolean", at: scalar.mark)
            }
        case .int:
            guard let number = Self.integer(text) else { throw failure("\"\(text)\" is not an integer", at: scalar.mark) }
            return .number(number)
        case .float:
            guard let number = Self.decimal(text) else {
                throw failure("\"\(text)\" has no JSON meaning (JSON numbers are finite decimals)", at: scalar.mark)
            }
            return .number(number)
        default:
            throw failure("tag \(tag) has no JSON meaning", at: scalar.mark)
        }
    }

    /// A YAML core-schema integer as an exact JSON number.
    static func integer(_ text: String) -> JSONNumber? {
        if text.hasPrefix("0o") { return UInt64(text.dropFirst(2), radix: 8).map { JSONNumber($0) } }
        if text.hasPrefix("0x") { return UInt64(text.dropFirst(2), radix: 16).map { JSONNumber($0) } }
        var sign = ""
        var digits = Substring(text)
        if let first = digits.first, first == "+" || first == "-" {
            if first == "-" { sign = "-" }
            digits = digits.dropFirst()
        }
        let significant = digits.drop { $0 == "0" }
        return JSONNumber(exactly: sign + (significant.isEmpty ? "0" : String(significant)))
    }

    /// A YAML core-schema float as an exact JSON number, or `nil` for infinities and NaN.
    static func decimal(_ text: String) -> JSONNumber? {
        var rest = Substring(text)
        var sign = ""
        if let first = rest.first, first == "+" || first == "-" {
            if first == "-" { sign = "-" }
            rest = rest.dropFirst()
        }
        var exponent = ""
        if let e = rest.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = "e" + rest[rest.index(after: e)...]
            rest = rest[..<e]
        }
        var integerPart = rest, fraction: Substring = ""
        if let point = rest.firstIndex(of: ".") {
            integerPart = rest[..<point]
            fraction = rest[rest.index(after: point)...]
        }
        let significant = integerPart.drop { $0 == "0" }
        let integerText = significant.isEmpty ? "0" : String(significant)
        let fractionText = fraction.isEmpty ? "" : "." + fraction
        return JSONNumber(exactly: sign + integerText + fractionText + exponent)
    }
}

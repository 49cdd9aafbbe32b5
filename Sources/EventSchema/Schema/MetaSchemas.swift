/// The built-in meta-schemas: parsed once, compiled once, and used to check every schema.
enum MetaSchemas {
    /// A parsed built-in document.
    struct BuiltIn: Sendable {
        var value: JSONValue
        var dialect: SchemaDialect
    }

    /// Every built-in document by URI (without fragment).
    static let parsed: [String: BuiltIn] = {
        var result: [String: BuiltIn] = [:]
        for (uri, text) in documents {
            // The embedded texts are fixed at build time; failing to parse them is a build defect.
            let value = try! JSONValue(parsing: text)
            let dialect: SchemaDialect = uri.hasPrefix("http://json-schema.org/draft-07") ? .draft7 : .draft2020_12
            result[uri] = BuiltIn(value: value, dialect: dialect)
        }
        return result
    }()

    /// The built-in document at `uri`, if there is one.
    static func document(at uri: String) -> BuiltIn? {
        var key = uri
        if key.hasSuffix("#") { key.removeLast() }
        if key.hasPrefix("https://json-schema.org/draft-07") { key = "http" + key.dropFirst(5) }
        return parsed[key]
    }

    /// The compiled meta-schema of draft 2020-12.
    static let draft2020_12: JSONSchema = compiled(.draft2020_12)

    /// The compiled meta-schema of draft-07.
    static let draft7: JSONSchema = compiled(.draft7)

    static func metaSchema(for dialect: SchemaDialect) -> JSONSchema {
        switch dialect {
        case .draft2020_12: draft2020_12
        case .draft7: draft7
        }
    }

    private static func compiled(_ dialect: SchemaDialect) -> JSONSchema {
        guard let builtIn = document(at: dialect.rawValue) else {
            preconditionFailure("missing built-in meta-schema \(dialect.rawValue)")
        }
        var options = JSONSchema.Options()
        options.checksMetaSchema = false
        // The embedded meta-schemas are valid by construction; a failure here is a build defect.
        return try! JSONSchema(builtIn.value, baseURI: dialect.rawValue, options: options)
    }
}

/// One way in which an instance fails a schema, in the JSON Schema "basic" output shape.
public struct ValidationError: Sendable, Hashable, CustomStringConvertible {
    /// Where in the instance the failing value is.
    public var instanceLocation: JSONPointer
    /// The path of keywords followed from the schema root to the failing keyword, through `$ref`s.
    public var keywordLocation: JSONPointer
    /// The failing keyword's own place: the URI of its schema document and a pointer into it.
    public var absoluteKeywordLocation: String
    /// What is wrong, in words.
    public var message: String

    /// Creates a validation error.
    public init(instanceLocation: JSONPointer, keywordLocation: JSONPointer, absoluteKeywordLocation: String, message: String) {
        self.instanceLocation = instanceLocation
        self.keywordLocation = keywordLocation
        self.absoluteKeywordLocation = absoluteKeywordLocation
        self.message = message
    }

    /// `instance pointer: message (schema location)`, the pointer as a URI fragment.
    public var description: String {
        "\(instanceLocation.fragment): \(message) (\(absoluteKeywordLocation))"
    }

    /// This error as a "basic" output unit.
    public var outputUnit: JSONValue {
        [
            "instanceLocation": .string(instanceLocation.description),
            "keywordLocation": .string(keywordLocation.description),
            "absoluteKeywordLocation": .string(absoluteKeywordLocation),
            "error": .string(message),
        ]
    }
}

/// The outcome of validating an instance: valid, or every error found.
public struct ValidationResult: Sendable, Hashable {
    /// Every error found, in schema order; empty when the instance is valid.
    public var errors: [ValidationError]

    /// Creates a result from its errors.
    public init(errors: [ValidationError]) {
        self.errors = errors
    }

    /// Whether the instance is valid.
    public var isValid: Bool { errors.isEmpty }

    /// The result in JSON Schema's "basic" output format: `{"valid": …, "errors": […]}`.
    public var basicOutput: JSONValue {
        var object: JSONObject = ["valid": .bool(isValid)]
        if !isValid { object["errors"] = .array(errors.map(\.outputUnit)) }
        return .object(object)
    }
}

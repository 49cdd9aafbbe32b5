/// A compiled JSON Schema, ready to validate any number of instances.
///
/// Compiling checks the schema against its meta-schema (draft 2020-12 unless `$schema` says
/// draft-07), resolves every `$ref`, compiles every `pattern`, and rejects references that loop
/// without consuming input. Validation then walks only the compiled form: the schema document is
/// never re-read per instance. A `JSONSchema` is a value; share it freely across threads.
///
/// ```swift
/// let schema = try JSONSchema(try JSONValue(parsing: #"{"type": "object", "required": ["orderId"]}"#))
/// let result = schema.validate(try JSONValue(parsing: "{}"))
/// result.errors.first?.description  // "#: required property \"orderId\" is missing (…#/required)"
/// ```
public struct JSONSchema: Sendable {
    /// How a schema is compiled and applied.
    public struct Options: Sendable, Equatable {
        /// Whether `format` is asserted (an unknown format is still only an annotation).
        /// Off by default, as JSON Schema 2020-12 specifies.
        public var assertsFormat: Bool
        /// Whether the schema is first validated against its meta-schema. On by default.
        public var checksMetaSchema: Bool

        /// Creates options.
        public init(assertsFormat: Bool = false, checksMetaSchema: Bool = true) {
            self.assertsFormat = assertsFormat
            self.checksMetaSchema = checksMetaSchema
        }
    }

    /// The schema document, unknown keywords included, as given.
    public let document: JSONValue
    /// The URI the schema's relative references resolve against.
    public let baseURI: String
    /// The dialect the schema is written in.
    public let dialect: SchemaDialect
    let program: SchemaProgram

    /// The base URI used when a schema has no `$id` and none is given.
    public static let defaultBaseURI = "strata:///schema.json"

    /// The deepest subschemas may nest, and the longest chain of subschemas that `$ref`,
    /// `$dynamicRef`, `allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else` and `dependentSchemas`
    /// may apply to one value: 512, the JSON parser's default depth limit.
    ///
    /// A deeper schema is refused with ``SchemaError/schemaTooDeep(file:pointer:limit:)``, and the
    /// compatibility diff refuses reference chains and nesting beyond it the same way. Evaluation
    /// reports an instance that takes it deeper than twice this limit (a recursive schema on a
    /// deep instance) as a validation error rather than risking the stack.
    public static let maximumDepth = 512

    /// Compiles `document`.
    ///
    /// - Parameters:
    ///   - document: the schema, an object or a boolean.
    ///   - baseURI: what relative references resolve against when the schema has no `$id`.
    ///   - file: the file the schema came from, named in errors.
    ///   - options: format assertion and meta-schema checking.
    ///   - resolver: supplies other documents the schema references; none by default.
    /// - Throws: ``SchemaError`` naming the file and a pointer into the schema.
    /// - Complexity: O(*n*) in the size of the schema and the documents it references.
    public init(
        _ document: JSONValue,
        baseURI: String = JSONSchema.defaultBaseURI,
        file: String? = nil,
        options: Options = Options(),
        resolver: (any SchemaResolver)? = nil
    ) throws(SchemaError) {
        var dialect = SchemaDialect.draft2020_12
        if case .string(let metaSchema)? = document["$schema"] {
            guard let declared = SchemaDialect(metaSchemaURI: metaSchema) else {
                throw .unsupportedDialect(file: file, uri: metaSchema)
            }
            dialect = declared
        }
        switch document {
        case .object, .bool: break
        default:
            throw .invalidKeyword(file: file, pointer: .root, reason: "a schema must be an object or a boolean, not \(document.kind)")
        }
        if options.checksMetaSchema {
            let violations = MetaSchemas.metaSchema(for: dialect).validate(document).errors
            if !violations.isEmpty { throw .metaSchemaViolation(file: file, violations: violations) }
        }
        var compiler = SchemaCompiler(file: file, resolver: resolver, assertsFormat: options.assertsFormat)
        program = try compiler.compile(document, uri: SchemaURI.splitFragment(baseURI).base, dialect: dialect)
        self.document = document
        self.baseURI = baseURI
        self.dialect = dialect
    }

    /// Validates `instance` and returns every error, each with its instance and keyword location.
    ///
    /// A valid instance is checked on a fast path that builds no locations; only an invalid one
    /// is evaluated a second time to describe every failure.
    ///
    /// - Complexity: O(*n*) in the size of the instance for schemas without `uniqueItems`.
    public func validate(_ instance: JSONValue) -> ValidationResult {
        if isValid(instance) { return ValidationResult(errors: []) }
        // Each pass has the document's regular-expression budget, so the description finds what
        // the fast pass found; a document costs at most twice the budget.
        var regexBudget = ECMARegex.stepBudget
        var errors = SchemaEvaluation.with(program, detailed: true, regexBudget: &regexBudget) { evaluation in
            var annotations = Annotations()
            _ = evaluation.validate(program.root, instance, collecting: false, into: &annotations)
            return evaluation.errors
        }
        if errors.isEmpty {
            // Defensive: a fast-path failure always has a described cause.
            errors.append(ValidationError(instanceLocation: .root, keywordLocation: .root,
                                          absoluteKeywordLocation: baseURI + "#", message: "value is invalid"))
        }
        return ValidationResult(errors: errors)
    }

    /// Whether `instance` is valid, stopping at the first failure.
    ///
    /// Regular-expression searches share one budget of backtracking steps (`ECMARegex.stepBudget`)
    /// for the whole document; a search that runs out makes the document invalid.
    public func isValid(_ instance: JSONValue) -> Bool {
        var regexBudget = ECMARegex.stepBudget
        return SchemaEvaluation.with(program, detailed: false, regexBudget: &regexBudget) { evaluation in
            var annotations = Annotations()
            return evaluation.validate(program.root, instance, collecting: false, into: &annotations)
        }
    }

    /// The detailed pass alone, as if the fast pass had not run: its verdict and the errors it
    /// described. The fast pass (plain keywords) and this pass (compiled keywords) implement the
    /// same rules twice, so tests and the schema fuzz target hold them to the same verdicts.
    package func detailedVerdict(_ instance: JSONValue) -> (isValid: Bool, errors: [ValidationError]) {
        var regexBudget = ECMARegex.stepBudget
        return SchemaEvaluation.with(program, detailed: true, regexBudget: &regexBudget) { evaluation in
            var annotations = Annotations()
            let valid = evaluation.validate(program.root, instance, collecting: false, into: &annotations)
            return (valid, evaluation.errors)
        }
    }
}

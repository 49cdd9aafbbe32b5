import EventSchema
import EventUpcasting

/// Maps schemas to Swift types, declaring a struct or enum where a schema names one.
///
/// One mapper serves one generation: event types are declared first (so that a `$ref` to an event
/// type's current schema means that event's struct), then each is mapped from its root; a `$ref`
/// target is mapped once and shared by every use. Keyword families live in the `TypeMapper+…`
/// files; what cannot be expressed becomes a ``CodegenWarning``.
struct TypeMapper {
    /// How deep schemas may nest before generation stops with ``CodegenError/tooDeep(file:pointer:limit:)``.
    static let depthLimit = 128

    var documents: SchemaDocuments
    var table = DeclarationTable()
    var warnings: [CodegenWarning] = []
    /// The schema files of the folder, by absolute path: the type and version of a referenced file.
    let schemaFiles: [String: SchemaFolder.SchemaFile]
    /// The declaration of each event type's current schema, by its root location.
    private(set) var eventRoots: [SchemaLocation: DeclarationID] = [:]
    /// The types of `$ref` targets mapped so far.
    private var referenced: [SchemaLocation: SwiftTypeReference] = [:]
    /// The `$ref` targets being mapped now, to find references that lead back to themselves.
    private var resolving: Set<SchemaLocation> = []
    /// The declarations made beforehand that a schema's own declaration filled.
    private var filledSlots: Set<DeclarationID> = []

    init(documents: SchemaDocuments, schemaFiles: [SchemaFolder.SchemaFile]) {
        self.documents = documents
        var files: [String: SchemaFolder.SchemaFile] = [:]
        for file in schemaFiles { files[SchemaDocuments.absolute(file.path)] = file }
        self.schemaFiles = files
    }

    /// Declares the struct of `file`, an event type's current schema, before any schema is mapped.
    mutating func declareEvent(_ file: SchemaFolder.SchemaFile) {
        let location = SchemaLocation(file: SchemaDocuments.absolute(file.path), pointer: .root)
        var declaration = Declaration(kind: .structure([]), nameHint: SwiftName.type(file.eventType), location: location)
        declaration.event = (file.eventType, file.version)
        eventRoots[location] = table.add(declaration)
    }

    /// Maps every declared event type's schema into its declaration; a schema that is not an
    /// object, a string enum or a union is wrapped in a struct of one member.
    mutating func mapEvents() throws(CodegenError) {
        for (location, id) in eventRoots.sorted(by: { $0.key < $1.key }) {
            let type = try map(location, hint: table[id].nameHint, parent: nil, into: id, depth: 0)
            guard type != .declared(id) else { continue }
            guard !filledSlots.contains(id) else {
                throw .invalidSchema(file: location.file, pointer: .root, reason: "an event's payload cannot be null")
            }
            table[id].kind = .wrapper(type)
            table[id].documentation = try documentation(at: location)
        }
    }

    /// The Swift type of the schema at `location`.
    ///
    /// - Parameters:
    ///   - hint: the name a declared type should take.
    ///   - parent: the declaration a declared type is nested in.
    ///   - slot: a declaration made beforehand that the schema's own struct or enum fills.
    mutating func map(_ location: SchemaLocation, hint: String, parent: DeclarationID?, into slot: DeclarationID? = nil,
                      depth: Int) throws(CodegenError) -> SwiftTypeReference {
        guard depth <= Self.depthLimit else { throw .tooDeep(file: location.file, pointer: location.pointer, limit: Self.depthLimit) }
        let object: JSONObject
        switch try documents.schema(at: location) {
        case .bool(true): return .json
        case .bool(false):
            warn(location, "false", "the schema accepts no value; generated JSONValue")
            return .json
        case .object(let value): object = value
        case let other:
            throw .invalidSchema(file: location.file, pointer: location.pointer, reason: "a schema is an object or a boolean, not \(other.kind)")
        }
        warnUncheckedKeywords(object, at: location)
        if object["$dynamicRef"] != nil {
            warn(location.appending("$dynamicRef"), "$dynamicRef", "`$dynamicRef` is not followed; generated JSONValue")
            return .json
        }
        if let reference = object["$ref"] { return try mapReference(reference, beside: object, at: location, depth: depth) }
        for keyword in ["oneOf", "anyOf"] where object[keyword] != nil {
            return try mapAlternatives(keyword, of: object, at: location, hint: hint, parent: parent, into: slot, depth: depth)
        }
        if let single = try singleAllOf(object, at: location) {
            return try map(single, hint: hint, parent: parent, into: slot, depth: depth + 1)
        }
        if let constant = object["const"] { return Self.type(ofConstant: constant) }
        if let values = object["enum"] { return try mapEnum(values, of: object, at: location, hint: hint, parent: parent, into: slot) }
        return try mapTyped(object, at: location, hint: hint, parent: parent, into: slot, depth: depth)
    }

    /// The schema's `description`, the documentation of what it declares.
    mutating func documentation(at location: SchemaLocation) throws(CodegenError) -> String? {
        try documents.schema(at: location)["description"]?.string
    }

    /// Adds `declaration`, or fills `slot` with it, and remembers it as the type of a `$ref`
    /// target being mapped (so that the target may refer to itself through its members).
    mutating func declare(_ declaration: Declaration, into slot: DeclarationID?) -> DeclarationID {
        let id: DeclarationID
        if let slot {
            var filled = declaration
            filled.event = table[slot].event
            filled.nameHint = table[slot].nameHint
            filled.parent = nil
            table[slot] = filled
            filledSlots.insert(slot)
            id = slot
        } else {
            id = table.add(declaration)
        }
        if resolving.contains(declaration.location) { referenced[declaration.location] = .declared(id) }
        return id
    }

    /// Records a warning.
    mutating func warn(_ location: SchemaLocation, _ keyword: String, _ message: String) {
        warnings.append(CodegenWarning(file: location.file, pointer: location.pointer, keyword: keyword, message: message))
    }

    // MARK: References

    private mutating func mapReference(_ value: JSONValue, beside object: JSONObject, at location: SchemaLocation,
                                       depth: Int) throws(CodegenError) -> SwiftTypeReference {
        let referenceLocation = location.appending("$ref")
        guard case .string(let reference) = value else {
            throw .invalidSchema(file: location.file, pointer: referenceLocation.pointer, reason: "$ref is a string")
        }
        for keyword in ["properties", "items", "oneOf", "anyOf", "allOf"] where object[keyword] != nil {
            warn(location.appending(keyword), keyword, "`\(keyword)` beside `$ref` is not merged into the referenced type")
        }
        let target = try documents.resolve(reference, from: referenceLocation)
        if let event = eventRoots[target] { return .declared(event) }
        if let known = referenced[target] { return known }
        guard !resolving.contains(target) else {
            throw .cyclicReference(file: location.file, pointer: referenceLocation.pointer, reference: reference)
        }
        resolving.insert(target)
        let type: SwiftTypeReference
        do {
            type = try map(target, hint: try sharedName(for: target), parent: nil, depth: depth + 1)
        } catch {
            resolving.remove(target)
            throw error
        }
        resolving.remove(target)
        referenced[target] = type
        return type
    }

    /// The name a shared type at `target` would like: its `$defs` key, `<Type>V<n>` for an older
    /// version of an event type, else its title or its last pointer token.
    private mutating func sharedName(for target: SchemaLocation) throws(CodegenError) -> String {
        let tokens = target.pointer.tokens
        if tokens.count >= 2, ["$defs", "definitions"].contains(tokens[tokens.count - 2]) { return SwiftName.type(tokens[tokens.count - 1]) }
        if tokens.isEmpty, let file = schemaFiles[target.file] { return SwiftName.type(file.eventType) + "V\(file.version)" }
        if let title = try documents.schema(at: target)["title"]?.string { return SwiftName.type(title) }
        return SwiftName.type(tokens.last ?? "Shared")
    }

    /// The one schema of an `allOf` that has nothing beside it to merge, else `nil` (with a
    /// warning when there is an `allOf` the generator does not merge).
    private mutating func singleAllOf(_ object: JSONObject, at location: SchemaLocation) throws(CodegenError) -> SchemaLocation? {
        guard let allOf = object["allOf"] else { return nil }
        guard case .array(let schemas) = allOf, !schemas.isEmpty else {
            throw .invalidSchema(file: location.file, pointer: location.appending("allOf").pointer, reason: "allOf is a non-empty array")
        }
        let structural = ["type", "properties", "items", "enum", "const", "additionalProperties"]
        if schemas.count == 1, !structural.contains(where: { object[$0] != nil }) { return location.appending("allOf", "0") }
        warn(location.appending("allOf"), "allOf", "`allOf` is not merged; the type is generated from the keywords beside it")
        return nil
    }

    /// Warns for the keywords that only narrow what is valid and that the generated type does not
    /// check: the type stays sound, but wider than the schema.
    private mutating func warnUncheckedKeywords(_ object: JSONObject, at location: SchemaLocation) {
        let unchecked = [
            ("not", "`not` is not checked; the type accepts what the other keywords allow"),
            ("if", "`if`/`then`/`else` is not checked; the type is generated from the other keywords"),
            ("dependentSchemas", "`dependentSchemas` is not checked; the type is generated from the other keywords"),
            ("dependencies", "`dependencies` is not checked; the type is generated from the other keywords"),
        ]
        for (keyword, message) in unchecked where object[keyword] != nil { warn(location.appending(keyword), keyword, message) }
    }
}

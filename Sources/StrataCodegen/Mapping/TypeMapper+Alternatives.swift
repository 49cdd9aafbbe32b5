import EventSchema

extension TypeMapper {
    /// A string `enum` as a Swift enum with `String` raw values; an enum of numbers or Booleans as
    /// that type; `null` among the values makes it optional.
    mutating func mapEnum(_ values: JSONValue, of object: JSONObject, at location: SchemaLocation, hint: String,
                          parent: DeclarationID?, into slot: DeclarationID?) throws(CodegenError) -> SwiftTypeReference {
        guard case .array(let all) = values else {
            throw .invalidSchema(file: location.file, pointer: location.appending("enum").pointer, reason: "enum is an array")
        }
        let nullable = all.contains(.null)
        let present = all.filter { !$0.isNull }
        let type: SwiftTypeReference
        if present.isEmpty {
            return .json
        } else if present.allSatisfy({ $0.string != nil }) {
            var strings: [String] = []
            for value in present { if let string = value.string, !strings.contains(string) { strings.append(string) } }
            let id = declare(Declaration(kind: .stringEnum(strings), nameHint: hint, documentation: object["description"]?.string,
                                         location: location, parent: parent), into: nullable ? nil : slot)
            type = .declared(id)
        } else if present.allSatisfy({ $0.bool != nil }) {
            type = .bool
        } else if present.allSatisfy({ $0.number != nil }) {
            type = present.allSatisfy({ $0.number?.isInteger == true }) ? .int64 : .double
        } else {
            warn(location.appending("enum"), "enum", "values of several kinds are not expressed; generated JSONValue")
            return .json
        }
        return nullable ? type.optional : type
    }

    /// A `oneOf` or `anyOf`: one non-null alternative is that type (optional with a `null` one);
    /// objects told apart by a required member with a `const` string are an enum with associated
    /// values; anything else is `JSONValue`, with a warning.
    mutating func mapAlternatives(_ keyword: String, of object: JSONObject, at location: SchemaLocation, hint: String,
                                  parent: DeclarationID?, into slot: DeclarationID?, depth: Int) throws(CodegenError) -> SwiftTypeReference {
        let keywordLocation = location.appending(keyword)
        guard case .array(let schemas)? = object[keyword], !schemas.isEmpty else {
            throw .invalidSchema(file: location.file, pointer: keywordLocation.pointer, reason: "\(keyword) is a non-empty array")
        }
        let nullable = schemas.contains(where: Self.isNull)
        let branches = schemas.indices.filter { !Self.isNull(schemas[$0]) }.map { keywordLocation.appending(String($0)) }
        if branches.count == 1 {
            let type = try map(branches[0], hint: hint, parent: parent, into: nullable ? nil : slot, depth: depth + 1)
            return nullable ? type.optional : type
        }
        guard let (discriminator, tags) = try discriminator(of: branches) else {
            warn(keywordLocation, keyword, "alternatives that no `const` member tells apart are not expressed; generated JSONValue")
            return .json
        }
        if object["properties"] != nil {
            warn(location.appending("properties"), "properties", "`properties` beside `\(keyword)` are not merged into the alternatives")
        }
        let id = declare(Declaration(kind: .union(discriminator: discriminator, cases: []), nameHint: hint,
                                     documentation: object["description"]?.string, location: location, parent: parent),
                         into: nullable ? nil : slot)
        var cases: [Declaration.UnionCase] = []
        for (branch, tag) in zip(branches, tags) {
            let title = try resolved(branch).schema["title"]?.string
            let type = try map(branch, hint: SwiftName.type(title ?? tag), parent: id, depth: depth + 1)
            cases.append(Declaration.UnionCase(tag: tag, type: type))
        }
        table[id].kind = .union(discriminator: discriminator, cases: cases)
        return nullable ? SwiftTypeReference.declared(id).optional : .declared(id)
    }

    /// The member every alternative requires with a different `const` string, and those strings.
    private mutating func discriminator(of branches: [SchemaLocation]) throws(CodegenError) -> (String, [String])? {
        var objects: [JSONObject] = []
        for branch in branches {
            guard case .object(let object) = try resolved(branch).schema else { return nil }
            objects.append(object)
        }
        guard let candidates = objects.first?["properties"]?.object?.keys else { return nil }
        for key in candidates {
            let tags = objects.compactMap { object -> String? in
                guard object["required"]?.array?.contains(.string(key)) == true, let member = object["properties"]?[key] else { return nil }
                if let constant = member["const"]?.string { return constant }
                if case .array(let values)? = member["enum"], values.count == 1 { return values[0].string }
                return nil
            }
            if tags.count == objects.count, Set(tags).count == tags.count { return (key, tags) }
        }
        return nil
    }

    /// The schema at `location` with its `$ref`s followed.
    private mutating func resolved(_ location: SchemaLocation) throws(CodegenError) -> (location: SchemaLocation, schema: JSONValue) {
        var current = location
        for _ in 0..<Self.depthLimit {
            let schema = try documents.schema(at: current)
            guard case .string(let reference)? = schema["$ref"] else { return (current, schema) }
            current = try documents.resolve(reference, from: current.appending("$ref"))
        }
        throw .cyclicReference(file: location.file, pointer: location.pointer, reference: "$ref")
    }

    /// Whether a schema allows `null` alone.
    private static func isNull(_ schema: JSONValue) -> Bool {
        schema["type"] == "null" || schema["const"] == .null || schema["enum"] == [.null]
    }
}

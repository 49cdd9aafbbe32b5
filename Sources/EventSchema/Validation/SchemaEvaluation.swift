/// What in-place subschemas evaluated, for `unevaluatedProperties` and `unevaluatedItems`.
struct Annotations {
    var properties: Set<String> = []
    var allItems = false
    var prefixItems = 0
    var containsIndices: Set<Int> = []

    mutating func merge(_ other: Annotations) {
        if !other.properties.isEmpty { properties.formUnion(other.properties) }
        allItems = allItems || other.allItems
        prefixItems = max(prefixItems, other.prefixItems)
        if !other.containsIndices.isEmpty { containsIndices.formUnion(other.containsIndices) }
    }
}

/// Names a keyword on the keyword path without computing the name on the fast path.
enum KeywordLabel {
    /// The keyword at this index of ``SchemaProgram/keywords``.
    case index(Int)
    /// A keyword that has no entry of its own (`then`, `else`).
    case literal(String)
}

/// One evaluation of an instance against a ``SchemaProgram``.
///
/// In fast mode (`detailed == false`) it stops at the first failure and builds no locations; in
/// detailed mode it visits every keyword and records each failure with its locations.
struct SchemaEvaluation {
    let program: SchemaProgram
    /// The program's nodes and keywords, read in place.
    let nodes: UnsafeBufferPointer<SchemaNode>
    let keywords: UnsafeBufferPointer<CompiledKeyword>
    /// The program's plain keywords and their tables (see ``PlainKeyword``), read in place.
    let plainKeywords: UnsafeBufferPointer<PlainKeyword>
    let names: UnsafeBufferPointer<String>
    let entryNodes: UnsafeBufferPointer<SchemaNodeID>
    let regexes: UnsafeBufferPointer<UnownedRegex>
    var detailed: Bool
    var errors: [ValidationError] = []
    var instancePath: [String] = []
    var keywordPath: [String] = []
    var dynamicScope: [Int] = []
    var depth = 0
    /// Whether this evaluation has moved to a large stack (see ``LargeStack``).
    var onLargeStack = false
    /// Backtracking steps left for this document's regular-expression searches.
    var regexBudget = ECMARegex.stepBudget

    /// Deeper evaluation than this is reported as an error rather than risking the stack: twice
    /// ``JSONSchema/maximumDepth``, room for a longest reference chain and as much again.
    static let maximumDepth = 2 * JSONSchema.maximumDepth

    init(program: SchemaProgram, nodes: UnsafeBufferPointer<SchemaNode>, keywords: UnsafeBufferPointer<CompiledKeyword>,
         plainKeywords: UnsafeBufferPointer<PlainKeyword>, names: UnsafeBufferPointer<String>,
         entryNodes: UnsafeBufferPointer<SchemaNodeID>, regexes: UnsafeBufferPointer<UnownedRegex>, detailed: Bool) {
        self.program = program
        self.nodes = nodes
        self.keywords = keywords
        self.plainKeywords = plainKeywords
        self.names = names
        self.entryNodes = entryNodes
        self.regexes = regexes
        self.detailed = detailed
    }

    /// Runs `body` with an evaluation of `program` whose buffers stay valid for the call.
    ///
    /// The evaluation's regular-expression searches spend from `regexBudget`, which is left with
    /// what remains: a second evaluation of the same document continues from there.
    static func with<Result>(_ program: SchemaProgram, detailed: Bool, regexBudget: inout Int,
                             _ body: (inout SchemaEvaluation) -> Result) -> Result {
        program.nodes.withUnsafeBufferPointer { nodes in
            program.keywords.withUnsafeBufferPointer { keywords in
                program.plain.keywords.withUnsafeBufferPointer { plainKeywords in
                    program.plain.names.withUnsafeBufferPointer { names in
                        program.plain.entryNodes.withUnsafeBufferPointer { entryNodes in
                            program.plain.unownedRegexes.withUnsafeBufferPointer { regexes in
                                var evaluation = SchemaEvaluation(
                                    program: program, nodes: nodes, keywords: keywords, plainKeywords: plainKeywords,
                                    names: names, entryNodes: entryNodes, regexes: regexes, detailed: detailed)
                                evaluation.regexBudget = regexBudget
                                defer { regexBudget = evaluation.regexBudget }
                                return body(&evaluation)
                            }
                        }
                    }
                }
            }
        }
    }

    // MARK: Recording

    mutating func report(_ node: SchemaNodeID, _ keyword: String, _ message: @autoclosure () -> String) {
        guard detailed else { return }
        errors.append(ValidationError(
            instanceLocation: JSONPointer(tokens: instancePath),
            keywordLocation: JSONPointer(tokens: keyword.isEmpty ? keywordPath : keywordPath + [keyword]),
            absoluteKeywordLocation: program.locations[node].absolute(keyword.isEmpty ? nil : keyword),
            message: message()))
    }

    /// Validates `instance` against `child`, with `keyword` (and `token`) added to the keyword path
    /// and `instanceToken` to the instance path.
    ///
    /// The tokens are computed only in detailed mode: the fast path spells no array index, and
    /// (inlined into the keyword) captures nothing for them.
    @inline(__always)
    mutating func validateChild(
        _ child: SchemaNodeID, _ instance: JSONValue, keyword: KeywordLabel, token: @autoclosure () -> String? = nil,
        instanceToken: @autoclosure () -> String? = nil, collecting: Bool, into annotations: inout Annotations
    ) -> Bool {
        guard detailed else { return validate(child, instance, collecting: collecting, into: &annotations) }
        return validateDescribedChild(child, instance, keyword: keyword, token: token(), instanceToken: instanceToken(),
                                      collecting: collecting, into: &annotations)
    }

    /// ``validateChild(_:_:keyword:token:instanceToken:collecting:into:)`` in detailed mode: the
    /// keyword, `token` and `instanceToken` are on the paths while `child` is validated.
    @inline(never)
    mutating func validateDescribedChild(
        _ child: SchemaNodeID, _ instance: JSONValue, keyword: KeywordLabel, token: String?,
        instanceToken: String?, collecting: Bool, into annotations: inout Annotations
    ) -> Bool {
        switch keyword {
        case .index(let index): keywordPath.append(program.keywordNames[index])
        case .literal(let name): keywordPath.append(name)
        }
        if let token { keywordPath.append(token) }
        if let instanceToken { instancePath.append(instanceToken) }
        let valid = validate(child, instance, collecting: collecting, into: &annotations)
        keywordPath.removeLast(token == nil ? 1 : 2)
        if instanceToken != nil { instancePath.removeLast() }
        return valid
    }

    /// Validates without recording errors (for `not`, `if`, `contains`), restoring the mode after.
    mutating func quietly(_ child: SchemaNodeID, _ instance: JSONValue, collecting: Bool, into annotations: inout Annotations) -> Bool {
        let wasDetailed = detailed
        detailed = false
        defer { detailed = wasDetailed }
        return validate(child, instance, collecting: collecting, into: &annotations)
    }

    // MARK: Subschemas

    mutating func validate(_ id: SchemaNodeID, _ instance: JSONValue, collecting: Bool, into annotations: inout Annotations) -> Bool {
        let node = nodes[id]
        if node.boolean >= 0 {
            if node.boolean == 0 { report(id, "", "no value is allowed here (the schema is false)") }
            return node.boolean == 1
        }
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maximumDepth {
            report(id, "", "schema evaluation nested deeper than \(Self.maximumDepth) levels")
            return false
        }
        if depth == LargeStack.hopDepth && !onLargeStack {
            onLargeStack = true
            defer { onLargeStack = false }
            return LargeStack.run { applyKeywords(of: id, node, instance, collecting: collecting, into: &annotations) }
        }
        return applyKeywords(of: id, node, instance, collecting: collecting, into: &annotations)
    }

    /// Applies the keywords of object schema `id` to `instance`.
    mutating func applyKeywords(of id: SchemaNodeID, _ node: SchemaNode, _ instance: JSONValue,
                                collecting: Bool, into annotations: inout Annotations) -> Bool {
        var pushedScope = false
        if program.usesDynamicScope, dynamicScope.last != node.resource {
            dynamicScope.append(node.resource)
            pushedScope = true
        }
        defer { if pushedScope { dynamicScope.removeLast() } }

        guard collecting || node.usesUnevaluated else {
            // Nothing here records annotations, so the caller's (untouched) collection is passed through.
            if !detailed { return applyPlainKeywords(of: id, node, instance, into: &annotations) }
            var valid = true
            for index in node.keywordStart..<node.keywordEnd where !evaluate(index, of: id, instance, collecting: false, into: &annotations) {
                valid = false
                if !detailed { return false }
            }
            return valid
        }
        var local = Annotations()
        var valid = true
        for index in node.keywordStart..<node.keywordEnd where !evaluate(index, of: id, instance, collecting: true, into: &local) {
            valid = false
            if !detailed { return false }
        }
        if valid && collecting { annotations.merge(local) }
        return valid
    }

    /// Applies keyword `index` of subschema `id` to `instance`.
    ///
    /// A call of its own, with the keyword's switch inlined into it: the keyword is then borrowed
    /// in place from the program's buffer (a caller passing it as an argument would copy it).
    @inline(never)
    mutating func evaluate(_ index: Int, of id: SchemaNodeID, _ instance: JSONValue,
                           collecting: Bool, into annotations: inout Annotations) -> Bool {
        evaluate(keywords[index], index, of: id, instance, collecting: collecting, into: &annotations)
    }

    /// Applies `keyword` (keyword `index` of subschema `id`) to `instance`.
    ///
    /// The keyword is borrowed, not copied: matching its case binds its payload (tables, names,
    /// child lists) without retaining it.
    // swiftlint:disable:next function_body_length cyclomatic_complexity
    @inline(__always)
    mutating func evaluate(_ keyword: borrowing CompiledKeyword, _ index: Int, of id: SchemaNodeID, _ instance: JSONValue,
                           collecting: Bool, into annotations: inout Annotations) -> Bool {
        var name: String { program.keywordNames[index] }
        switch keyword {
        case .type(let types):
            if types.admits(instance) { return true }
            report(id, name, "expected \(types.names.joined(separator: " or ")), got \(instance.kind)")
            return false

        case .enumeration(let allowed):
            if allowed.contains(instance) { return true }
            report(id, name, "value \(Self.brief(instance)) is not one of \(Self.brief(.array(allowed)))")
            return false

        case .constant(let expected):
            if instance == expected { return true }
            report(id, name, "value must be \(Self.brief(expected))")
            return false

        case .multipleOf(let divisor):
            guard case .number(let number) = instance else { return true }
            switch number.isMultiple(of: divisor) {
            case true?: return true
            case false?: report(id, name, "\(number) is not a multiple of \(divisor)")
            case nil: report(id, name, "cannot decide whether \(number) is a multiple of \(divisor): the numbers are too long")
            }
            return false

        case .maximum(let limit, let exclusive):
            guard case .number(let number) = instance else { return true }
            let order = JSONNumber.compare(number, limit)
            if order < 0 || (order == 0 && !exclusive) { return true }
            report(id, name, exclusive ? "\(number) must be less than \(limit)" : "\(number) is greater than the maximum \(limit)")
            return false

        case .minimum(let limit, let exclusive):
            guard case .number(let number) = instance else { return true }
            let order = JSONNumber.compare(number, limit)
            if order > 0 || (order == 0 && !exclusive) { return true }
            report(id, name, exclusive ? "\(number) must be greater than \(limit)" : "\(number) is less than the minimum \(limit)")
            return false

        case .maxLength(let limit):
            guard case .string(let string) = instance else { return true }
            if string.utf8.count <= limit { return true }
            let length = string.unicodeScalars.count
            if length <= limit { return true }
            report(id, name, "string of \(length) characters is longer than \(limit)")
            return false

        case .minLength(let limit):
            guard case .string(let string) = instance else { return true }
            let bytes = string.utf8.count
            // A scalar takes one to four bytes; dividing (not multiplying) cannot overflow.
            if bytes / 4 >= limit { return true }
            if bytes >= limit, string.unicodeScalars.count >= limit { return true }
            report(id, name, "string of \(string.unicodeScalars.count) characters is shorter than \(limit)")
            return false

        case .pattern(let regex):
            guard case .string(let string) = instance else { return true }
            switch regex.firstMatchExists(in: string, budget: &regexBudget) {
            case true?: return true
            case false?: report(id, name, "string does not match the pattern \(regex.pattern)")
            case nil: report(id, name, Self.budgetExhausted(regex, on: "this string"))
            }
            return false

        case .format(let format):
            guard case .string(let string) = instance else { return true }
            if format.accepts(string) { return true }
            report(id, name, "\(Self.brief(instance)) is not a valid \(format.rawValue)")
            return false

        case .maxItems(let limit):
            guard case .array(let elements) = instance else { return true }
            if elements.count <= limit { return true }
            report(id, name, "array of \(elements.count) items has more than \(limit)")
            return false

        case .minItems(let limit):
            guard case .array(let elements) = instance else { return true }
            if elements.count >= limit { return true }
            report(id, name, "array of \(elements.count) items has fewer than \(limit)")
            return false

        case .uniqueItems:
            guard case .array(let elements) = instance, elements.count > 1 else { return true }
            guard let (first, second) = Self.firstDuplicate(in: elements) else { return true }
            report(id, name, "items \(first) and \(second) are equal")
            return false

        case .contains(let child, let minimum, let maximum):
            guard case .array(let elements) = instance else { return true }
            var matches = 0
            for position in elements.indices where quietly(child, elements[position], collecting: false, into: &annotations) {
                matches += 1
                if collecting { annotations.containsIndices.insert(position) }
                if !collecting, maximum == nil, matches >= minimum { break }
            }
            if matches < minimum {
                report(id, minimum == 1 && name == "contains" ? name : "minContains",
                       "array has \(matches) items matching contains, expected at least \(minimum)")
                return false
            }
            if let maximum, matches > maximum {
                report(id, "maxContains", "array has \(matches) items matching contains, expected at most \(maximum)")
                return false
            }
            return true

        case .maxProperties(let limit):
            guard case .object(let object) = instance else { return true }
            if object.count <= limit { return true }
            report(id, name, "object with \(object.count) properties has more than \(limit)")
            return false

        case .minProperties(let limit):
            guard case .object(let object) = instance else { return true }
            if object.count >= limit { return true }
            report(id, name, "object with \(object.count) properties has fewer than \(limit)")
            return false

        case .required(let required):
            guard case .object(let object) = instance else { return true }
            var valid = true
            // Objects usually list their members in the order the schema requires them.
            var hint = 0
            for property in required {
                if let position = object.position(of: property, hint: hint) {
                    hint = position + 1
                    continue
                }
                valid = false
                guard detailed else { return false }
                report(id, name, "required property \"\(property)\" is missing")
            }
            return valid

        case .dependentRequired(let dependencies):
            guard case .object(let object) = instance else { return true }
            var valid = true
            for (property, required) in dependencies where object.position(of: property) != nil {
                for other in required where object.position(of: other) == nil {
                    valid = false
                    guard detailed else { return false }
                    report(id, name, "property \"\(property)\" requires property \"\(other)\"")
                }
            }
            return valid

        case .properties(let table):
            guard case .object(let object) = instance else { return true }
            var valid = true
            var hint = 0
            for (property, child) in table.entries {
                guard let position = object.position(of: property, hint: hint) else { continue }
                hint = position + 1
                let value = object.members[position].value
                if validateChild(child, value, keyword: .index(index), token: property, instanceToken: property,
                                 collecting: false, into: &annotations) {
                    if collecting { annotations.properties.insert(property) }
                } else {
                    valid = false
                    if !detailed { return false }
                }
            }
            return valid

        case .patternProperties(let entries):
            guard case .object(let object) = instance else { return true }
            var valid = true
            for (property, value) in object {
                for (regex, child) in entries {
                    switch regex.firstMatchExists(in: property, budget: &regexBudget) {
                    case true?: break
                    case false?: continue
                    case nil:
                        // A search that runs out of budget is not taken as "no match": it fails.
                        valid = false
                        guard detailed else { return false }
                        report(id, name, Self.budgetExhausted(regex, on: "property \"\(property)\""))
                        continue
                    }
                    if validateChild(child, value, keyword: .index(index), token: regex.pattern, instanceToken: property,
                                     collecting: false, into: &annotations) {
                        if collecting { annotations.properties.insert(property) }
                    } else {
                        valid = false
                        if !detailed { return false }
                    }
                }
            }
            return valid

        case .additionalProperties(let child, let declared, let patterns):
            guard case .object(let object) = instance else { return true }
            var valid = true
            var declaredHint = 0
            for member in object.members.indices {
                let property = object.members[member].key
                // Optional chaining, not `if let`: binding the table would copy the whole keyword.
                if let position = declared?.position(of: property, hint: declaredHint) {
                    declaredHint = position + 1
                    continue
                }
                let value = object.members[member].value
                switch matchesAny(patterns, property) {
                case true?: continue
                case false?: break
                case nil:
                    valid = false
                    guard detailed else { return false }
                    report(id, name, "the patterns of patternProperties ran out of the regular-expression budget "
                           + "of \(ECMARegex.stepBudget) steps for this document on property \"\(property)\"")
                    continue
                }
                if nodes[child].boolean == 0 {
                    valid = false
                    guard detailed else { return false }
                    instancePath.append(property)
                    report(id, name, "property \"\(property)\" is not allowed")
                    instancePath.removeLast()
                    continue
                }
                if validateChild(child, value, keyword: .index(index), instanceToken: property, collecting: false, into: &annotations) {
                    if collecting { annotations.properties.insert(property) }
                } else {
                    valid = false
                    if !detailed { return false }
                }
            }
            return valid

        case .propertyNames(let child):
            guard case .object(let object) = instance else { return true }
            var valid = true
            for (property, _) in object
            where !validateChild(child, .string(property), keyword: .index(index), instanceToken: property, collecting: false, into: &annotations) {
                valid = false
                if !detailed { return false }
            }
            return valid

        case .dependentSchemas(let dependencies):
            guard case .object(let object) = instance else { return true }
            var valid = true
            for (property, child) in dependencies where object.position(of: property) != nil {
                if !validateChild(child, instance, keyword: .index(index), token: property, collecting: collecting, into: &annotations) {
                    valid = false
                    if !detailed { return false }
                }
            }
            return valid

        case .prefixItems(let children):
            guard case .array(let elements) = instance else { return true }
            var valid = true
            for position in 0..<min(children.count, elements.count)
            where !validateChild(children[position], elements[position], keyword: .index(index), token: String(position),
                                 instanceToken: String(position), collecting: false, into: &annotations) {
                valid = false
                if !detailed { return false }
            }
            if collecting { annotations.prefixItems = max(annotations.prefixItems, min(children.count, elements.count)) }
            return valid

        case .items(let child, let start):
            guard case .array(let elements) = instance else { return true }
            var valid = true
            if start < elements.count, nodes[child].boolean == 0 {
                report(id, name, "array may have at most \(start) items, has \(elements.count)")
                return false
            }
            for position in elements.indices.dropFirst(start)
            where !validateChild(child, elements[position], keyword: .index(index), instanceToken: String(position),
                                 collecting: false, into: &annotations) {
                valid = false
                if !detailed { return false }
            }
            if collecting { annotations.allItems = true }
            return valid

        case .allOf(let children):
            var valid = true
            for (position, child) in children.enumerated()
            where !validateChild(child, instance, keyword: .index(index), token: String(position), collecting: collecting, into: &annotations) {
                valid = false
                if !detailed { return false }
            }
            return valid

        case .anyOf(let children):
            let mark = errors.count
            var matched = false
            for (position, child) in children.enumerated()
            where validateChild(child, instance, keyword: .index(index), token: String(position), collecting: collecting, into: &annotations) {
                matched = true
                if !collecting { break }
            }
            if matched {
                errors.removeSubrange(mark...)
                return true
            }
            report(id, name, "value matches none of the \(children.count) schemas in anyOf")
            return false

        case .oneOf(let children):
            let mark = errors.count
            var matches: [Int] = []
            var branch = Annotations()
            for (position, child) in children.enumerated() {
                var candidate = Annotations()
                if validateChild(child, instance, keyword: .index(index), token: String(position), collecting: collecting, into: &candidate) {
                    matches.append(position)
                    branch = candidate
                    if matches.count > 1 && !detailed { return false }
                }
            }
            if matches.count == 1 {
                errors.removeSubrange(mark...)
                if collecting { annotations.merge(branch) }
                return true
            }
            if matches.isEmpty {
                report(id, name, "value matches none of the \(children.count) schemas in oneOf")
            } else {
                errors.removeSubrange(mark...)
                report(id, name, "value matches schemas \(matches.map(String.init).joined(separator: ", ")) of oneOf; expected exactly one")
            }
            return false

        case .not(let child):
            if !quietly(child, instance, collecting: false, into: &annotations) { return true }
            report(id, name, "value must not match the schema in not")
            return false

        case .conditional(let condition, let then, let otherwise):
            var conditionAnnotations = Annotations()
            if quietly(condition, instance, collecting: collecting, into: &conditionAnnotations) {
                if collecting { annotations.merge(conditionAnnotations) }
                guard let then else { return true }
                return validateChild(then, instance, keyword: .literal("then"), collecting: collecting, into: &annotations)
            }
            guard let otherwise else { return true }
            return validateChild(otherwise, instance, keyword: .literal("else"), collecting: collecting, into: &annotations)

        case .ref(let target):
            return validateChild(target, instance, keyword: .index(index), collecting: collecting, into: &annotations)

        case .dynamicRef(let initial, let anchor):
            var target = initial
            if let anchor {
                for resource in dynamicScope {
                    if let dynamic = program.dynamicAnchors[resource][anchor] {
                        target = dynamic
                        break
                    }
                }
            }
            return validateChild(target, instance, keyword: .index(index), collecting: collecting, into: &annotations)

        case .unevaluatedProperties(let child):
            guard case .object(let object) = instance else { return true }
            var valid = true
            for (property, value) in object where !annotations.properties.contains(property) {
                if nodes[child].boolean == 0 {
                    valid = false
                    guard detailed else { return false }
                    instancePath.append(property)
                    report(id, name, "property \"\(property)\" is not allowed (unevaluated)")
                    instancePath.removeLast()
                    continue
                }
                if validateChild(child, value, keyword: .index(index), instanceToken: property, collecting: false, into: &annotations) {
                    annotations.properties.insert(property)
                } else {
                    valid = false
                    if !detailed { return false }
                }
            }
            return valid

        case .unevaluatedItems(let child):
            guard case .array(let elements) = instance, !annotations.allItems else { return true }
            var valid = true
            for position in elements.indices.dropFirst(annotations.prefixItems) where !annotations.containsIndices.contains(position) {
                if !validateChild(child, elements[position], keyword: .index(index), instanceToken: String(position),
                                  collecting: false, into: &annotations) {
                    valid = false
                    if !detailed { return false }
                }
            }
            if valid { annotations.allItems = true }
            return valid
        }
    }

    // MARK: Helpers

    /// Whether any of `patterns` matches `property`; nil when the regular-expression budget runs out first.
    mutating func matchesAny(_ patterns: [ECMARegex], _ property: String) -> Bool? {
        var exhausted = false
        for pattern in patterns {
            switch pattern.firstMatchExists(in: property, budget: &regexBudget) {
            case true?: return true
            case false?: continue
            case nil: exhausted = true
            }
        }
        return exhausted ? nil : false
    }

    /// The message for a search that ran out of the document's regular-expression budget.
    static func budgetExhausted(_ regex: ECMARegex, on subject: String) -> String {
        "pattern \(regex.pattern) ran out of the regular-expression budget of \(ECMARegex.stepBudget) "
            + "steps for this document on \(subject)"
    }

    /// The positions of the first two equal elements, if any.
    static func firstDuplicate(in elements: [JSONValue]) -> (Int, Int)? {
        if elements.count <= 16 {
            for i in elements.indices {
                for j in elements.indices.dropFirst(i + 1) where elements[i] == elements[j] { return (i, j) }
            }
            return nil
        }
        var seen: [JSONValue: Int] = [:]
        for (position, element) in elements.enumerated() {
            if let earlier = seen[element] { return (earlier, position) }
            seen[element] = position
        }
        return nil
    }

    /// A value's JSON text, shortened for messages.
    static func brief(_ value: JSONValue) -> String {
        let text = value.serialized()
        return text.count > 80 ? String(text.prefix(77)) + "..." : text
    }
}

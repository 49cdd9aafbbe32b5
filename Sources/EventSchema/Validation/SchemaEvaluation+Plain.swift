/// The fast pass over plain keywords (see ``PlainKeyword``): a verdict only, no annotations.
extension SchemaEvaluation {
    /// Applies the plain keywords of object schema `id` to `instance`, stopping at the first
    /// failure. Only for the fast pass (`detailed == false`) when no annotations are collected.
    ///
    /// Member values and elements are read from the object's or array's storage; a child that
    /// is a leaf (``SchemaNode/isLeaf``) is checked in place, without a call of its own.
    mutating func applyPlainKeywords(of id: SchemaNodeID, _ node: SchemaNode, _ instance: JSONValue,
                                     into annotations: inout Annotations) -> Bool {
        for index in node.plainStart..<node.plainEnd where !evaluatePlain(plainKeywords[index], of: id, instance, into: &annotations) {
            return false
        }
        return true
    }

    /// Validates `instance` against subschema `child` of a plain keyword: a leaf in place, any
    /// other subschema with ``validate(_:_:collecting:into:)``.
    ///
    /// A leaf checked in place is one level deeper as ``validate(_:_:collecting:into:)`` counts,
    /// so it is checked in place only below ``maximumDepth``; it refers to nothing, so the
    /// dynamic scope does not matter to it.
    @inline(__always)
    private mutating func validatePlainChild(_ child: SchemaNodeID, _ instance: JSONValue, into annotations: inout Annotations) -> Bool {
        let node = nodes[child]
        guard node.isLeaf, depth < Self.maximumDepth else { return validate(child, instance, collecting: false, into: &annotations) }
        for index in node.plainStart..<node.plainEnd where !evaluateScalar(plainKeywords[index], of: child, instance, into: &annotations) {
            return false
        }
        return true
    }

    /// Applies `plain` (a plain keyword of subschema `id`) to `instance`.
    // swiftlint:disable:next cyclomatic_complexity function_body_length
    @inline(__always)
    private mutating func evaluatePlain(_ plain: PlainKeyword, of id: SchemaNodeID, _ instance: JSONValue,
                                        into annotations: inout Annotations) -> Bool {
        switch plain.operation {
        case .general:
            return evaluate(plain.keyword, of: id, instance, collecting: false, into: &annotations)

        case .type, .minimum, .maximum, .minItems, .maxItems, .minLength, .maxLength, .pattern:
            return evaluateScalar(plain, of: id, instance, into: &annotations)

        case .required:
            guard case .object(let object) = instance else { return true }
            var hint = 0
            for name in plain.first..<plain.second {
                guard let position = object.position(of: names[name], hint: hint) else { return false }
                hint = position + 1
            }
            return true

        case .properties:
            guard case .object(let object) = instance else { return true }
            let names = names, entryNodes = entryNodes
            return object.members.withUnsafeBufferPointer { members in
                var hint = 0
                for entry in plain.first..<plain.second {
                    guard let position = object.position(of: names[entry], hint: hint) else { continue }
                    hint = position + 1
                    if !validatePlainChild(entryNodes[entry], members[position].value, into: &annotations) { return false }
                }
                return true
            }

        case .closedProperties:
            guard case .object(let object) = instance else { return true }
            // The tables in locals: a method of `self` called in the loop would copy all of it.
            let names = names, entryNodes = entryNodes
            return object.members.withUnsafeBufferPointer { members in
                var hint = plain.first
                for member in members.indices {
                    let child: SchemaNodeID
                    if let entry = Self.declaredEntry(members[member].key, in: names, plain.first..<plain.second, hint: hint) {
                        hint = entry + 1
                        child = entryNodes[entry]
                    } else {
                        child = plain.third
                    }
                    if !validatePlainChild(child, members[member].value, into: &annotations) { return false }
                }
                return true
            }

        case .items:
            guard case .array(let elements) = instance else { return true }
            return elements.withUnsafeBufferPointer { elements in
                var position = plain.second
                while position < elements.count {
                    if !validatePlainChild(plain.first, elements[position], into: &annotations) { return false }
                    position += 1
                }
                return true
            }

        case .ref:
            return validatePlainChild(plain.first, instance, into: &annotations)
        }
    }

    /// Applies `plain`, a keyword that validates no subschema (``PlainKeyword/Operation/isScalar``),
    /// to `instance`.
    // swiftlint:disable:next cyclomatic_complexity
    @inline(__always)
    private mutating func evaluateScalar(_ plain: PlainKeyword, of id: SchemaNodeID, _ instance: JSONValue,
                                         into annotations: inout Annotations) -> Bool {
        switch plain.operation {
        case .type:
            return TypeSet(rawValue: UInt8(truncatingIfNeeded: plain.first)).admits(instance)

        case .minimum, .maximum:
            guard case .number(let number) = instance else { return true }
            guard case .int(let value) = number.storage else {
                return evaluate(plain.keyword, of: id, instance, collecting: false, into: &annotations)
            }
            let limit = Int64(plain.first)
            if plain.operation == .minimum { return plain.exclusive ? value > limit : value >= limit }
            return plain.exclusive ? value < limit : value <= limit

        case .minItems:
            guard case .array(let elements) = instance else { return true }
            return elements.count >= plain.first

        case .maxItems:
            guard case .array(let elements) = instance else { return true }
            return elements.count <= plain.first

        case .minLength:
            guard case .string(let string) = instance else { return true }
            // A scalar takes one to four bytes: enough bytes settle it, too few need the scalars.
            if string.utf8.count / 4 >= plain.first { return true }
            return evaluate(plain.keyword, of: id, instance, collecting: false, into: &annotations)

        case .maxLength:
            guard case .string(let string) = instance else { return true }
            if string.utf8.count <= plain.first { return true }
            return evaluate(plain.keyword, of: id, instance, collecting: false, into: &annotations)

        case .pattern:
            guard case .string(let string) = instance else { return true }
            // A search that runs out of the budget (nil) fails, as the compiled keyword does.
            return regexes[plain.first].firstMatchExists(in: string, budget: &regexBudget) == true

        case .general, .required, .properties, .closedProperties, .items, .ref:
            preconditionFailure("\(plain.operation) is not a scalar keyword")
        }
    }

    /// The entry of `entries` (a range of `names`) named `key`, looking at `hint` first: members
    /// are usually in the order the schema declares them.
    @inline(__always)
    private static func declaredEntry(_ key: String, in names: UnsafeBufferPointer<String>, _ entries: Range<Int>, hint: Int) -> Int? {
        if hint < entries.upperBound, sameRepresentation(names[hint], key) { return hint }
        return searchEntry(key, in: names, entries)
    }

    /// ``declaredEntry(_:in:_:hint:)`` past its first check: the names compared by their bytes.
    private static func searchEntry(_ key: String, in names: UnsafeBufferPointer<String>, _ entries: Range<Int>) -> Int? {
        for entry in entries where exactlyEqual(names[entry], key) { return entry }
        return nil
    }
}

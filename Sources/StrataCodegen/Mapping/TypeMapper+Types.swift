import EventSchema
import Foundation

extension TypeMapper {
    /// The type a schema's `type` keyword gives (inferred from `properties` or `items` when it is
    /// absent); `["T", "null"]` is an optional `T`.
    mutating func mapTyped(_ object: JSONObject, at location: SchemaLocation, hint: String, parent: DeclarationID?,
                           into slot: DeclarationID?, depth: Int) throws(CodegenError) -> SwiftTypeReference {
        var types = try typeNames(object, at: location)
        let nullable = types.contains("null")
        types.removeAll { $0 == "null" }
        if types.contains("integer") && types.contains("number") { types.removeAll { $0 == "integer" } }
        guard let type = types.first else { return .json }
        guard types.count == 1 else {
            warn(location.appending("type"), "type", "a value of several types (\(types.joined(separator: ", "))) is not expressed; generated JSONValue")
            return .json
        }
        let mapped: SwiftTypeReference
        switch type {
        case "string": mapped = object["format"]?.string == "date-time" ? .date : .string
        case "integer": mapped = Self.integerType(object)
        case "number": mapped = Self.isDecimal(object) ? .decimal : .double
        case "boolean": mapped = .bool
        case "object": mapped = try mapObject(object, at: location, hint: hint, parent: parent, into: nullable ? nil : slot, depth: depth)
        case "array": mapped = try mapArray(object, at: location, hint: hint, parent: parent, depth: depth)
        default:
            throw .invalidSchema(file: location.file, pointer: location.appending("type").pointer, reason: "unknown type \"\(type)\"")
        }
        return nullable ? mapped.optional : mapped
    }

    /// The names in `type`, or the one that `properties` or `items` imply.
    private func typeNames(_ object: JSONObject, at location: SchemaLocation) throws(CodegenError) -> [String] {
        switch object["type"] {
        case .string(let name)?: return [name]
        case .array(let names)?:
            let strings = names.compactMap(\.string)
            guard strings.count == names.count else {
                throw .invalidSchema(file: location.file, pointer: location.appending("type").pointer, reason: "type lists strings")
            }
            return strings
        case nil:
            if ["properties", "additionalProperties", "patternProperties", "required"].contains(where: { object[$0] != nil }) { return ["object"] }
            if ["items", "prefixItems"].contains(where: { object[$0] != nil }) { return ["array"] }
            return []
        case let other?:
            throw .invalidSchema(file: location.file, pointer: location.appending("type").pointer, reason: "type is a string or an array, not \(other.kind)")
        }
    }

    /// A struct for an object with `properties`; otherwise `[String: T]`, `T` from
    /// `additionalProperties` (`JSONValue` when it is absent or `true`).
    private mutating func mapObject(_ object: JSONObject, at location: SchemaLocation, hint: String, parent: DeclarationID?,
                                    into slot: DeclarationID?, depth: Int) throws(CodegenError) -> SwiftTypeReference {
        let properties: JSONObject
        switch object["properties"] {
        case nil: properties = JSONObject()
        case .object(let value)?: properties = value
        case let other?:
            throw .invalidSchema(file: location.file, pointer: location.appending("properties").pointer, reason: "properties is an object, not \(other.kind)")
        }
        let additional = object["additionalProperties"]
        if object["patternProperties"] != nil {
            let kept = properties.isEmpty ? "generated [String: JSONValue]" : "the members it alone describes are not kept"
            warn(location.appending("patternProperties"), "patternProperties", "`patternProperties` is not expressed; \(kept)")
            if properties.isEmpty { return .dictionary(.json) }
        }
        guard !properties.isEmpty else {
            guard case .object(let schema)? = additional, !schema.isEmpty else { return .dictionary(.json) }
            return .dictionary(try map(location.appending("additionalProperties"), hint: hint + "Value", parent: parent, depth: depth + 1))
        }
        let required = Set(object["required"]?.array?.compactMap(\.string) ?? [])
        let id = declare(Declaration(kind: .structure([]), nameHint: hint, documentation: object["description"]?.string,
                                     location: location, parent: parent), into: slot)
        var members: [Declaration.Property] = []
        for (key, _) in properties {
            let memberLocation = location.appending("properties", key)
            var type = try map(memberLocation, hint: SwiftName.type(key), parent: id, depth: depth + 1)
            if !required.contains(key) { type = type.optional }
            members.append(Declaration.Property(jsonName: key, type: type, documentation: try documentation(at: memberLocation),
                                                location: memberLocation))
        }
        table[id].kind = .structure(members)
        if case .object(let schema)? = additional, !schema.isEmpty {
            warn(location.appending("additionalProperties"), "additionalProperties",
                 "members beside `properties` are not kept; the struct holds the named members only")
        }
        return .declared(id)
    }

    /// `[T]`, `T` from `items`; `[JSONValue]` for tuples (`prefixItems`, or draft-07 `items` arrays).
    private mutating func mapArray(_ object: JSONObject, at location: SchemaLocation, hint: String, parent: DeclarationID?,
                                   depth: Int) throws(CodegenError) -> SwiftTypeReference {
        if object["prefixItems"] != nil {
            warn(location.appending("prefixItems"), "prefixItems", "elements typed by position are not expressed; generated [JSONValue]")
            return .array(.json)
        }
        switch object["items"] {
        case nil: return .array(.json)
        case .array?:
            warn(location.appending("items"), "items", "elements typed by position are not expressed; generated [JSONValue]")
            return .array(.json)
        default:
            return .array(try map(location.appending("items"), hint: SwiftName.singular(hint), parent: parent, depth: depth + 1))
        }
    }

    /// `Int32` when both bounds fit it, `Int64` when they allow nothing beyond it (and when there
    /// are none), `UInt64` for bounds between 0 and `UInt64.max`, else `Decimal`.
    static func integerType(_ object: JSONObject) -> SwiftTypeReference {
        func bound(_ keys: [String], _ pick: (Decimal, Decimal) -> Decimal) -> Decimal? {
            var result: Decimal?
            for key in keys {
                guard let value = try? object[key]?.number?.decimal() else { continue }
                result = result.map { pick($0, value) } ?? value
            }
            return result
        }
        let low = bound(["minimum", "exclusiveMinimum"], { max($0, $1) })
        let high = bound(["maximum", "exclusiveMaximum"], { min($0, $1) })
        if let low, let high, low >= Decimal(Int32.min), high <= Decimal(Int32.max) { return .int32 }
        if low.map({ $0 >= Decimal(Int64.min) }) ?? true, high.map({ $0 <= Decimal(Int64.max) }) ?? true { return .int64 }
        if let low, let high, low >= 0, high <= Decimal(UInt64.max) { return .uint64 }
        return .decimal
    }

    /// Whether a `number` is a decimal amount: `format: decimal`, or a `multipleOf` of 0.1, 0.01, 0.001 …
    static func isDecimal(_ object: JSONObject) -> Bool {
        if object["format"]?.string == "decimal" { return true }
        guard let step = object["multipleOf"]?.number, !step.isInteger, var scaled = try? step.decimal() else { return false }
        for _ in 0..<38 where scaled < 1 { scaled *= 10 }
        return scaled == 1
    }

    /// The type of a `const` value.
    static func type(ofConstant value: JSONValue) -> SwiftTypeReference {
        switch value {
        case .string: .string
        case .bool: .bool
        case .number(let number): number.isInteger ? .int64 : .double
        default: .json
        }
    }
}

/// The Swift type of one value: a standard type, a generated declaration, or a collection of either.
indirect enum SwiftTypeReference: Hashable, Sendable {
    case string, bool, int32, int64, uint64, double, decimal, date
    /// Any JSON value, exactly: `JSONValue`.
    case json
    /// A generated struct or enum.
    case declared(DeclarationID)
    case array(SwiftTypeReference)
    case dictionary(SwiftTypeReference)
    case optional(SwiftTypeReference)

    /// This type made optional, once.
    var optional: SwiftTypeReference {
        if case .optional = self { return self }
        return .optional(self)
    }

    /// Whether this is an `Optional`.
    var isOptional: Bool {
        if case .optional = self { return true }
        return false
    }

    /// Whether the type mentions `JSONValue`, so that its file imports `EventSchema`.
    var usesJSONValue: Bool {
        switch self {
        case .json: true
        case .array(let element), .dictionary(let element), .optional(let element): element.usesJSONValue
        default: false
        }
    }

    /// The Swift spelling, with `name` giving each declaration's name.
    func spelled(_ name: (DeclarationID) -> String) -> String {
        switch self {
        case .string: "String"
        case .bool: "Bool"
        case .int32: "Int32"
        case .int64: "Int64"
        case .uint64: "UInt64"
        case .double: "Double"
        case .decimal: "Decimal"
        case .date: "Date"
        case .json: "JSONValue"
        case .declared(let id): name(id)
        case .array(let element): "[\(element.spelled(name))]"
        case .dictionary(let value): "[String: \(value.spelled(name))]"
        case .optional(let wrapped): "\(wrapped.spelled(name))?"
        }
    }

    /// The declaration this type holds directly, not through an array or a dictionary (whose
    /// storage is out of line): what makes a struct recursive.
    var directDeclaration: DeclarationID? {
        switch self {
        case .declared(let id): id
        case .optional(let wrapped): wrapped.directDeclaration
        default: nil
        }
    }
}

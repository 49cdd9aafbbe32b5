/// A JSON value, held exactly.
///
/// `JSONValue` is the in-memory form of every payload and schema Strata reads. It has no `Any`
/// anywhere: a value is one of six cases, numbers keep their exact value (see ``JSONNumber``), and
/// objects keep their keys in document order (see ``JSONObject``).
///
/// Equality is JSON equality: `1` equals `1.0`, and two objects are equal when they have the same
/// members in any order. That is the equality JSON Schema's `enum`, `const` and `uniqueItems` use.
///
/// ```swift
/// let value = try JSONValue(parsing: #"{"sequence": 1234567890123456789, "amount": 199.99}"#)
/// value["sequence"]?.number?.int64Value   // 1234567890123456789, exactly
/// value["amount"]?.number?.description    // "199.99", the text as written
/// ```
public enum JSONValue: Sendable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number, kept exactly.
    case number(JSONNumber)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object, with its keys in document order.
    case object(JSONObject)
}

extension JSONValue {
    /// The kind of a value, as JSON Schema's `type` keyword names it.
    public enum Kind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        case null, boolean, number, string, array, object
        /// The type name, as `type` spells it.
        public var description: String { rawValue }
    }

    /// The kind of this value.
    @inlinable
    public var kind: Kind {
        switch self {
        case .null: .null
        case .bool: .boolean
        case .number: .number
        case .string: .string
        case .array: .array
        case .object: .object
        }
    }

    /// The string, if this is a string.
    @inlinable
    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The number, if this is a number.
    @inlinable
    public var number: JSONNumber? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The Boolean, if this is `true` or `false`.
    @inlinable
    public var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The elements, if this is an array.
    @inlinable
    public var array: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The object, if this is an object.
    @inlinable
    public var object: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// Whether this is `null`.
    @inlinable
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The member named `key`, if this is an object that has it. Setting it changes an object's
    /// member (`nil` removes it) and does nothing to any other value.
    ///
    /// - Complexity: O(*n*) in the number of members for small objects, O(1) for large ones.
    public subscript(key: String) -> JSONValue? {
        get {
            if case .object(let object) = self { return object[key] }
            return nil
        }
        set {
            guard case .object(var object) = self else { return }
            self = .null  // the object is then uniquely referenced, so the change copies nothing
            object[key] = newValue
            self = .object(object)
        }
    }

    /// The element at `index`, if this is an array and the index is in range.
    @inlinable
    public subscript(index: Int) -> JSONValue? {
        if case .array(let elements) = self, elements.indices.contains(index) { return elements[index] }
        return nil
    }
}

// MARK: - Literals

extension JSONValue: ExpressibleByNilLiteral {
    /// Creates `null`.
    public init(nilLiteral: ()) { self = .null }
}

extension JSONValue: ExpressibleByBooleanLiteral {
    /// Creates `true` or `false`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension JSONValue: ExpressibleByIntegerLiteral {
    /// Creates an exact integer.
    public init(integerLiteral value: Int64) { self = .number(JSONNumber(value)) }
}

extension JSONValue: ExpressibleByFloatLiteral {
    /// Creates a number from a `Double`, written in its shortest round-trip form.
    ///
    /// Prefer ``JSONNumber/init(exactly:)`` with decimal text when the decimal digits matter.
    public init(floatLiteral value: Double) { self = .number(JSONNumber(value)) }
}

extension JSONValue: ExpressibleByStringLiteral {
    /// Creates a string.
    public init(stringLiteral value: String) { self = .string(value) }
}

extension JSONValue: ExpressibleByArrayLiteral {
    /// Creates an array.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}

extension JSONValue: ExpressibleByDictionaryLiteral {
    /// Creates an object with the members in the order written.
    ///
    /// A key written twice keeps its last value, in its first position.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        var object = JSONObject()
        for (key, value) in elements { object[key] = value }
        self = .object(object)
    }
}

// MARK: - Equality

extension JSONValue: Equatable {
    /// JSON equality: numbers by value, objects regardless of member order.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): exactlyEqual(a, b)
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a == b
        default: false
        }
    }
}

extension JSONValue: Hashable {
    /// Hashes consistently with JSON equality.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0 as UInt8)
        case .bool(let value): hasher.combine(1 as UInt8); hasher.combine(value)
        case .number(let value): hasher.combine(2 as UInt8); hasher.combine(value)
        case .string(let value): hasher.combine(3 as UInt8); hasher.combine(ExactString(value))
        case .array(let value): hasher.combine(4 as UInt8); hasher.combine(value)
        case .object(let value): hasher.combine(5 as UInt8); hasher.combine(value)
        }
    }
}

extension JSONValue: CustomStringConvertible {
    /// The compact JSON text of this value.
    public var description: String { serialized() }
}

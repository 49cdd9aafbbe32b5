import EventSchema

/// Identifies a generated declaration in its ``DeclarationTable``.
struct DeclarationID: Hashable, Sendable, Comparable {
    let index: Int
    static func < (a: Self, b: Self) -> Bool { a.index < b.index }
}

/// One generated type: a struct, a string enum, a tagged union, or a wrapper of a non-object event.
struct Declaration: Sendable {
    /// What the declaration holds.
    enum Kind: Sendable {
        /// A struct with stored properties.
        case structure([Property])
        /// An enum with `String` raw values: the JSON values, in order.
        case stringEnum([String])
        /// An enum with associated values, told apart by the `const` string of one member.
        case union(discriminator: String, cases: [UnionCase])
        /// A struct holding one value of an event whose schema is not an object.
        case wrapper(SwiftTypeReference)
    }

    /// A stored property of a struct.
    struct Property: Sendable {
        /// The member's name in the payload.
        var jsonName: String
        /// The Swift type, optional when the member need not be there.
        var type: SwiftTypeReference
        /// The `description` of the member's schema.
        var documentation: String?
        /// Where the member's schema is.
        var location: SchemaLocation
    }

    /// One case of a tagged union.
    struct UnionCase: Sendable {
        /// The discriminator's value for this case.
        var tag: String
        /// The type of the case's payload.
        var type: SwiftTypeReference
    }

    var kind: Kind
    /// The name wanted, before collisions are settled.
    var nameHint: String
    /// The `description` of the schema.
    var documentation: String?
    /// Where the schema is.
    var location: SchemaLocation
    /// The declaration this one is nested in; `nil` for a top-level type.
    var parent: DeclarationID?
    /// The event type and version, for an event type's own struct.
    var event: (type: String, version: Int)?
    /// Whether a union must be `indirect` (it holds itself, through structs).
    var isIndirect = false
}

/// Every declaration made for one generation, with their parents and children.
struct DeclarationTable: Sendable {
    private(set) var declarations: [Declaration] = []
    private(set) var children: [DeclarationID: [DeclarationID]] = [:]

    /// Adds `declaration` and returns its identifier.
    mutating func add(_ declaration: Declaration) -> DeclarationID {
        let id = DeclarationID(index: declarations.count)
        declarations.append(declaration)
        if let parent = declaration.parent { children[parent, default: []].append(id) }
        return id
    }

    subscript(id: DeclarationID) -> Declaration {
        get { declarations[id.index] }
        set { declarations[id.index] = newValue }
    }

    /// Every identifier, in the order added.
    var ids: [DeclarationID] { declarations.indices.map { DeclarationID(index: $0) } }

    /// The top-level declarations.
    var topLevel: [DeclarationID] { ids.filter { self[$0].parent == nil } }
}

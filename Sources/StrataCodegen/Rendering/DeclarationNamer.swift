/// Settles the Swift name of every declaration and member, so that no two collide and no nested
/// type hides a top-level one (inside `OrderPlaced`, a nested `Money` would hide the shared one).
///
/// Event types take their names first, in event type order, then shared types in the order of
/// their schema's place; a nested type avoids every top-level name, the names of the types it is
/// nested in, its siblings' names and the names the generated code uses itself. A name that is
/// taken gets `Value`, then a number.
struct DeclarationNamer {
    private(set) var names: [DeclarationID: String] = [:]

    /// Names the generated code means something else by.
    static let reserved: Set<String> = [
        "String", "Bool", "Int32", "Int64", "UInt64", "Double", "Decimal", "Date", "JSONValue", "CodingKeys", "DiscriminatorKey",
        "PayloadValue", "PayloadDecodable", "DecodingFailure", "EventTypeMap", "Codable", "Sendable", "Hashable", "CaseIterable",
        "Decoder", "Encoder", "DecodingError", "Optional", "Array", "Dictionary", "Foundation", "EventSchema", "EventUpcasting",
        StrataFileNames.registrationType,
    ]

    init(_ table: DeclarationTable) {
        var taken = Self.reserved
        let topLevel = table.topLevel
        let events = topLevel.filter { table[$0].event != nil }.sorted { table[$0].event!.type < table[$1].event!.type }
        let shared = topLevel.filter { table[$0].event == nil }.sorted { table[$0].location < table[$1].location }
        for id in events + shared {
            let name = Self.unique(table[id].nameHint, avoiding: taken)
            names[id] = name
            taken.insert(name)
        }
        for id in events + shared { nameChildren(of: id, in: table, avoiding: taken) }
    }

    private mutating func nameChildren(of parent: DeclarationID, in table: DeclarationTable, avoiding outer: Set<String>) {
        var taken = outer
        for child in table.children[parent] ?? [] {
            let name = Self.unique(table[child].nameHint, avoiding: taken)
            names[child] = name
            taken.insert(name)
        }
        for child in table.children[parent] ?? [] {
            nameChildren(of: child, in: table, avoiding: outer.union([names[child]!]))
        }
    }

    /// `base`, or `base` with `Value` or a number after it, whichever is first not in `taken`.
    static func unique(_ base: String, avoiding taken: Set<String>) -> String {
        if !taken.contains(base) { return base }
        if !taken.contains(base + "Value") { return base + "Value" }
        var number = 2
        while taken.contains(base + String(number)) { number += 1 }
        return base + String(number)
    }

    /// Swift names for `jsonNames` (members or enum values), escaped, each different.
    static func memberNames(_ jsonNames: [String]) -> [String] {
        var taken: Set<String> = []
        return jsonNames.map { jsonName in
            let base = SwiftName.bare(SwiftName.property(jsonName))
            var name = base
            var number = 2
            while taken.contains(name) {
                name = base + String(number)
                number += 1
            }
            taken.insert(name)
            return SwiftName.escaped(name)
        }
    }
}

/// Makes recursive types expressible: a value type cannot hold itself except through an array,
/// a dictionary or an `indirect` enum case.
///
/// Unions that hold themselves become `indirect`. A struct that would still hold itself through
/// a member gets `JSONValue` for that member, with a warning.
enum RecursionBreaker {
    static func apply(to mapper: inout TypeMapper) {
        for id in mapper.table.ids where isUnion(mapper.table[id]) && reaches(id, from: id, in: mapper.table) {
            mapper.table[id].isIndirect = true
        }
        while let (owner, index) = firstCycleEdge(in: mapper.table) {
            guard case .structure(var properties) = mapper.table[owner].kind else { break }
            let property = properties[index]
            properties[index].type = property.type.isOptional ? SwiftTypeReference.json.optional : .json
            mapper.table[owner].kind = .structure(properties)
            mapper.warn(property.location, "$ref", "the struct would hold itself through this member; generated JSONValue")
        }
    }

    private static func isUnion(_ declaration: Declaration) -> Bool {
        if case .union = declaration.kind { return true }
        return false
    }

    /// The declarations `id` holds directly, each with the index of the member that holds it.
    private static func edges(of id: DeclarationID, in table: DeclarationTable) -> [(target: DeclarationID, member: Int)] {
        switch table[id].kind {
        case .structure(let properties):
            properties.enumerated().compactMap { index, property in property.type.directDeclaration.map { ($0, index) } }
        case .union(_, let cases) where !table[id].isIndirect:
            cases.enumerated().compactMap { index, unionCase in unionCase.type.directDeclaration.map { ($0, index) } }
        case .wrapper(let type):
            type.directDeclaration.map { [($0, 0)] } ?? []
        default: []
        }
    }

    private static func reaches(_ target: DeclarationID, from start: DeclarationID, in table: DeclarationTable) -> Bool {
        var seen: Set<DeclarationID> = []
        var stack = edges(of: start, in: table).map(\.target)
        while let next = stack.popLast() {
            if next == target { return true }
            if seen.insert(next).inserted { stack += edges(of: next, in: table).map(\.target) }
        }
        return false
    }

    /// A struct member that closes a cycle, if any.
    private static func firstCycleEdge(in table: DeclarationTable) -> (DeclarationID, Int)? {
        for id in table.ids {
            guard case .structure = table[id].kind else { continue }
            for edge in edges(of: id, in: table) where edge.target == id || reaches(id, from: edge.target, in: table) {
                return (id, edge.member)
            }
        }
        return nil
    }
}

/// The state of one branch of a comparison: where it is in the schema and what it has found.
struct DiffContext {
    /// One difference, with its path as segments.
    struct Entry {
        var kind: SchemaDifference.Kind
        var path: [String]
    }

    /// The current path, as segments below the root.
    var path: [String] = []
    /// The differences found so far, in order.
    var entries: [Entry] = []

    /// Whether every difference found so far is compatible under the strict policy, which is
    /// what Confluent's diff uses to decide between alternatives.
    var isCompatible: Bool {
        entries.allSatisfy { $0.kind.isCompatible(under: .strict) }
    }

    /// A fresh context at the same path.
    func subcontext() -> DiffContext {
        DiffContext(path: path)
    }

    /// Records `kind` at the current path, or at `attribute` below it.
    mutating func add(_ kind: SchemaDifference.Kind, at attribute: String? = nil) {
        entries.append(Entry(kind: kind, path: attribute.map { path + [$0] } ?? path))
    }

    /// Appends what `other` found.
    mutating func absorb(_ other: DiffContext) {
        entries += other.entries
    }

}

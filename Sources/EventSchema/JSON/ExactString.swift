/// A string compared by its Unicode scalars, not by Swift's canonical equivalence.
///
/// Swift's `==` treats `"é"` (U+00E9) and `"e\u{301}"` as equal; JSON does not. Object keys and
/// string values are compared with this.
struct ExactString: Hashable, Sendable {
    let value: String

    init(_ value: String) { self.value = value }

    static func == (lhs: ExactString, rhs: ExactString) -> Bool {
        exactlyEqual(lhs.value, rhs.value)
    }

    func hash(into hasher: inout Hasher) {
        for byte in value.utf8 { hasher.combine(byte) }
    }
}

/// Whether two strings have the same Unicode scalars.
///
/// Swift's `==` is cheap and rejects almost every unequal pair; only an equal pair pays for the
/// byte comparison that tells canonically equivalent spellings apart.
@inline(__always)
func exactlyEqual(_ lhs: String, _ rhs: String) -> Bool {
    lhs == rhs && lhs.utf8.elementsEqual(rhs.utf8)
}

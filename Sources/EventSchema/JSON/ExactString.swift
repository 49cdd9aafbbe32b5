import Foundation

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
/// Equal UTF-8 bytes mean equal scalars; comparing bytes in place is also cheaper than Swift's `==`,
/// which may normalize.
@inline(__always)
func exactlyEqual(_ lhs: String, _ rhs: String) -> Bool {
    // Byte-equal strings are always `==`, and `==` rejects most unequal pairs cheaply.
    guard lhs == rhs else { return false }
    let count = lhs.utf8.count
    guard count == rhs.utf8.count else { return false }
    if count == 0 { return true }
    let equal = lhs.utf8.withContiguousStorageIfAvailable { left in
        rhs.utf8.withContiguousStorageIfAvailable { right in
            memcmp(left.baseAddress!, right.baseAddress!, count) == 0
        }
    }
    return (equal ?? nil) ?? lhs.utf8.elementsEqual(rhs.utf8)
}

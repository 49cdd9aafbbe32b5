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
    // Two strings with the same representation (the same short string held inline, or the same
    // storage) have the same bytes: a key parsed from a payload and the name a schema declares
    // are usually both short, so this settles most matches without reading the bytes.
    if sameRepresentation(lhs, rhs) { return true }
    // A native string knows its UTF-8 length, so most unequal pairs stop here without a call
    // into the runtime's comparison.
    let count = lhs.utf8.count
    guard count == rhs.utf8.count else { return false }
    if count == 0 { return true }
    let equal = lhs.utf8.withContiguousStorageIfAvailable { left in
        rhs.utf8.withContiguousStorageIfAvailable { right in
            equalBytes(left.baseAddress!, right.baseAddress!, count: count)
        }
    }
    return (equal ?? nil) ?? lhs.utf8.elementsEqual(rhs.utf8)
}

/// Whether two strings are the same bits in memory, which implies the same contents (string
/// storage is immutable while shared). Unequal bits say nothing: the caller compares bytes then.
@inline(__always)
func sameRepresentation(_ lhs: String, _ rhs: String) -> Bool {
    withUnsafeBytes(of: lhs) { left in
        withUnsafeBytes(of: rhs) { right in
            guard left.count == 16 else { return left.elementsEqual(right) }
            return left.loadUnaligned(as: UInt64.self) == right.loadUnaligned(as: UInt64.self)
                && left.loadUnaligned(fromByteOffset: 8, as: UInt64.self) == right.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        }
    }
}

/// Whether the `count` bytes at `a` and at `b` are the same: eight bytes at a time for a key
/// of eight or more (the last word overlapping the one before), two overlapping four-byte words
/// for four to seven, a byte at a time below four. Reads no byte outside the `count`.
/// Many keys share a length (`currency`, `customer`, `sequence`), so a byte loop ran often.
@inlinable @inline(__always)
package func equalBytes(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, count: Int) -> Bool {
    if count >= 8 {
        var offset = 0
        while offset + 8 < count {
            guard a.loadUnaligned(fromByteOffset: offset, as: UInt64.self) == b.loadUnaligned(fromByteOffset: offset, as: UInt64.self) else { return false }
            offset += 8
        }
        return a.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) == b.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
    }
    if count >= 4 {
        return a.loadUnaligned(as: UInt32.self) == b.loadUnaligned(as: UInt32.self)
            && a.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self) == b.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
    }
    for offset in 0..<count where a.load(fromByteOffset: offset, as: UInt8.self) != b.load(fromByteOffset: offset, as: UInt8.self) {
        return false
    }
    return true
}

/// Reproduces the iteration order of Java's `HashMap`/`HashSet` of strings, so that differences
/// about property names come out in the order Confluent's diff reports them.
enum JavaHashOrder {
    /// Java's `String.hashCode`, over UTF-16 code units.
    static func hashCode(_ text: String) -> Int32 {
        var hash: Int32 = 0
        for unit in text.utf16 { hash = hash &* 31 &+ Int32(unit) }
        return hash
    }

    /// The bucket `HashMap` puts `text` in, for a table of `capacity` (a power of two).
    static func bucket(_ text: String, capacity: Int) -> Int {
        let hash = UInt32(bitPattern: hashCode(text))
        let spread = hash ^ (hash >> 16)
        return Int(spread & UInt32(capacity - 1))
    }

    /// The table size after inserting `count` keys into a table that starts at `initial`.
    static func capacity(initial: Int, count: Int) -> Int {
        var capacity = initial
        while count > capacity * 3 / 4 { capacity *= 2 }
        return capacity
    }

    /// The smallest power of two at least `value`.
    static func tableSize(for value: Int) -> Int {
        var size = 1
        while size < value { size *= 2 }
        return size
    }

    /// The order a `HashMap` created empty iterates `keys` (distinct, in insertion order).
    static func mapOrder(_ keys: [String]) -> [String] {
        order(keys, capacity: capacity(initial: 16, count: keys.count))
    }

    /// The order of `new HashSet<>(first)` followed by `addAll(second)`, where `first` iterates
    /// in `HashMap` order.
    static func unionOrder(_ first: [String], _ second: [String]) -> [String] {
        let firstOrdered = mapOrder(first)
        var seen = Set(firstOrdered)
        var keys = firstOrdered
        for key in mapOrder(second) where !seen.contains(key) {
            seen.insert(key)
            keys.append(key)
        }
        let initial = tableSize(for: max(Int(Float(first.count) / 0.75) + 1, 16))
        return order(keys, capacity: capacity(initial: initial, count: keys.count))
    }

    private static func order(_ keys: [String], capacity: Int) -> [String] {
        // Each key's bucket is computed once; ties keep insertion order, as a bucket's list does.
        keys.enumerated()
            .map { (bucket: bucket($0.element, capacity: capacity), offset: $0.offset, key: $0.element) }
            .sorted { $0.bucket != $1.bucket ? $0.bucket < $1.bucket : $0.offset < $1.offset }
            .map(\.key)
    }
}

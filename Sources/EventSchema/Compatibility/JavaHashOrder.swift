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
        bucket(hash: hashCode(text), capacity: capacity)
    }

    /// The bucket of a key whose hash code is `hashCode`, for a table of `capacity` (a power of two).
    static func bucket(hash hashCode: Int32, capacity: Int) -> Int {
        let hash = UInt32(bitPattern: hashCode)
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

    /// A key with its Java hash code, computed once.
    struct HashedName {
        let name: String
        let hash: Int32

        init(_ name: String) {
            self.name = name
            self.hash = JavaHashOrder.hashCode(name)
        }
    }

    /// The order a `HashMap` created empty iterates `keys` (distinct, in insertion order).
    static func mapOrder(_ keys: [String]) -> [String] {
        mapOrder(keys.map(HashedName.init)).map(\.name)
    }

    /// ``mapOrder(_:)`` of keys whose hash codes are known.
    static func mapOrder(_ keys: [HashedName]) -> [HashedName] {
        order(keys, capacity: capacity(initial: 16, count: keys.count))
    }

    /// The order of `new HashSet<>(first)` followed by `addAll(second)`, where `first` iterates
    /// in `HashMap` order.
    static func unionOrder(_ first: [String], _ second: [String]) -> [String] {
        let firstOrdered = mapOrder(first.map(HashedName.init))
        let firstNames = Set(first)
        return unionOrder(firstOrdered, mapOrder(second.map(HashedName.init)), firstContains: { firstNames.contains($0) })
    }

    /// ``unionOrder(_:_:)`` of two key lists already in `HashMap` order, with their hash codes;
    /// `firstContains` tells whether a key is one of the first list's.
    static func unionOrder(_ firstInMapOrder: [HashedName], _ secondInMapOrder: [HashedName],
                           firstContains: (String) -> Bool) -> [String] {
        var keys = firstInMapOrder
        var added: Set<String> = []
        for key in secondInMapOrder where !firstContains(key.name) && added.insert(key.name).inserted {
            keys.append(key)
        }
        let initial = tableSize(for: max(Int(Float(firstInMapOrder.count) / 0.75) + 1, 16))
        return order(keys, capacity: capacity(initial: initial, count: keys.count)).map(\.name)
    }

    private static func order(_ keys: [HashedName], capacity: Int) -> [HashedName] {
        // Ties keep insertion order, as a bucket's list does.
        keys.enumerated()
            .map { (bucket: bucket(hash: $0.element.hash, capacity: capacity), offset: $0.offset, key: $0.element) }
            .sorted { $0.bucket != $1.bucket ? $0.bucket < $1.bucket : $0.offset < $1.offset }
            .map(\.key)
    }
}

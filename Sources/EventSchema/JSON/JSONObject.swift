/// A JSON object: string keys, each at most once, in document order.
///
/// Event payloads have a handful of members, so members live in one contiguous array and a lookup
/// is a short linear scan; objects with many members also keep a hash index. Equality ignores
/// member order, as JSON does.
///
/// ```swift
/// var object = JSONObject()
/// object["orderId"] = "ord_4Q8ZK1T9"
/// object["sequence"] = 1234567890123456789
/// object.keys   // ["orderId", "sequence"]
/// ```
public struct JSONObject: Sendable {
    /// A member: a key and its value.
    public typealias Member = (key: String, value: JSONValue)

    /// The members, in document order.
    public private(set) var members: [Member]
    /// Positions of keys, kept only once an object has more than ``indexThreshold`` members.
    private var index: [ExactString: Int]?

    /// Above this many members an object keeps a hash index of its keys.
    public static let indexThreshold = 12

    /// Creates an empty object.
    public init() {
        members = []
    }

    /// Creates an object from members whose keys are known to be distinct.
    ///
    /// - Precondition: no key appears twice (checked in debug builds).
    public init(uniqueMembers members: [Member]) {
        self.members = members
        if members.count > Self.indexThreshold { rebuildIndex() }
        assert(Set(members.map { ExactString($0.key) }).count == members.count, "duplicate key in JSONObject(uniqueMembers:)")
    }

    /// The number of members.
    public var count: Int { members.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { members.isEmpty }

    /// The keys, in document order.
    public var keys: [String] { members.map(\.key) }

    /// The position of `key` among the members, if present.
    ///
    /// - Complexity: O(*n*) for small objects, O(1) for objects with an index.
    public func position(of key: String) -> Int? {
        position(of: key, hint: 0)
    }

    /// The position of `key`, looking at `hint` first.
    ///
    /// Members are usually written in the order a schema declares them, so a caller walking the
    /// declared properties in order finds each at the position after the last.
    @inline(__always)
    public func position(of key: String, hint: Int) -> Int? {
        // The common case, the same short key at the hint, costs no call.
        if hint < members.count, sameRepresentation(members[hint].key, key) { return hint }
        return searchPosition(of: key, hint: hint)
    }

    /// ``position(of:hint:)`` past its first check: the key compared by its bytes.
    private func searchPosition(of key: String, hint: Int) -> Int? {
        if hint < members.count, exactlyEqual(members[hint].key, key) { return hint }
        if let index { return index[ExactString(key)] }
        for position in members.indices where exactlyEqual(members[position].key, key) { return position }
        return nil
    }

    /// The value of the member `key`; assigning `nil` removes the member.
    ///
    /// Assigning to an existing key keeps its position; a new key is appended.
    public subscript(key: String) -> JSONValue? {
        get {
            guard let position = position(of: key) else { return nil }
            return members[position].value
        }
        set {
            if let position = position(of: key) {
                if let newValue {
                    members[position].value = newValue
                } else {
                    members.remove(at: position)
                    if index != nil { rebuildIndex() }
                }
            } else if let newValue {
                members.append((key, newValue))
                if index != nil {
                    index![ExactString(key)] = members.count - 1
                } else if members.count > Self.indexThreshold {
                    rebuildIndex()
                }
            }
        }
    }

    /// Changes the member `key` in place: `body` gets its value (`nil` when absent); leaving
    /// `nil` removes it, a value sets it (a new key is appended).
    ///
    /// The value is moved out while `body` runs, so changing it copies nothing.
    public mutating func updateValue<Failure: Error>(forKey key: String, _ body: (inout JSONValue?) throws(Failure) -> Void) throws(Failure) {
        guard let position = position(of: key) else {
            var slot: JSONValue?
            try body(&slot)
            if let slot { self[key] = slot }
            return
        }
        var slot: JSONValue? = members[position].value
        members[position].value = .null
        do {
            try body(&slot)
        } catch {
            members[position].value = slot ?? .null
            throw error
        }
        if let slot {
            members[position].value = slot
        } else {
            members.remove(at: position)
            if index != nil { rebuildIndex() }
        }
    }

    /// Renames the member at `position` to `newKey`, keeping its place and value.
    ///
    /// - Precondition: no other member has the key `newKey`.
    public mutating func renameMember(at position: Int, to newKey: String) {
        members[position].key = newKey
        if index != nil { rebuildIndex() }
    }

    /// Changes every member's value in place, in order.
    public mutating func updateValues<Failure: Error>(_ body: (inout JSONValue) throws(Failure) -> Void) throws(Failure) {
        for position in members.indices {
            var value = members[position].value
            members[position].value = .null
            defer { members[position].value = value }
            try body(&value)
        }
    }

    /// Changes every member's value in place, in order: `body` gets each value, and leaving
    /// `nil` removes that member. The kept members keep their order.
    ///
    /// Each value is moved out while `body` runs, so changing it copies nothing. When `body`
    /// throws, the member it was given stays (with the value it left) and the later members are
    /// not visited.
    ///
    /// - Complexity: O(*n*), plus rebuilding the index of a large object when a member goes.
    public mutating func updateOrRemoveValues<Failure: Error>(_ body: (inout JSONValue?) throws(Failure) -> Void) throws(Failure) {
        // Kept members are gathered at the front, in order; removed ones end in `kept..<position`.
        var kept = 0
        var position = 0
        defer {
            if kept < position {
                members.removeSubrange(kept..<position)
                if index != nil { rebuildIndex() }
            }
        }
        while position < members.count {
            var slot: JSONValue? = members[position].value
            members[position].value = .null
            do {
                try body(&slot)
            } catch {
                keep(&kept, position, slot ?? .null)
                position += 1
                throw error
            }
            if let slot { keep(&kept, position, slot) }
            position += 1
        }
    }

    /// Puts `value` at `position` and moves that member to `kept`, the front of the removed ones.
    private mutating func keep(_ kept: inout Int, _ position: Int, _ value: JSONValue) {
        members[position].value = value
        if kept != position { members.swapAt(kept, position) }
        kept += 1
    }

    /// Removes the member `key` and returns its value, if it was present.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        let old = self[key]
        self[key] = nil
        return old
    }

    private mutating func rebuildIndex() {
        var index = [ExactString: Int](minimumCapacity: members.count)
        for (position, member) in members.enumerated() { index[ExactString(member.key)] = position }
        self.index = index
    }
}

extension JSONObject: Sequence {
    /// Iterates the members in document order.
    public func makeIterator() -> IndexingIterator<[Member]> {
        members.makeIterator()
    }
}

extension JSONObject: Equatable {
    /// Equal when both have the same keys with equal values, in any order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for (key, value) in lhs.members {
            guard let other = rhs[key], other == value else { return false }
        }
        return true
    }
}

extension JSONObject: Hashable {
    /// Hashes independently of member order.
    public func hash(into hasher: inout Hasher) {
        var combined = 0
        for (key, value) in members {
            var memberHasher = Hasher()
            memberHasher.combine(ExactString(key))
            memberHasher.combine(value)
            combined ^= memberHasher.finalize()
        }
        hasher.combine(count)
        hasher.combine(combined)
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// Creates an object with the members in the order written.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init()
        for (key, value) in elements { self[key] = value }
    }
}

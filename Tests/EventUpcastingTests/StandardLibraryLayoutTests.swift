import Testing

/// What `JSONValueDecoder` relies on of the standard library's layout (its
/// `StandardLibraryLayout`): a `KeyedDecodingContainer` is one reference, to the box around the
/// container it was made from, shared by its copies. If the standard library changes that, these
/// fail, before the decoder's casts go wrong.
struct StandardLibraryLayoutTests {
    enum Key: CodingKey { case name }

    /// A keyed container that reads `name` as "kept" and nothing else.
    struct Container: KeyedDecodingContainerProtocol {
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { [.name] }
        func contains(_ key: Key) -> Bool { key == .name }
        func decodeNil(forKey key: Key) throws -> Bool { false }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            guard let value = "kept" as? T else { throw DecodingError.typeMismatch(T.self, .init(codingPath: [], debugDescription: "")) }
            return value
        }
        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            throw DecodingError.typeMismatch(type, .init(codingPath: [], debugDescription: ""))
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            throw DecodingError.typeMismatch(Key.self, .init(codingPath: [], debugDescription: ""))
        }
        func superDecoder() throws -> any Decoder { throw DecodingError.typeMismatch(Key.self, .init(codingPath: [], debugDescription: "")) }
        func superDecoder(forKey key: Key) throws -> any Decoder { try superDecoder() }
    }

    @Test func aKeyedDecodingContainerIsOneReference() {
        #expect(MemoryLayout<KeyedDecodingContainer<Key>>.size == MemoryLayout<AnyObject>.size)
        #expect(MemoryLayout<KeyedDecodingContainer<Key>>.alignment == MemoryLayout<AnyObject>.alignment)
    }

    /// Its one stored property is a class instance, the reference the cast reads.
    @Test func itsOneFieldIsTheBox() throws {
        let container = KeyedDecodingContainer(Container())
        let children = Array(Mirror(reflecting: container).children)
        try #require(children.count == 1)
        let field = children[0].value
        #expect(type(of: field) is AnyClass)
        let fieldIdentity = ObjectIdentifier(field as AnyObject)
        let box = unsafeBitCast(container, to: AnyObject.self)
        #expect(fieldIdentity == ObjectIdentifier(box))
    }

    /// Made again from the box, it reads as the container it was made from.
    @Test func theBoxMakesTheSameContainer() throws {
        let box = unsafeBitCast(KeyedDecodingContainer(Container()), to: AnyObject.self)
        let again = unsafeBitCast(box, to: KeyedDecodingContainer<Key>.self)
        #expect(try again.decode(String.self, forKey: .name) == "kept")
    }

    /// Copies of the container share the box, so the box is referenced once more for each copy
    /// alive: how the decoder tells a container still in use (by `isKnownUniquelyReferenced`).
    @Test func copiesShareTheBox() {
        let container = KeyedDecodingContainer(Container())
        let copy = container
        let boxes = [container, copy].map { ObjectIdentifier(unsafeBitCast($0, to: AnyObject.self)) }
        #expect(boxes[0] == boxes[1])
    }

    /// The box lives as long as a copy of the container does, and no longer.
    @Test func theBoxLivesAsLongAsAContainer() {
        weak var box: AnyObject?
        do {
            let container = KeyedDecodingContainer(Container())
            box = unsafeBitCast(container, to: AnyObject.self)
            #expect(box != nil)
            _ = container
        }
        #expect(box == nil)
    }
}

import EventSchema
import EventUpcasting
import Foundation
import Testing

/// The kinds of container a type's `init(from:)` can keep past its decode.
enum KeptContainerKind: String, CaseIterable, Sendable {
    case keyed, unkeyed, singleValue, superDecoder
}

/// A name for payload `index`, with a tail whose length varies with `index`, so that two
/// payloads differ in their bytes and in where their values are.
private func name(_ index: Int) -> String {
    "payload \(index) " + String(repeating: "x", count: index % 7 * 40)
}

/// Keeps a keyed container of `{"name": N}`.
private struct KeepsKeyed: Decodable {
    enum CodingKeys: CodingKey { case name }
    let kept: KeyedDecodingContainer<CodingKeys>
    init(from decoder: any Decoder) throws {
        kept = try decoder.container(keyedBy: CodingKeys.self)
        _ = try kept.decode(String.self, forKey: .name)
    }
    func readAgain() throws -> String { try kept.decode(String.self, forKey: .name) }
}

/// Keeps the unkeyed container of `[N]`, unread.
private struct KeepsUnkeyed: Decodable {
    let kept: any UnkeyedDecodingContainer
    init(from decoder: any Decoder) throws { kept = try decoder.unkeyedContainer() }
    func readAgain() throws -> String {
        var container = kept
        return try container.decode(String.self)
    }
}

/// Keeps the single-value container of the string in `[N]`.
private struct KeepsSingleValue: Decodable {
    let kept: any SingleValueDecodingContainer
    init(from decoder: any Decoder) throws {
        kept = try decoder.singleValueContainer()
        _ = try kept.decode(String.self)
    }
    func readAgain() throws -> String { try kept.decode(String.self) }
}

/// Keeps a `superDecoder()` of the element of `[N]`.
private struct KeepsSuperDecoder: Decodable {
    let kept: any Decoder
    init(from decoder: any Decoder) throws {
        var elements = try decoder.unkeyedContainer()
        kept = try elements.superDecoder()
    }
    func readAgain() throws -> String { try String(from: kept) }
}

struct DecoderPoolTests {
    /// Decodes payload `index` (of the shape `kind` reads) into the type that keeps a container of
    /// `kind`, and returns what reads the kept container again.
    ///
    /// Apart from `keyed`, they make no keyed container: in a debug build the pool never takes
    /// back a decoder that made one (`isKnownUniquelyReferenced` on the `AnyObject` boxes it keeps
    /// answers `false` at `-Onone`), so without one these fail in the tests' build too when the
    /// pool hands a kept decoder to another decode.
    private func decodeKeeping(_ kind: KeptContainerKind, _ index: Int, with decoder: JSONValueDecoder) throws -> () throws -> String {
        let text = JSONValue.string(name(index))
        switch kind {
        case .keyed: return try decoder.decode(KeepsKeyed.self, from: ["name": text]).readAgain
        case .unkeyed: return try decoder.decode(KeepsUnkeyed.self, from: [text]).readAgain
        case .singleValue:
            // The container of an element: the decoder moves back to the array after reading it.
            let kept = try decoder.decode([KeepsSingleValue].self, from: [text])
            return kept[0].readAgain
        case .superDecoder: return try decoder.decode(KeepsSuperDecoder.self, from: [text]).readAgain
        }
    }

    /// Another decode, of payload `index`, on `decoder`: a single string, so that a decoder handed
    /// to it holds a string where the kept container reads.
    private func decodeAnother(_ kind: KeptContainerKind, _ index: Int, with decoder: JSONValueDecoder) throws -> String {
        switch kind {
        case .keyed: try decoder.decode([String: String].self, from: ["name": .string(name(index))])["name"] ?? ""
        case .unkeyed, .superDecoder: try decoder.decode([String].self, from: [.string(name(index))]).first ?? ""
        case .singleValue: try decoder.decode(String.self, from: .string(name(index)))
        }
    }

    /// A container of each kind that a type's `init(from:)` keeps goes on reading its own payload
    /// after other decodes on the same decoder, on two threads at once: the pool never hands its
    /// decoder, whose buffers the container reads, to another decode. (Reading it may also throw;
    /// it must never read another payload.)
    @Test(arguments: KeptContainerKind.allCases)
    func aKeptContainerReadsOnlyItsOwnPayload(_ kind: KeptContainerKind) throws {
        let decoder = JSONValueDecoder()
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 2) { thread in
            for round in 0..<100 {
                let own = 2 * round + thread, other = 2 * round + thread + 1
                do {
                    let readAgain = try decodeKeeping(kind, own, with: decoder)
                    let another = try decodeAnother(kind, other, with: decoder)
                    guard another == name(other) else {
                        failures.add("thread \(thread) round \(round): the other decode read \(another.prefix(12))")
                        continue
                    }
                    // Reading it may throw; what it reads must be its own.
                    if let again = try? readAgain(), again != name(own) {
                        failures.add("thread \(thread) round \(round): read \(again.prefix(12)), not \(name(own).prefix(12))")
                    }
                } catch {
                    failures.add("thread \(thread) round \(round): \(error)")
                }
            }
        }
        #expect(failures.list.isEmpty, "\(failures.list.prefix(3))")
    }

    /// The same, one decode after the other, where reading the kept container succeeds.
    @Test(arguments: KeptContainerKind.allCases)
    func aKeptContainerReadsItsOwnPayloadAfterOtherDecodes(_ kind: KeptContainerKind) throws {
        let decoder = JSONValueDecoder()
        let readAgain = try decodeKeeping(kind, 1, with: decoder)
        for index in 2..<6 {
            #expect(try decodeAnother(kind, index, with: decoder) == name(index))
            #expect(try readAgain() == name(1))
        }
    }

    /// A decoder that nothing keeps is reused by the next decode: the pool keeps it.
    @Test func aDecoderNothingKeepsIsKeptForTheNextDecode() throws {
        final class Watch: @unchecked Sendable { weak var decoder: AnyObject? }
        struct Watched: Decodable {
            static let watch = Watch()
            var name: String
            init(from decoder: any Decoder) throws {
                Self.watch.decoder = decoder as AnyObject
                var elements = try decoder.unkeyedContainer()
                name = try elements.decode(String.self)
            }
        }
        let decoder = JSONValueDecoder()
        #expect(try decoder.decode(Watched.self, from: [.string(name(1))]).name == name(1))
        #expect(Watched.watch.decoder != nil)
        withExtendedLifetime(decoder) {}
    }
}

import EventSchema
import EventUpcasting
import Foundation
import Testing

// The example domain's current order, as `EventReaderTests` declares it.
private typealias OrderPlaced = CurrentOrderPlaced
private typealias Money = CurrentOrderPlaced.Money
private typealias Line = CurrentOrderPlaced.Line

private enum Channel: String, Decodable {
    case web, store
}

private struct Tagged: Decodable {
    var channel: Channel
    var note: String?
    var discount: Money?
    var attempts: Int?
}

/// A type whose own `init(from:)` rejects a value.
private struct Currency: Decodable {
    var code: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let code = try container.decode(String.self)
        guard code.count == 3 else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\"\(code)\" is not an ISO 4217 code")
        }
        self.code = code
    }
}

private struct Priced: Decodable {
    var currency: Currency
}

struct JSONValueDecoderTests {
    private let decoder = JSONValueDecoder()

    private let orderText = #"""
    {
      "orderId": "ord_4Q8ZK1T9",
      "customerId": "cus_8812",
      "total": {"minorUnits": 59997, "currency": "EUR"},
      "lines": [
        {"sku": "SKU-RED-SHIRT-M", "quantity": 2, "unitPrice": {"minorUnits": 19999, "currency": "EUR"}},
        {"sku": "SKU-BLUE-HAT-L", "quantity": 1, "unitPrice": {"minorUnits": 19999, "currency": "EUR"}}
      ],
      "placedAt": "2024-05-01T12:30:00Z",
      "sequence": 1234567890123456789
    }
    """#

    /// Decodes `text` as `T`, expecting a failure, and returns it.
    private func decodingFailure<T: Decodable>(_ type: T.Type, _ text: String) throws -> DecodingFailure? {
        let value = try JSONValue(parsing: text)
        do {
            _ = try decoder.decode(T.self, from: value)
            return nil
        } catch {
            return error
        }
    }

    @Test func nestedEventDecodes() throws {
        let event = try decoder.decode(OrderPlaced.self, from: JSONValue(parsing: orderText))
        #expect(event.orderId == "ord_4Q8ZK1T9")
        #expect(event.total == Money(minorUnits: 59997, currency: "EUR"))
        #expect(event.lines.count == 2)
        #expect(event.lines[1] == Line(sku: "SKU-BLUE-HAT-L", quantity: 1, unitPrice: Money(minorUnits: 19999, currency: "EUR")))
        #expect(event.placedAt == Date(timeIntervalSince1970: 1_714_566_600))
        #expect(event.sequence == 1_234_567_890_123_456_789)
    }

    @Test func largeIntegersAreExact() throws {
        #expect(try decoder.decode(Int64.self, from: JSONValue(parsing: "1234567890123456789")) == 1_234_567_890_123_456_789)
        #expect(try decoder.decode(UInt64.self, from: JSONValue(parsing: "18446744073709551615")) == UInt64.max)
        #expect(try decoder.decode(Int64.self, from: JSONValue(parsing: "-9223372036854775808")) == Int64.min)
        #expect(try decoder.decode([Int64].self, from: [0, -7, 42, .number(JSONNumber(Int64.max))]) == [0, -7, 42, Int64.max])
        #expect(try decoder.decode(Int.self, from: JSONValue(parsing: "1.0")) == 1)
        #expect(try decoder.decode(Int.self, from: JSONValue(parsing: "1e3")) == 1000)
    }

    @Test func decimalIsExact() throws {
        let price = try decoder.decode(Decimal.self, from: JSONValue(parsing: "199.99"))
        #expect(price == Decimal(string: "199.99"))
        let prices = try decoder.decode([String: Decimal].self, from: JSONValue(parsing: #"{"net": 0.1, "gross": 12345678901234567890.12}"#))
        #expect(prices["net"] == Decimal(string: "0.1"))
        #expect(prices["gross"] == Decimal(string: "12345678901234567890.12"))
    }

    /// Integers narrower than `Int64` and `Float`, which the containers have no method of their
    /// own for, encode as numbers (they once recursed without end), and so does `JSONValue`,
    /// exactly, both ways.
    @Test func narrowIntegersFloatAndJSONValueEncodeAndDecode() throws {
        struct Narrow: Codable, Equatable {
            var a: Int32, b: UInt8, c: [Int16], d: Float, e: UInt32?, f: JSONValue
        }
        let value = Narrow(a: -7, b: 255, c: [1, -2], d: 0.5, e: 4_000_000_000,
                           f: ["big": .number(JSONNumber(exactly: "123456789012345678901234567890.5")!), "list": [true, nil]])
        let encoded = try JSONValueEncoder().encode(value)
        #expect(encoded == ["a": -7, "b": 255, "c": [1, -2], "d": 0.5, "e": 4_000_000_000, "f": value.f])
        #expect(try decoder.decode(Narrow.self, from: encoded) == value)
        #expect(try JSONValueEncoder().encode(Int32(3)) == 3)
        #expect(try decoder.decode(JSONValue.self, from: value.f) == value.f)
    }

    @Test func doublesReadTheNearestValue() throws {
        #expect(try decoder.decode(Double.self, from: JSONValue(parsing: "0.1")) == 0.1)
        #expect(try decoder.decode(Float.self, from: JSONValue(parsing: "0.1")) == (0.1 as Float))
        let failure = try decodingFailure(Double.self, "1e400")
        #expect(failure?.reason == "1e400 is out of range for Double")
    }

    @Test func rfc3339Dates() throws {
        func date(_ text: String) throws -> Date {
            try decoder.decode(Date.self, from: .string(text))
        }
        #expect(try date("2024-05-01T12:30:00Z") == Date(timeIntervalSince1970: 1_714_566_600))
        #expect(try date("2024-05-01T12:30:00.5Z") == Date(timeIntervalSince1970: 1_714_566_600.5))
        #expect(try date("2024-05-01T12:30:00.250000000Z") == Date(timeIntervalSince1970: 1_714_566_600.25))
        #expect(try date("2024-05-01T14:30:00+02:00") == Date(timeIntervalSince1970: 1_714_566_600))
        #expect(try date("2024-05-01T07:00:00.5-05:30") == Date(timeIntervalSince1970: 1_714_566_600.5))
        #expect(try date("2024-02-29T00:00:00Z") == Date(timeIntervalSince1970: 1_709_164_800))
        #expect(try date("1969-12-31T23:59:59Z") == Date(timeIntervalSince1970: -1))

        for bad in ["2024-13-01T00:00:00Z", "2023-02-29T00:00:00Z", "2024-05-01 12:30:00Z", "2024-05-01T12:30:00", "2024-05-01T12:30:00.Z", "2024-05-01T12:30:00+0200"] {
            let failure = try decodingFailure(Date.self, "\"\(bad)\"")
            #expect(failure == DecodingFailure(pointer: .root, reason: "\"\(bad)\" is not an RFC 3339 date-time"))
        }
    }

    @Test func otherDateStrategies() throws {
        var decoder = JSONValueDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        #expect(try decoder.decode(Date.self, from: 1_714_566_600) == Date(timeIntervalSince1970: 1_714_566_600))
        decoder.dateDecodingStrategy = .millisecondsSince1970
        #expect(try decoder.decode(Date.self, from: 1_714_566_600_500) == Date(timeIntervalSince1970: 1_714_566_600.5))
    }

    @Test func urlAndData() throws {
        #expect(try decoder.decode(URL.self, from: "https://example.com/a?b=c") == URL(string: "https://example.com/a?b=c"))
        #expect(try decoder.decode(Data.self, from: "AAEC/w==") == Data([0, 1, 2, 255]))
    }

    @Test func outOfRangeIntegerNamesItsPointer() throws {
        struct Small: Decodable { var level: Int8 }
        let failure = try decodingFailure([Small].self, #"[{"level": 1}, {"level": 300}]"#)
        #expect(failure?.pointer == JSONPointer(tokens: ["1", "level"]))
        #expect(failure?.reason == "300 is out of range for Int8")
        #expect(failure?.description == "#/1/level: 300 is out of range for Int8")
        #expect(try decodingFailure(Int64.self, "9223372036854775808")?.reason == "9223372036854775808 is out of range for Int64")
        #expect(try decodingFailure(UInt.self, "-1")?.reason == "-1 is out of range for UInt")
    }

    @Test func fractionalIntegerNamesItsPointer() throws {
        let text = orderText.replacingOccurrences(of: #""quantity": 1,"#, with: #""quantity": 1.5,"#)
        let failure = try decodingFailure(OrderPlaced.self, text)
        #expect(failure == DecodingFailure(pointer: JSONPointer(tokens: ["lines", "1", "quantity"]), reason: "1.5 is not an integer"))
    }

    @Test func stringWhereIntExpected() throws {
        let text = orderText.replacingOccurrences(of: #""quantity": 1,"#, with: #""quantity": "1","#)
        let failure = try decodingFailure(OrderPlaced.self, text)
        #expect(failure?.pointer.description == "/lines/1/quantity")
        #expect(failure?.reason == "expected Int, found string")
        #expect(failure?.description == "#/lines/1/quantity: expected Int, found string")
    }

    @Test func noCoercionBetweenKinds() throws {
        #expect(try decodingFailure(Bool.self, "1")?.reason == "expected Bool, found number")
        #expect(try decodingFailure(String.self, "true")?.reason == "expected String, found boolean")
        #expect(try decodingFailure(Int.self, "null")?.reason == "expected Int, found null")
        #expect(try decodingFailure(Money.self, "[]")?.reason == "expected object, found array")
    }

    @Test func missingKeyIsReportedAtItsObject() throws {
        let text = orderText.replacingOccurrences(
            of: #""SKU-BLUE-HAT-L", "quantity": 1, "unitPrice": {"minorUnits": 19999, "currency": "EUR"}"#,
            with: #""SKU-BLUE-HAT-L", "quantity": 1, "unitPrice": {"minorUnits": 19999, "currenc": "EUR"}"#
        )
        let failure = try decodingFailure(OrderPlaced.self, text)
        #expect(failure == DecodingFailure(pointer: JSONPointer(tokens: ["lines", "1", "unitPrice"]), reason: #"missing key "currency""#))

        let missingTop = orderText.replacingOccurrences(of: #""orderId": "ord_4Q8ZK1T9","#, with: "")
        #expect(try decodingFailure(OrderPlaced.self, missingTop) == DecodingFailure(pointer: .root, reason: #"missing key "orderId""#))
    }

    @Test func optionalKeysAbsentOrNull() throws {
        let absent = try decoder.decode(Tagged.self, from: JSONValue(parsing: #"{"channel": "web"}"#))
        #expect(absent.channel == .web)
        #expect(absent.note == nil && absent.discount == nil && absent.attempts == nil)

        let null = try decoder.decode(Tagged.self, from: JSONValue(parsing: #"{"channel": "store", "note": null, "discount": null, "attempts": null}"#))
        #expect(null.channel == .store)
        #expect(null.note == nil && null.discount == nil && null.attempts == nil)

        let present = try decoder.decode(Tagged.self, from: JSONValue(parsing: #"{"channel": "web", "note": "gift", "discount": {"minorUnits": 500, "currency": "EUR"}, "attempts": 3}"#))
        #expect(present.note == "gift")
        #expect(present.discount == Money(minorUnits: 500, currency: "EUR"))
        #expect(present.attempts == 3)

        let wrong = try decodingFailure(Tagged.self, #"{"channel": "web", "attempts": "3"}"#)
        #expect(wrong == DecodingFailure(pointer: JSONPointer(tokens: ["attempts"]), reason: "expected Int, found string"))
    }

    @Test func arraysOfOptionals() throws {
        #expect(try decoder.decode([Int?].self, from: JSONValue(parsing: "[1, null, 3]")) == [1, nil, 3])
        #expect(try decoder.decode([Money?].self, from: JSONValue(parsing: #"[null, {"minorUnits": 1, "currency": "EUR"}]"#))
            == [nil, Money(minorUnits: 1, currency: "EUR")])
        let failure = try decodingFailure([Int?].self, #"[1, null, "x"]"#)
        #expect(failure == DecodingFailure(pointer: JSONPointer(tokens: ["2"]), reason: "expected Int, found string"))
    }

    /// Arrays decode their elements into storage reserved up front; every shape of array, and the
    /// collections that are not arrays, give what Foundation's `JSONDecoder` gives, and a bad
    /// element deep inside is named by its pointer.
    @Test func arraysOfEveryShapeDecodeAsFoundationDoes() throws {
        struct Grid: Decodable, Equatable {
            var rows: [[Int64]]
            var empty: [String]
            var lines: [Line]
            var tags: Set<String>
            var counts: ContiguousArray<Int>
            var stack: Stack
        }
        /// A collection with its own `init(from:)` over an unkeyed container: read as written.
        struct Stack: Decodable, Equatable {
            var items: [String]
            init(from decoder: any Decoder) throws {
                var container = try decoder.unkeyedContainer()
                var items: [String] = []
                while !container.isAtEnd { items.insert(try container.decode(String.self), at: 0) }
                self.items = items
            }
        }
        let text = #"""
        {"rows": [[1234567890123456789, -1], [], [0]], "empty": [],
         "lines": [{"sku": "A", "quantity": 1, "unitPrice": {"minorUnits": 19999, "currency": "EUR"}}],
         "tags": ["b", "a", "b"], "counts": [3, 2, 1], "stack": ["x", "y", "z"]}
        """#
        let ours = try decoder.decode(Grid.self, from: JSONValue(parsing: text))
        let foundation = try JSONDecoder().decode(Grid.self, from: Data(text.utf8))
        #expect(ours == foundation)
        #expect(ours.rows == [[1234567890123456789, -1], [], [0]])
        #expect(ours.stack.items == ["z", "y", "x"])
        let failure = try decodingFailure([[[Int8]]].self, "[[[1]], [[2, 300]]]")
        #expect(failure == DecodingFailure(pointer: JSONPointer(tokens: ["1", "0", "1"]), reason: "300 is out of range for Int8"))
        let notArray = try decodingFailure([Int].self, #"{"0": 1}"#)
        #expect(notArray?.pointer == JSONPointer(tokens: []))
    }

    @Test func enumsWithStringRawValues() throws {
        #expect(try decoder.decode([Channel].self, from: JSONValue(parsing: #"["web", "store"]"#)) == [.web, .store])
        let failure = try decodingFailure(Tagged.self, #"{"channel": "phone"}"#)
        #expect(failure?.pointer == JSONPointer(tokens: ["channel"]))
        #expect(failure?.reason.contains("phone") == true)
    }

    @Test func customInitFromErrorsCarryTheirPointer() throws {
        let failure = try decodingFailure([Priced].self, #"[{"currency": "EUR"}, {"currency": "EURO"}]"#)
        #expect(failure == DecodingFailure(pointer: JSONPointer(tokens: ["1", "currency"]), reason: #""EURO" is not an ISO 4217 code"#))
    }

    @Test func keyedContainerIntrospection() throws {
        struct Probe: Decodable {
            enum Keys: String, CodingKey { case a, b, c }
            var allKeys: [Keys]
            var containsC: Bool
            var bIsNil: Bool
            var nested: Int
            var count: Int?
            var superValue: String

            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: Keys.self)
                allKeys = container.allKeys
                containsC = container.contains(.c)
                bIsNil = try container.decodeNil(forKey: .b)
                let nested = try container.nestedContainer(keyedBy: Keys.self, forKey: .a)
                self.nested = try nested.decode(Int.self, forKey: .c)
                var list = try nested.nestedUnkeyedContainer(forKey: .b)
                count = list.count
                #expect(list.currentIndex == 0)
                superValue = try String(from: list.superDecoder())
                #expect(list.currentIndex == 1)
                #expect(list.isAtEnd)
            }
        }
        let probe = try decoder.decode(Probe.self, from: JSONValue(parsing: #"{"x": 0, "b": null, "a": {"c": 7, "b": ["s"]}}"#))
        #expect(probe.allKeys == [.b, .a])
        #expect(!probe.containsC)
        #expect(probe.bIsNil)
        #expect(probe.nested == 7)
        #expect(probe.count == 1)
        #expect(probe.superValue == "s")
    }

    @Test func userInfoReachesInitFrom() throws {
        struct Reader: Decodable {
            var flag: Bool
            init(from decoder: any Decoder) throws {
                flag = decoder.userInfo[CodingUserInfoKey(rawValue: "flag")!] as? Bool ?? false
            }
        }
        var decoder = JSONValueDecoder()
        decoder.userInfo[CodingUserInfoKey(rawValue: "flag")!] = true
        #expect(try decoder.decode(Reader.self, from: .null).flag)
    }

    /// The decoder reuses a keyed container once its user is done with it; a container still in use
    /// (a parent while its children of the same type decode) is never handed out again.
    @Test func containersOfOneTypeNestAndFollowEachOther() throws {
        struct Node: Decodable, Equatable { var name: String; var children: [Node] }
        let value = try JSONValue(parsing: #"""
            {"name": "root", "children": [
              {"name": "a", "children": [{"name": "a1", "children": []}, {"name": "a2", "children": []}]},
              {"name": "b", "children": []},
              {"name": "c", "children": [{"name": "c1", "children": [{"name": "c11", "children": []}]}]}]}
            """#)
        let leaf = { (name: String) in Node(name: name, children: []) }
        #expect(try JSONValueDecoder().decode(Node.self, from: value) == Node(name: "root", children: [
            Node(name: "a", children: [leaf("a1"), leaf("a2")]), leaf("b"),
            Node(name: "c", children: [Node(name: "c1", children: [leaf("c11")])]),
        ]))
        let broken = try JSONValue(parsing: #"{"name": "root", "children": [{"name": "a", "children": []}, {"name": 7, "children": []}]}"#)
        #expect(throws: DecodingFailure(pointer: JSONPointer("/children/1/name")!, reason: "expected String, found number")) {
            try JSONValueDecoder().decode(Node.self, from: broken)
        }
    }

    /// A decode leaves nothing behind: the decoder and the containers it kept are freed.
    @Test func aDecodeFreesItsDecoder() throws {
        final class Watch: @unchecked Sendable { weak var decoder: AnyObject? }
        struct Watched: Decodable {
            static let watch = Watch()
            var money: [CurrentOrderPlaced.Money]
            init(from decoder: any Decoder) throws {
                Self.watch.decoder = decoder as AnyObject
                money = try decoder.container(keyedBy: CodingKeys.self).decode([CurrentOrderPlaced.Money].self, forKey: .money)
            }
            enum CodingKeys: CodingKey { case money }
        }
        let value = try JSONValue(parsing: #"{"money": [{"minorUnits": 1, "currency": "EUR"}, {"minorUnits": 2, "currency": "USD"}]}"#)
        let watched = try JSONValueDecoder().decode(Watched.self, from: value)
        #expect(watched.money.map(\.minorUnits) == [1, 2])
        #expect(Watched.watch.decoder == nil)
    }

    /// One decoder used over and over, from several threads at once, gives every payload its own
    /// value: the decoders it keeps between decodes are never shared by two decodes.
    @Test func oneDecoderServesManyDecodesOnManyThreads() throws {
        let decoder = JSONValueDecoder()
        let payloads = try (0..<64).map { index in
            try JSONValue(parsing: #"{"orderId": "ord_\#(index)", "customerId": "c", "total": {"minorUnits": \#(index), "currency": "EUR"}, "#
                          + #""lines": [{"sku": "S\#(index)", "quantity": \#(index + 1), "unitPrice": {"minorUnits": \#(index * 2), "currency": "USD"}}], "#
                          + #""placedAt": "2024-06-10T18:05:01Z", "sequence": \#(1234567890123456789 + index)}"#)
        }
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 4) { thread in
            for round in 0..<50 {
                let index = (thread * 17 + round) % payloads.count
                guard let order = try? decoder.decode(CurrentOrderPlaced.self, from: payloads[index]),
                      order.orderId == "ord_\(index)", order.total.minorUnits == Int64(index),
                      order.lines.first?.unitPrice.minorUnits == Int64(index * 2), order.sequence == 1234567890123456789 + Int64(index)
                else { failures.add("thread \(thread) round \(round) payload \(index)"); continue }
            }
        }
        #expect(failures.list.isEmpty)
    }

    /// A container or super decoder that a type keeps after `init(from:)` goes on reading its own
    /// payload, however many decodes follow on the same decoder.
    @Test func keptContainersKeepReadingTheirOwnPayload() throws {
        final class Kept: @unchecked Sendable {
            var container: KeyedDecodingContainer<Keeper.CodingKeys>?
            var superDecoder: (any Decoder)?
        }
        struct Keeper: Decodable {
            static let kept = Kept()
            enum CodingKeys: CodingKey { case name, inner }
            var name: String
            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                name = try container.decode(String.self, forKey: .name)
                if Self.kept.container == nil {
                    Self.kept.container = container
                    Self.kept.superDecoder = try container.superDecoder(forKey: .inner)
                }
            }
        }
        let decoder = JSONValueDecoder()
        _ = try decoder.decode(Keeper.self, from: ["name": "first", "inner": ["deep": "kept"]])
        let long = String(repeating: "x", count: 5000)
        for round in 0..<5 {
            let other = try decoder.decode(Keeper.self, from: ["name": .string("other \(round) \(long)"), "inner": [1, 2, 3]])
            #expect(other.name.hasPrefix("other \(round)"))
        }
        #expect(try Keeper.kept.container?.decode(String.self, forKey: .name) == "first")
        struct Deep: Decodable { var deep: String }
        #expect(try Keeper.kept.superDecoder.map { try Deep(from: $0) }?.deep == "kept")
    }

    /// Numbers a step or a decode gets from a `JSONValue` keep their text: `1.0` stays `1.0` and
    /// `-0.0` stays negative zero.
    @Test func numbersFromValuesKeepTheirText() throws {
        #expect(try decoder.decode(Double.self, from: .number(JSONNumber(exactly: "-0.0")!)).sign == .minus)
        #expect(try decoder.decode(Decimal.self, from: .number(JSONNumber(exactly: "1e3")!)) == 1000)
    }
}

/// Failures collected from several threads.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ item: String) { lock.lock(); items.append(item); lock.unlock() }
    var list: [String] { lock.lock(); defer { lock.unlock() }; return items }
}
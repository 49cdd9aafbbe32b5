import StrataCodegen
import Testing

struct SwiftNameTests {
    @Test(arguments: [
        ("orderId", "orderId"), ("order-id", "orderId"), ("order_id", "orderId"), ("display name", "displayName"),
        ("OrderId", "orderId"), ("URLPath", "urlPath"), ("DHL", "dhl"), ("PostNL", "postNL"), ("3ds", "_3ds"),
        ("2nd-line", "_2ndLine"), ("--", "unnamed"), ("", "unnamed"), ("größe", "größe"), ("a.b.c", "aBC"),
    ])
    func propertyNamesAreLowerCamelCase(json: String, swift: String) {
        #expect(SwiftName.property(json) == swift)
    }

    @Test(arguments: [
        ("default", "`default`"), ("class", "`class`"), ("open", "`open`"), ("Any", "`any`"), ("some", "`some`"),
        ("self", "self_"), ("Self", "self_"), ("init", "init_"), ("hashValue", "hashValue_"), ("eventType", "eventType_"),
    ])
    func reservedWordsAreEscaped(json: String, swift: String) {
        #expect(SwiftName.property(json) == swift)
    }

    @Test(arguments: [
        ("OrderPlaced", "OrderPlaced"), ("order.placed", "OrderPlaced"), ("order-placed", "OrderPlaced"), ("money", "Money"),
        ("Type", "Type_"), ("Self", "Self_"), ("1st", "_1st"),
    ])
    func typeNamesAreUpperCamelCase(json: String, swift: String) {
        #expect(SwiftName.type(json) == swift)
    }

    @Test func arrayElementTypesAreSingular() {
        #expect(["lines", "entries", "addresses", "boxes", "status", "data"].map(SwiftName.singular) == ["line", "entry", "address", "box", "statu", "data"])
    }
}

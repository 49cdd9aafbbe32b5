import EventSchema
import Testing

struct CanonicalFormTests {
    @Test func sortsKeysByUTF16AndDropsWhitespace() throws {
        // Key order per RFC 8785 §3.2.3: by UTF-16 code units, so U+1F600 (a surrogate pair) sorts before U+FB33.
        let value = try JSONValue(parsing: #"{"\ufb33": 3, "\ud83d\ude00": 2, "b": [1, {"y": 1, "x": 2}], "a": "x"}"#)
        #expect(value.canonicalText == "{\"a\":\"x\",\"b\":[1,{\"x\":2,\"y\":1}],\"\u{1F600}\":2,\"\u{FB33}\":3}")
    }

    @Test func matchesRFC8785ForNumbersAndStrings() throws {
        // From RFC 8785 §3.2.2 (the one number that differs in its last digits is covered below).
        let value = try JSONValue(parsing: #"{"numbers":[1E30,4.50,2e-3,0.000000000000000000000000001,1e21,1e20,-0],"string":"\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/","literals":[null,true,false]}"#)
        #expect(value.canonicalText == #"{"literals":[null,true,false],"numbers":[1e+30,4.5,0.002,1e-27,1e+21,100000000000000000000,0],"string":"€$\u000f\nA'B\"\\\\\"/"}"#)
    }

    @Test func keepsExactValuesThatADoubleWouldMerge() throws {
        // RFC 8785 would print both as 9007199254740992; Strata keeps them apart on purpose.
        let a = try JSONValue(parsing: #"{"maximum": 9007199254740993}"#)
        let b = try JSONValue(parsing: #"{"maximum": 9007199254740992}"#)
        #expect(a.canonicalFingerprint != b.canonicalFingerprint)
        #expect(try JSONValue(parsing: "333333333.33333329").canonicalText == "333333333.33333329")
    }

    @Test func fingerprintIgnoresOrderWhitespaceAndNumberSpelling() throws {
        let a = try JSONValue(parsing: #"{"type": "object", "properties": {"n": {"maximum": 1.0}}}"#)
        let b = try JSONValue(parsing: "{\"properties\":{\"n\":{\"maximum\":1}},\n \"type\":\"object\"}")
        #expect(a.canonicalFingerprint == b.canonicalFingerprint)
        #expect(a.canonicalFingerprint.count == 64)
        #expect(JSONValue.object([:]).canonicalFingerprint == "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a")
    }
}

import EventSchema
import Testing

/// The regex engine (`pattern`, ECMAScript with the `u` flag) and the format checkers, tested from
/// the repository alone: the JSON Schema Test Suite runs too when `../shared/conformance/` is there.
struct PatternAndFormatTests {
    struct PatternCase: Sendable, CustomTestStringConvertible {
        var pattern: String
        var subject: String
        var matches: Bool
        var testDescription: String { "/\(pattern)/ on \(subject.debugDescription)" }
    }

    static let patterns: [PatternCase] = [
        PatternCase(pattern: "^a*$", subject: "aaa", matches: true),
        PatternCase(pattern: "^a*$", subject: "", matches: true),
        PatternCase(pattern: "^a*$", subject: "aab", matches: false),
        PatternCase(pattern: "b", subject: "abc", matches: true),  // unanchored, as RegExp.test
        PatternCase(pattern: "^abc$", subject: "abc\n", matches: false),  // $ is the end, not before a final newline
        PatternCase(pattern: "^.$", subject: "\n", matches: false),
        PatternCase(pattern: "^.$", subject: "😀", matches: true),  // one code point with the u flag
        PatternCase(pattern: "^🐲*$", subject: "🐲🐲", matches: true),
        PatternCase(pattern: "^[^]$", subject: "\n", matches: true),
        PatternCase(pattern: "^\\d$", subject: "0", matches: true),
        PatternCase(pattern: "^\\d$", subject: "\u{07C0}", matches: false),  // \d is ASCII digits only
        PatternCase(pattern: "^\\w$", subject: "é", matches: false),
        PatternCase(pattern: "^\\s$", subject: "\u{2003}", matches: true),  // \s is Unicode white space
        PatternCase(pattern: "^\\s$", subject: "\u{FEFF}", matches: true),
        PatternCase(pattern: "^\\p{L}+$", subject: "héllo", matches: true),
        PatternCase(pattern: "^\\p{Lu}$", subject: "a", matches: false),
        PatternCase(pattern: "^\\cC$", subject: "\u{3}", matches: true),
        PatternCase(pattern: "^[a-z]+$", subject: "ABC", matches: false),
        PatternCase(pattern: "^a{2,3}$", subject: "aaa", matches: true),
        PatternCase(pattern: "^a{2,3}$", subject: "aaaa", matches: false),
        PatternCase(pattern: "^(a)\\1$", subject: "aa", matches: true),
        PatternCase(pattern: "^(a)\\1$", subject: "ab", matches: false),
        PatternCase(pattern: "^(?<x>a)\\k<x>$", subject: "aa", matches: true),
        PatternCase(pattern: "^(?=a)a$", subject: "a", matches: true),
        PatternCase(pattern: "^(?!a)b$", subject: "b", matches: true),
        PatternCase(pattern: "(?<=a)b", subject: "ab", matches: true),
        PatternCase(pattern: "(?<=a)b", subject: "cb", matches: false),
        PatternCase(pattern: "^[A-Z]{3}$", subject: "EUR", matches: true),
        PatternCase(pattern: "^[A-Z]{3}$", subject: "eur", matches: false),
        // Patterns a backtracker finds hard and a linear matcher decides at once.
        PatternCase(pattern: "^(a+)+$", subject: String(repeating: "a", count: 32) + "!", matches: false),
        PatternCase(pattern: "^(?:a?){30}a{30}$", subject: String(repeating: "a", count: 30), matches: true),
        PatternCase(pattern: "^(a|aa)+$", subject: String(repeating: "a", count: 40) + "b", matches: false),
    ]

    @Test(arguments: patterns)
    func patternMatchesAsECMAScript(_ example: PatternCase) throws {
        let schema = try JSONSchema(.object(["pattern": .string(example.pattern)]))
        #expect(schema.isValid(.string(example.subject)) == example.matches)
    }

    @Test(arguments: ["(", "[a-", "a{2,1}", "\\k<missing>", "(?<x>a)(?<x>b)"])
    func anInvalidPatternIsASchemaError(_ pattern: String) {
        #expect(throws: SchemaError.self) { try JSONSchema(.object(["pattern": .string(pattern)])) }
    }

    struct FormatCase: Sendable, CustomTestStringConvertible {
        var format: String
        var text: String
        var valid: Bool
        var testDescription: String { "\(format): \(text.debugDescription)" }
    }

    static let formats: [FormatCase] = [
        FormatCase(format: "date-time", text: "2024-06-10T18:05:01Z", valid: true),
        FormatCase(format: "date-time", text: "2024-06-10T18:05:01.123+02:00", valid: true),
        FormatCase(format: "date-time", text: "2024-06-10", valid: false),
        FormatCase(format: "date-time", text: "2024-06-10T18:05:01", valid: false),
        FormatCase(format: "date", text: "2020-02-29", valid: true),
        FormatCase(format: "date", text: "2021-02-29", valid: false),
        FormatCase(format: "time", text: "12:00:00Z", valid: true),
        FormatCase(format: "time", text: "12:00:00", valid: false),
        FormatCase(format: "duration", text: "P1D", valid: true),
        FormatCase(format: "duration", text: "P", valid: false),
        FormatCase(format: "email", text: "ada@example.com", valid: true),
        FormatCase(format: "email", text: "ada.example.com", valid: false),
        FormatCase(format: "ipv4", text: "192.168.0.1", valid: true),
        FormatCase(format: "ipv4", text: "256.0.0.1", valid: false),
        FormatCase(format: "ipv4", text: "01.0.0.1", valid: false),
        FormatCase(format: "ipv6", text: "::1", valid: true),
        FormatCase(format: "ipv6", text: "12345::", valid: false),
        FormatCase(format: "uuid", text: "2eb8aa08-aa98-11ea-b4aa-73b441d16380", valid: true),
        FormatCase(format: "uuid", text: "2eb8aa08aa98-11ea-b4aa-73b441d16380", valid: false),
        FormatCase(format: "uri", text: "https://example.com/a?b#c", valid: true),
        FormatCase(format: "uri", text: "//example.com/no-scheme", valid: false),
        FormatCase(format: "hostname", text: "example.com", valid: true),
        FormatCase(format: "hostname", text: "-bad.example.com", valid: false),
        FormatCase(format: "json-pointer", text: "/a/b~1c", valid: true),
        FormatCase(format: "json-pointer", text: "a/b", valid: false),
        FormatCase(format: "regex", text: "^[A-Z]{3}$", valid: true),
        FormatCase(format: "regex", text: "(", valid: false),
    ]

    @Test(arguments: formats)
    func formatIsCheckedWhenAsserted(_ example: FormatCase) throws {
        let document: JSONValue = .object(["format": .string(example.format)])
        let asserting = try JSONSchema(document, options: JSONSchema.Options(assertsFormat: true))
        #expect(asserting.isValid(.string(example.text)) == example.valid)
        // Without assertion, format is an annotation only.
        #expect(try JSONSchema(document).isValid(.string(example.text)))
    }
}

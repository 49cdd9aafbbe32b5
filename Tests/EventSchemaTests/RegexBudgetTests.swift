import EventSchema
import Testing

/// Patterns without backreferences or lookarounds run in linear time and spend no budget; the
/// backtracking budget of the others is one per document, not one per string.
struct RegexBudgetTests {
    @Test func thousandCatastrophicStringsAreDecidedWithoutSpendingBudget() throws {
        let schema = try JSONSchema(try JSONValue(parsing: #"{"items": {"pattern": "^(a+)+$"}}"#))
        let string = JSONValue.string(String(repeating: "a", count: 30) + "!")
        let result = schema.validate(.array(Array(repeating: string, count: 1_000)))
        #expect(!result.isValid)
        #expect(result.errors.allSatisfy { !$0.message.contains("ran out of the regular-expression budget") })
        #expect(result.errors.contains { $0.message.contains("string does not match the pattern ^(a+)+$") })
    }

    @Test func nestedOptionalRepetitionMatchesInLinearTime() throws {
        let schema = try JSONSchema(try JSONValue(parsing: #"{"items": {"pattern": "^(?:a?){30}a{30}$"}}"#))
        let string = JSONValue.string(String(repeating: "a", count: 30))
        #expect(schema.isValid(.array(Array(repeating: string, count: 1_000))))
    }

    @Test func thousandCatastrophicStringsWithABackreferenceShareOneBudgetAndFailWithAClearError() throws {
        let schema = try JSONSchema(try JSONValue(parsing: #"{"items": {"pattern": "^(a+)+\\1$"}}"#))
        let string = JSONValue.string(String(repeating: "a", count: 30) + "!")
        let result = schema.validate(.array(Array(repeating: string, count: 1_000)))
        #expect(!result.isValid)
        let exhausted = result.errors.filter { $0.message.contains("ran out of the regular-expression budget of 1000000 backtracking steps for this document") }
        #expect(!exhausted.isEmpty)
        // Once the budget is spent every later string fails at once: the document costs one budget.
        #expect(exhausted.count >= 990)
    }

    @Test func budgetIsNotSpentByPatternsThatNeedNoBacktracking() throws {
        let schema = try JSONSchema(try JSONValue(parsing: #"{"items": {"pattern": "^[a-z]+!$"}}"#))
        let string = JSONValue.string(String(repeating: "a", count: 30) + "!")
        #expect(schema.isValid(.array(Array(repeating: string, count: 5_000))))
    }
}

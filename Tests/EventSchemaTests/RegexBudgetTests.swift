import EventSchema
import Testing

/// The backtracking budget of regular expressions is one per document, not one per string.
struct RegexBudgetTests {
    @Test func thousandCatastrophicStringsShareOneBudgetAndFailWithAClearError() throws {
        let schema = try JSONSchema(try JSONValue(parsing: #"{"items": {"pattern": "^(a+)+$"}}"#))
        let string = JSONValue.string(String(repeating: "a", count: 30) + "!")
        let instance = JSONValue.array(Array(repeating: string, count: 1_000))
        let result = schema.validate(instance)
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

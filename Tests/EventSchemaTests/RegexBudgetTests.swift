@testable import EventSchema
import Testing

/// Patterns without backreferences or lookarounds run in linear time; every search spends from one
/// budget per document, not one per string, so no document's patterns can take unbounded time.
struct RegexBudgetTests {
    @Test func thousandCatastrophicStringsAreDecidedInLinearTimeWithinTheBudget() throws {
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
        let exhausted = result.errors.filter { $0.message.contains("ran out of the regular-expression budget of 1000000 steps for this document") }
        #expect(!exhausted.isEmpty)
        // Once the budget is spent every later string fails at once: the document costs one budget.
        #expect(exhausted.count >= 990)
    }

    @Test func budgetIsNotSpentByPatternsThatNeedNoBacktracking() throws {
        let schema = try JSONSchema(try JSONValue(parsing: #"{"items": {"pattern": "^[a-z]+!$"}}"#))
        let string = JSONValue.string(String(repeating: "a", count: 30) + "!")
        #expect(schema.isValid(.array(Array(repeating: string, count: 5_000))))
    }

    @Test func theLinearMatcherSpendsTheBudgetInProportionToTheStatesItVisits() throws {
        // 2,001 NFA states, most alive at every position of a long run of "a".
        let regex = try ECMARegex("(?:a|b){1000}c")
        #expect(regex.runsInLinearTime)
        let subject = String(repeating: "a", count: 2_000)
        var small = 1_000
        #expect(regex.firstMatchExists(in: subject, budget: &small, matcher: .pikeVM) == nil)
        #expect(small == 0)
        var ample = ECMARegex.stepBudget
        #expect(regex.firstMatchExists(in: subject, budget: &ample, matcher: .pikeVM) == false)
        let spent = ECMARegex.stepBudget - ample
        // Over 2,000 positions at least the 1,000 `a` states are alive at each, and the program's
        // 5 states a repetition are visited at most twice a position; 64 state visits a step.
        #expect(spent > 2_000 * 1_000 / ECMARegex.pikeStatesPerStep)
        #expect(spent < 2_000 * 1_000 * 5 * 2 / ECMARegex.pikeStatesPerStep)
    }

    @Test func aDocumentWhoseLinearSearchesExceedTheBudgetFailsWithTheBudgetError() throws {
        let schema = try JSONSchema(try JSONValue(parsing: #"{"items": {"pattern": "(?:a|b){1000}c"}}"#))
        // Each string costs about 140,000 steps: the budget lasts about 7 strings of the 40.
        let string = JSONValue.string(String(repeating: "a", count: 2_000))
        let result = schema.validate(.array(Array(repeating: string, count: 40)))
        #expect(!result.isValid)
        let exhausted = result.errors.filter { $0.message.contains("ran out of the regular-expression budget of 1000000 steps for this document") }
        #expect(exhausted.count >= 20)
        #expect(exhausted.first?.instanceLocation.description.hasPrefix("/") == true)
    }
}

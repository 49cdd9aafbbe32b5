@testable import EventSchema
import EventUpcasting
import Testing

/// The DFA (``RegexAutomaton``) is a third implementation of the rule the backtracker and the
/// Pike VM implement; a property test on generated patterns and ASCII subjects holds it to the
/// backtracker (STYLE.md, lesson 13), and examples pin its edges and its bounds.
struct RegexAutomatonTests {
    @Test(arguments: 0..<8)
    func automatonAgreesWithTheBacktracker(seed: Int) throws {
        var generator = RegexMatcherAgreementTests.PatternGenerator(rng: SplitMix64(seed: UInt64(seed) &+ 1_000))
        var compared = 0
        var automata = 0
        for _ in 0..<500 {
            let pattern = generator.disjunction(0)
            guard let regex = try? ECMARegex(pattern) else { continue }
            guard regex.hasAutomaton else {
                #expect(pattern.contains("\\b") || pattern.contains("\\B"), "/\(pattern)/ has no automaton")
                continue
            }
            automata += 1
            for _ in 0..<12 {
                let subject = String((0..<Int.random(in: 0...10, using: &generator.rng)).map { _ in
                    generator.pick(Array("aabbc \n!"))
                })
                var budget = ECMARegex.stepBudget
                guard let expected = regex.firstMatchExists(in: subject, budget: &budget, matcher: .backtracking) else {
                    continue
                }
                var unused = 0
                let found = regex.firstMatchExists(in: subject, budget: &unused, matcher: .automaton)
                #expect(found == expected, "/\(pattern)/ on \(subject.debugDescription)")
                compared += 1
            }
        }
        #expect(automata > 250)
        #expect(compared > 3_000)
    }

    @Test(arguments: [
        ("^$", "", true), ("^$", "a", false), ("a$", "ba", true), ("a$", "ab", false),
        ("x|^a", "ba", false), ("x|^a", "ab", true), ("x|^a", "bx", true), ("$^", "", true),
        ("(?:)", "", true), ("a*", "", true), ("[]", "a", false), ("$|a", "bb", true),
        ("^ord_[0-9A-Za-z]{8,}$", "ord_0123456789", true), ("^ord_[0-9A-Za-z]{8,}$", "ord_0123456", false),
        ("^[0-9]{4}-(0[1-9]|1[0-2])$", "2024-12", true), ("^[0-9]{4}-(0[1-9]|1[0-2])$", "2024-13", false),
        ("a.c", "a\nc", false), ("a.c", "xa-cx", true), ("[^a]", "a", false), ("\\s", "\t", true),
    ])
    func automatonEdges(_ pattern: String, _ subject: String, _ expected: Bool) throws {
        let regex = try ECMARegex(pattern)
        #expect(regex.hasAutomaton)
        var budget = 0
        #expect(regex.firstMatchExists(in: subject, budget: &budget, matcher: .automaton) == expected)
        var backtrackingBudget = ECMARegex.stepBudget
        #expect(regex.firstMatchExists(in: subject, budget: &backtrackingBudget, matcher: .backtracking) == expected)
    }

    /// `^(a+)+$` on `aaaa…b` takes the backtracker exponential time (it runs out of budget); the
    /// DFA decides it in one pass over the string, spending no budget.
    @Test func catastrophicPatternIsDecidedInOnePass() throws {
        let regex = try ECMARegex("^(a+)+$")
        #expect(regex.hasAutomaton)
        let subject = String(repeating: "a", count: 1_000_000) + "b"
        var budget = ECMARegex.stepBudget
        let clock = ContinuousClock()
        var found: Bool?
        let elapsed = clock.measure { found = regex.firstMatchExists(in: subject, budget: &budget) }
        #expect(found == false)
        #expect(budget == ECMARegex.stepBudget)
        #expect(elapsed < .seconds(10), "took \(elapsed)")  // linear: about 0.1 s in a debug build; loose for loaded CI machines
        var backtrackingBudget = ECMARegex.stepBudget
        #expect(regex.firstMatchExists(in: String(repeating: "a", count: 40) + "b", budget: &backtrackingBudget,
                                       matcher: .backtracking) == nil)
    }

    @Test(arguments: ["(a|b)*a(a|b){10}", "\\bab", "a\\Bb", "(?:ab){20000}", "^(a)\\1$", "(?=a)"])
    func patternsPastTheBoundsFallBack(_ pattern: String) throws {
        let regex = try ECMARegex(pattern)
        #expect(!regex.hasAutomaton)
        var budget = 0
        #expect(regex.firstMatchExists(in: "ab", budget: &budget, matcher: .automaton) == nil)
    }

    @Test func nonASCIIStringsFallBackToThePikeVM() throws {
        let regex = try ECMARegex("^a.b$")
        #expect(regex.hasAutomaton)
        var budget = 0
        #expect(regex.firstMatchExists(in: "aéb", budget: &budget, matcher: .automaton) == nil)
        #expect(regex.firstMatchExists(in: "aéb") == true)
    }
}

@testable import EventSchema
import EventUpcasting
import Testing

/// The linear-time Pike VM and the backtracking VM are two implementations of one rule; a
/// property test on generated patterns and subjects holds them together (STYLE.md, lesson 13).
struct RegexMatcherAgreementTests {
    /// Random patterns over the features the Pike VM runs: literals, classes, `.`, anchors,
    /// word boundaries, groups, alternation and greedy or lazy quantifiers.
    struct PatternGenerator {
        var rng: SplitMix64 // seeded, so a failure reproduces

        mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &rng)] }

        mutating func disjunction(_ depth: Int) -> String {
            let count = Int.random(in: 0..<10, using: &rng) < 7 ? 1 : Int.random(in: 2...3, using: &rng)
            return (0..<count).map { _ in alternative(depth) }.joined(separator: "|")
        }

        mutating func alternative(_ depth: Int) -> String {
            (0..<Int.random(in: 0...4, using: &rng)).map { _ in term(depth) }.joined()
        }

        mutating func term(_ depth: Int) -> String {
            switch Int.random(in: 0..<20, using: &rng) {
            case 0: return "^"
            case 1: return "$"
            case 2: return pick(["\\b", "\\B"])
            default: return atom(depth) + quantifier()
            }
        }

        mutating func atom(_ depth: Int) -> String {
            let roll = Int.random(in: 0..<12, using: &rng)
            if roll < 2 && depth < 3 { return pick(["(", "(?:"]) + disjunction(depth + 1) + ")" }
            switch roll {
            case 2: return "."
            case 3: return pick(["[ab]", "[^a]", "[a-c ]", "\\w", "\\W", "\\s", "[^]", "[]"])
            default: return pick(["a", "b", "c", " ", "é", "\\n"])
            }
        }

        mutating func quantifier() -> String {
            let base: String
            switch Int.random(in: 0..<12, using: &rng) {
            case 0: base = "*"
            case 1: base = "+"
            case 2: base = "?"
            case 3: base = "{\(Int.random(in: 0...3, using: &rng))}"
            case 4: base = "{\(Int.random(in: 0...2, using: &rng)),}"
            case 5:
                let lo = Int.random(in: 0...2, using: &rng)
                base = "{\(lo),\(lo + Int.random(in: 0...3, using: &rng))}"
            default: return ""
            }
            return base + (Bool.random(using: &rng) ? "?" : "")
        }

        mutating func subject() -> String {
            String((0..<Int.random(in: 0...8, using: &rng)).map { _ in pick(Array("aabbc é\n!")) })
        }
    }

    @Test(arguments: 0..<8)
    func pikeVMAgreesWithTheBacktracker(seed: Int) throws {
        var generator = PatternGenerator(rng: SplitMix64(seed: UInt64(seed)))
        var compared = 0
        for _ in 0..<500 {
            let pattern = generator.disjunction(0)
            guard let regex = try? ECMARegex(pattern) else { continue }
            #expect(regex.runsInLinearTime, "/\(pattern)/ should run in linear time")
            for _ in 0..<12 {
                let subject = generator.subject()
                var budget = ECMARegex.stepBudget
                guard let expected = regex.firstMatchExists(in: subject, budget: &budget, matcher: .backtracking) else {
                    continue
                }
                var linearBudget = ECMARegex.stepBudget
                let linear = regex.firstMatchExists(in: subject, budget: &linearBudget, matcher: .pikeVM)
                var automaticBudget = ECMARegex.stepBudget
                let automatic = regex.firstMatchExists(in: subject, budget: &automaticBudget, matcher: .automatic)
                #expect(linear == expected, "/\(pattern)/ on \(subject.debugDescription)")
                #expect(automatic == expected, "/\(pattern)/ on \(subject.debugDescription) (automatic)")
                compared += 1
            }
        }
        #expect(compared > 3_000)
    }

    @Test(arguments: ["^(a)\\1$", "(?<x>a)\\k<x>", "^(?=a)", "(?<!a)b", "(?!a)"])
    func backreferencesAndLookaroundsKeepTheBacktracker(_ pattern: String) throws {
        let regex = try ECMARegex(pattern)
        #expect(!regex.runsInLinearTime)
        var budget = 0
        #expect(regex.firstMatchExists(in: "aa", budget: &budget, matcher: .pikeVM) == nil)
    }

    @Test(arguments: ["^(a+)+$", "^(?:a?){30}a{30}$", "^(a|aa)+$", "(?:a*)*b", "^(?:(?:a|)*)*$", "\\b(?:x|\\B)+\\b"])
    func patternsWithoutThemRunInLinearTime(_ pattern: String) throws {
        #expect(try ECMARegex(pattern).runsInLinearTime)
    }
}

// RegexAutomaton.swift
//
// A deterministic automaton for the patterns the Pike VM runs, built from its Thompson NFA by
// the subset construction when the pattern compiles, over ASCII input. A search is one table
// lookup per byte: no backtracking, no thread lists, no budget. Patterns it cannot take fall back
// to the Pike VM (see `RegexAutomaton.build`).

/// A DFA over ASCII bytes equivalent to a ``RegexPikeProgram``: each state is the set of NFA
/// states alive at one input position (after the closure), and each transition is computed once,
/// for a class of bytes that every NFA state treats alike.
///
/// It decides `RegExp.prototype.test` (unanchored search) for ASCII strings: a restart of the
/// pattern is folded into every state unless the pattern is anchored at its start, a state whose
/// closure reaches the match ends the search with true, and `$` is decided at the end of the input
/// by ``acceptsAtEnd``.
///
/// - Complexity: a search takes O(*n*) time for *n* bytes and no memory; building it takes at
///   most ``maxBuildVisits`` NFA state visits and keeps at most ``maxStates`` states.
struct RegexAutomaton: Sendable {
    /// The most DFA states built; a pattern that needs more (e.g. `(a|b)*a(a|b){10}`, whose DFA
    /// has 2^11 states) is left to the Pike VM.
    static let maxStates = 512

    /// The most NFA state visits the construction may spend (closures of every transition); a
    /// larger construction is abandoned and the pattern is left to the Pike VM.
    static let maxBuildVisits = 2_000_000

    /// `transitions` entry of a transition whose closure reaches the match.
    static let matched: Int32 = -1
    /// `transitions` entry of a transition to no live NFA state.
    static let dead: Int32 = -2

    /// The class of each byte below 128 (entries 128...255 are never read for ASCII input).
    let classOf: [UInt8]
    /// Byte classes: bytes every NFA state matches alike.
    let classCount: Int
    /// `transitions[state * classCount + class]`: the next state, ``matched`` or ``dead``.
    let transitions: [Int32]
    /// Whether the input may end in each state: an `$` alive in it reaches the match.
    let acceptsAtEnd: [Bool]
    /// The state at position 0 of a non-empty input (``matched`` or ``dead`` possible).
    let start: Int32
    /// Whether the empty string matches.
    let matchesEmpty: Bool

    /// Whether `input`, all of whose bytes are ASCII, contains a match.
    func search(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
        if input.isEmpty { return matchesEmpty }
        if start < 0 { return start == Self.matched }
        return transitions.withUnsafeBufferPointer { table in
            classOf.withUnsafeBufferPointer { classOf in
                var state = Int(start)
                for byte in input {
                    let next = table[state &* classCount &+ Int(classOf[Int(byte)])]
                    if next < 0 { return next == Self.matched }
                    state = Int(next)
                }
                return acceptsAtEnd[state]
            }
        }
    }

    /// Builds the automaton of `pike` (whose sets are `sets`), or nil when it has a word boundary
    /// (`\b`, `\B`: a transition would depend on the byte before), or needs more than
    /// ``maxStates`` states or ``maxBuildVisits`` visits. `anchored`: every match starts at 0.
    static func build(_ pike: RegexPikeProgram, sets: [RegexCharSet], anchored: Bool) -> RegexAutomaton? {
        let code = pike.insts
        for inst in code where inst.op == .wordBoundary || inst.op == .notWordBoundary { return nil }
        var builder = Builder(code: code, sets: sets)
        let (classOf, representatives) = builder.byteClasses()
        let classCount = representatives.count

        // State 0 is the start state; its set is also the key of any later state with the same set.
        var ids: [[Int32]: Int32] = [:]
        var stateSets: [[Int32]] = []
        var transitions: [Int32] = []
        func intern(_ closure: (set: [Int32], matched: Bool)) -> Int32? {
            if closure.matched { return matched }
            if closure.set.isEmpty { return dead }
            if let id = ids[closure.set] { return id }
            if stateSets.count == maxStates { return nil }
            let id = Int32(stateSets.count)
            ids[closure.set] = id
            stateSets.append(closure.set)
            return id
        }
        guard let start = intern(builder.closure(of: [0], atStart: true, atEnd: false)) else { return nil }
        let matchesEmpty = builder.closure(of: [0], atStart: true, atEnd: true).matched
        var next = 0
        while next < stateSets.count {
            let set = stateSets[next]
            for representative in representatives {
                var seeds: [Int32] = []
                for pc in set where builder.consumes(pc, representative) { seeds.append(pc + 1) }
                if !anchored { seeds.append(0) }
                guard let target = intern(builder.closure(of: seeds, atStart: false, atEnd: false)),
                      builder.visits <= maxBuildVisits else { return nil }
                transitions.append(target)
            }
            next += 1
        }
        let acceptsAtEnd = stateSets.map { set in
            builder.closure(of: set.filter { code[Int($0)].op == .endAnchor }.map { $0 + 1 }, atStart: false, atEnd: true).matched
        }
        if builder.visits > maxBuildVisits { return nil }
        return RegexAutomaton(classOf: classOf, classCount: classCount, transitions: transitions,
                              acceptsAtEnd: acceptsAtEnd, start: start, matchesEmpty: matchesEmpty)
    }

    /// The subset construction's work on the NFA.
    private struct Builder {
        let code: [RegexPikeInst]
        let sets: [RegexCharSet]
        /// Stamp of the closure in which each NFA state was last visited.
        var visitedIn: [Int]
        var stamp = 0
        /// NFA states visited by every closure so far.
        var visits = 0

        init(code: [RegexPikeInst], sets: [RegexCharSet]) {
            self.code = code
            self.sets = sets
            self.visitedIn = Array(repeating: 0, count: code.count)
        }

        /// Whether the consuming state `pc` takes the code point `c` (false for other states).
        func consumes(_ pc: Int32, _ c: UInt32) -> Bool {
            let inst = code[Int(pc)]
            switch inst.op {
            case .char: return c == UInt32(truncatingIfNeeded: inst.a)
            case .dot: return !isLineTerminator(c)
            case .set: return sets[Int(inst.a)].contains(c)
            default: return false
            }
        }

        /// Partitions the bytes 0..<128 into classes that every consuming state treats alike;
        /// returns each byte's class (256 entries) and one byte of each class.
        func byteClasses() -> ([UInt8], [UInt32]) {
            var classOf = [Int](repeating: 0, count: 128)
            var tests: Set<[Bool]> = []
            for pc in code.indices where [.char, .dot, .set].contains(code[pc].op) {
                tests.insert((0..<128).map { consumes(Int32(pc), UInt32($0)) })
            }
            for test in tests {
                var renumbered: [Int: Int] = [:]
                for byte in 0..<128 {
                    let key = classOf[byte] * 2 + (test[byte] ? 1 : 0)
                    classOf[byte] = renumbered[key] ?? {
                        renumbered[key] = renumbered.count
                        return renumbered.count - 1
                    }()
                }
            }
            var representatives: [UInt32] = []
            for byte in 0..<128 where classOf[byte] == representatives.count { representatives.append(UInt32(byte)) }
            return (classOf.map { UInt8($0) } + Array(repeating: 0, count: 128), representatives)
        }

        /// The consuming and `$` states reachable from `seeds` without consuming, sorted, and
        /// whether the match is reachable. `^` holds only `atStart`, `$` only `atEnd`.
        mutating func closure(of seeds: [Int32], atStart: Bool, atEnd: Bool) -> (set: [Int32], matched: Bool) {
            stamp += 1
            var stack = Array(seeds.reversed())
            var set: [Int32] = []
            while let pc = stack.popLast() {
                if visitedIn[Int(pc)] == stamp { continue }
                visitedIn[Int(pc)] = stamp
                visits += 1
                let inst = code[Int(pc)]
                switch inst.op {
                case .char, .dot, .set:
                    set.append(pc)
                case .split:
                    stack.append(inst.b)
                    stack.append(inst.a)
                case .jump:
                    stack.append(inst.a)
                case .startAnchor:
                    if atStart { stack.append(pc + 1) }
                case .endAnchor:
                    if atEnd { stack.append(pc + 1) } else { set.append(pc) }
                case .wordBoundary, .notWordBoundary:
                    break
                case .match:
                    return ([], true)
                }
            }
            set.sort()
            return (set, false)
        }
    }
}

/// Cross-checks of the regular-expression matchers, for the `regex` fuzz target: the backtracker,
/// the Pike VM and the DFA implement one rule, so on any pattern and string each that can run
/// must give the same answer.
public enum RegexMatcherCheck {
    /// Whether every matcher that runs `pattern` on `subject` within the budget finds the same
    /// answer; nil when `pattern` is not a valid ECMA-262 (u-flag) regular expression.
    public static func matchersAgree(pattern: String, subject: String) -> Bool? {
        guard let regex = try? ECMARegex(pattern) else { return nil }
        let matchers: [RegexMatcher] = [.automatic, .automaton, .pikeVM, .backtracking]
        let answers = matchers.compactMap { matcher -> Bool? in
            var budget = ECMARegex.stepBudget
            return regex.firstMatchExists(in: subject, budget: &budget, matcher: matcher)
        }
        return Set(answers).count <= 1
    }
}

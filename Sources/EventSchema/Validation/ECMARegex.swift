// ECMARegex.swift
//
// A small backtracking regular-expression engine with ECMA-262 `RegExp` semantics
// under the `u` flag (matching by code point), as JSON Schema recommends for
// `pattern`, `patternProperties` and `format: "regex"`.
//
// Structure: `RegexParser` (pattern → `RegexNode` AST, with all u-mode early errors),
// `RegexCompiler` (AST → flat `RegexInst` array), and `RegexExecutor` (a backtracking
// VM over either the UTF-8 bytes of an ASCII string or the scalars of any other string).
// Patterns without backreferences and lookarounds also compile to `RegexPikeProgram`, a
// Thompson NFA searched in linear time by `RegexPikeVM`; only the others use the backtracker.
//
// Deviations from ECMA-262 (u flag):
//  - No flags (`i`, `m`, `s`, `y`, `g`, `v`); ES2025 modifier groups such as `(?i:…)` are rejected.
//  - Duplicate group names are rejected even in different alternatives (allowed since ES2025).
//  - `\p{Script=…}`, `\p{sc=…}`, `\p{Script_Extensions=…}`, `\p{scx=…}` and the binary properties
//    Swift's `Unicode.Scalar.Properties` cannot decide (e.g. `Emoji_Component`,
//    `Extended_Pictographic`) are rejected as unknown property names.
//  - Unicode property data comes from the Swift runtime, whose Unicode version may differ
//    from a given JavaScript engine's.
//  - Swift strings cannot hold lone surrogates, so `\uD800`-style escapes for a lone
//    surrogate compile but never match.
//  - Quantifier bounds above 2^31-1 are treated as 2^31-1.
//  - Groups nested more than 256 deep are rejected (bounds the recursive passes' stack use).
//  - Every search spends the document's `ECMARegex.stepBudget`: one step per backtracking step,
//    and one per `ECMARegex.pikeStatesPerStep` NFA states the Pike VM visits. A search gives up
//    (returns nil) when the budget is spent, and a backtracking search also when its backtrack
//    stack exceeds 2^20 entries (very long inputs to loops over groups). Only the single-pass
//    matcher for simple sequences (at most one visit per code point) spends nothing.
//
// Speed: patterns that are a plain sequence of single-character items whose greedy match
// can never need backtracking (e.g. `^[A-Z]{3}$`, `^ord_[0-9A-Za-z]{8,}$`) skip the VM;
// ASCII input is matched on its UTF-8 bytes in place; captures are compiled away when no
// backreference can observe them; a start anchor or a known set of first characters
// limits the start positions tried.

// MARK: - Public surface

/// A compiled ECMA-262 regular expression (as with the `u` flag), matched by unanchored
/// search like `RegExp.prototype.test`.
///
/// Matching is by Unicode scalar (code point), never by grapheme cluster. `\d`, `\w` and
/// `\b` are ASCII-only, `.` excludes only line terminators, and `^`/`$` anchor at the
/// start/end of the whole string (there is no multiline flag).
struct ECMARegex: Sendable {
    /// The source pattern.
    let pattern: String

    /// Steps one validation may spend on all its searches together: a budget per document, not
    /// per string, so that many strings cannot multiply it. A backtracking step costs one step;
    /// the Pike VM pays one step per ``pikeStatesPerStep`` NFA states it visits, so a linear-time
    /// search is still bounded in total (about 64 million state visits a document).
    static let stepBudget = 1_000_000

    /// How many NFA states the Pike VM visits for one step of ``stepBudget``. Its visits are
    /// cheap and never repeat at one position, so they are priced well below a backtracking step.
    static let pikeStatesPerStep = 64

    private let program: RegexProgram

    /// Compiles `pattern`; throws on syntax errors.
    init(_ pattern: String) throws(ECMARegexSyntaxError) {
        // Parse before setting any stored property: a typed throw out of a partly initialized
        // value has released fields twice with this toolchain.
        var parser = RegexParser(pattern)
        let parsed = try parser.parse()
        self.pattern = pattern
        self.program = RegexCompiler.compile(parsed)
    }

    /// Searches `string` for a match, spending at most ``stepBudget`` steps.
    /// Returns nil only when they run out.
    ///
    /// - Complexity: O(*n* × *m*) for a string of *n* code points when ``runsInLinearTime``
    ///   (*m* the size of the compiled NFA), and never more than the budget allows.
    func firstMatchExists(in string: String) -> Bool? {
        var budget = Self.stepBudget
        return firstMatchExists(in: string, budget: &budget)
    }

    /// Searches `string` for a match, spending steps from `budget`; returns nil when `budget`
    /// runs out. Share one budget across the searches of one document.
    func firstMatchExists(in string: String, budget: inout Int) -> Bool? {
        program.search(string, budget: &budget, matcher: .automatic)
    }

    /// Whether every search runs in linear time: true for patterns without backreferences and
    /// lookarounds (unless counted repetition expands them past 10,000 NFA states). Such searches
    /// still spend budget (see ``pikeStatesPerStep``), so the time a document takes stays bounded.
    var runsInLinearTime: Bool { program.linear != nil || program.pike != nil }

    /// Whether ASCII strings are searched by the DFA (``RegexAutomaton``): true for linear-time
    /// patterns without `\b`/`\B` whose DFA stays within ``RegexAutomaton/maxStates`` states.
    var hasAutomaton: Bool { program.automaton != nil }

    /// Searches `string` with one chosen matcher, whatever the pattern; lets tests hold the
    /// matchers together. Returns nil when `matcher` cannot run this pattern or `budget` runs out.
    func firstMatchExists(in string: String, budget: inout Int, matcher: RegexMatcher) -> Bool? {
        program.search(string, budget: &budget, matcher: matcher)
    }
}

/// A compiled regular expression held without a reference count: searching through it retains
/// and releases nothing, where copying an ``ECMARegex`` out of a table for each search would.
///
/// It does not keep its program alive: use it only while the ``ECMARegex`` it was made from is
/// (``PlainTables`` keeps both).
struct UnownedRegex: @unchecked Sendable {
    fileprivate let program: Unmanaged<RegexProgram>

    /// Searches `string` as ``ECMARegex/firstMatchExists(in:budget:)`` does.
    @inline(__always)
    func firstMatchExists(in string: String, budget: inout Int) -> Bool? {
        program._withUnsafeGuaranteedRef { $0.search(string, budget: &budget, matcher: .automatic) }
    }
}

extension ECMARegex {
    /// This expression without a reference count; valid only while this value is alive.
    var unowned: UnownedRegex { UnownedRegex(program: .passUnretained(program)) }
}

/// Which matcher a search uses; ``ECMARegex/firstMatchExists(in:budget:matcher:)`` takes one.
enum RegexMatcher: Sendable {
    /// The fastest matcher that can run the pattern: the DFA for ASCII strings, the single-pass
    /// matcher for simple sequences, else the Pike VM (linear time), else the backtracking VM for backreferences and lookarounds.
    case automatic
    /// The Pike VM only (nil for patterns it cannot run, or when the budget runs out).
    case pikeVM
    /// The DFA only (nil for patterns without one, or for strings that are not all ASCII).
    case automaton
    /// The backtracking VM only, spending budget.
    case backtracking
}

/// A syntax error in an ECMA-262 regular expression.
struct ECMARegexSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong.
    let message: String
    /// Where, in Unicode scalars from the start of the pattern.
    let offset: Int

    var description: String { "invalid regular expression at offset \(offset): \(message)" }
}

/// Whether `pattern` is a syntactically valid ECMA-262 (u-flag) regex; used by `format: "regex"`.
func isValidECMARegex(_ pattern: String) -> Bool {
    var parser = RegexParser(pattern)
    do {
        _ = try parser.parse()
        return true
    } catch {
        return false
    }
}

// MARK: - Character sets

/// A Unicode property test from `\p{…}` / `\P{…}`.
struct RegexProperty: Sendable {
    /// General-category bit mask, used when `binary < 0`.
    var categoryMask: UInt64
    /// Index into `binaryProperties`, or -1.
    var binary: Int
    var negated: Bool

    func matches(_ c: UInt32) -> Bool {
        guard let scalar = Unicode.Scalar(c) else { return negated }
        let hit: Bool
        if binary >= 0 {
            hit = binaryProperties[binary].test(scalar)
        } else {
            hit = categoryMask & (1 << categoryBit(scalar.properties.generalCategory)) != 0
        }
        return hit != negated
    }
}

/// A compiled character class: an ASCII bitmap (final membership) plus sorted ranges and
/// property tests for everything else.
struct RegexCharSet: Sendable {
    var ascii0: UInt64 = 0
    var ascii1: UInt64 = 0
    /// Sorted, merged, inclusive ranges (before negation), flattened as lo, hi, lo, hi, ….
    var ranges: [UInt32] = []
    var properties: [RegexProperty] = []
    var negated = false

    @inline(__always)
    func contains(_ c: UInt32) -> Bool {
        if c < 64 { return (ascii0 >> UInt64(c)) & 1 != 0 }
        if c < 128 { return (ascii1 >> UInt64(c &- 64)) & 1 != 0 }
        return containsSlow(c)
    }

    func containsSlow(_ c: UInt32) -> Bool {
        var lo = 0
        var hi = ranges.count / 2
        while lo < hi {
            let mid = (lo + hi) / 2
            if ranges[2 * mid + 1] < c { lo = mid + 1 } else { hi = mid }
        }
        var hit = lo < ranges.count / 2 && ranges[2 * lo] <= c
        if !hit {
            for p in properties where p.matches(c) {
                hit = true
                break
            }
        }
        return hit != negated
    }
}

/// Accumulates class members during parsing.
private struct RegexCharSetBuilder {
    var ranges: [(UInt32, UInt32)] = []
    var properties: [RegexProperty] = []

    mutating func add(_ lo: UInt32, _ hi: UInt32) { ranges.append((lo, hi)) }
    mutating func add(_ list: [(UInt32, UInt32)]) { ranges.append(contentsOf: list) }

    /// Whether this is a set of plain ranges (no property tests).
    var isPlain: Bool { properties.isEmpty }

    func mergedRanges() -> [(UInt32, UInt32)] {
        let sorted = ranges.sorted { $0.0 < $1.0 }
        var out: [(UInt32, UInt32)] = []
        for r in sorted {
            if let last = out.last, r.0 <= last.1 &+ 1 {
                out[out.count - 1].1 = max(last.1, r.1)
            } else {
                out.append(r)
            }
        }
        return out
    }

    func build(negated: Bool) -> RegexCharSet {
        var set = RegexCharSet()
        set.ranges = mergedRanges().flatMap { [$0.0, $0.1] }
        set.properties = properties
        set.negated = negated
        for c in UInt32(0)..<128 where set.containsSlow(c) {
            if c < 64 { set.ascii0 |= 1 << UInt64(c) } else { set.ascii1 |= 1 << UInt64(c - 64) }
        }
        return set
    }
}

private let digitRanges: [(UInt32, UInt32)] = [(0x30, 0x39)]
private let wordRanges: [(UInt32, UInt32)] = [(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)]
private let spaceRanges: [(UInt32, UInt32)] = [
    (0x09, 0x0D), (0x20, 0x20), (0xA0, 0xA0), (0x1680, 0x1680), (0x2000, 0x200A),
    (0x2028, 0x2029), (0x202F, 0x202F), (0x205F, 0x205F), (0x3000, 0x3000), (0xFEFF, 0xFEFF),
]

private func complement(_ ranges: [(UInt32, UInt32)]) -> [(UInt32, UInt32)] {
    var out: [(UInt32, UInt32)] = []
    var next: UInt32 = 0
    for (lo, hi) in ranges {
        if lo > next { out.append((next, lo - 1)) }
        next = hi + 1
    }
    if next <= 0x10FFFF { out.append((next, 0x10FFFF)) }
    return out
}

@inline(__always)
func isLineTerminator(_ c: UInt32) -> Bool {
    c == 0x0A || c == 0x0D || c == 0x2028 || c == 0x2029
}

@inline(__always)
private func isWordChar(_ c: UInt32) -> Bool {
    // [0-9A-Za-z_]
    if c >= 128 { return false }
    let lo: UInt64 = 0x03FF_0000_0000_0000
    let hi: UInt64 = 0x07FF_FFFE_87FF_FFFE
    return c < 64 ? (lo >> UInt64(c)) & 1 != 0 : (hi >> UInt64(c - 64)) & 1 != 0
}

// MARK: - Unicode properties

private func categoryBit(_ g: Unicode.GeneralCategory) -> UInt64 {
    switch g {
    case .uppercaseLetter: return 0
    case .lowercaseLetter: return 1
    case .titlecaseLetter: return 2
    case .modifierLetter: return 3
    case .otherLetter: return 4
    case .nonspacingMark: return 5
    case .spacingMark: return 6
    case .enclosingMark: return 7
    case .decimalNumber: return 8
    case .letterNumber: return 9
    case .otherNumber: return 10
    case .connectorPunctuation: return 11
    case .dashPunctuation: return 12
    case .openPunctuation: return 13
    case .closePunctuation: return 14
    case .initialPunctuation: return 15
    case .finalPunctuation: return 16
    case .otherPunctuation: return 17
    case .mathSymbol: return 18
    case .currencySymbol: return 19
    case .modifierSymbol: return 20
    case .otherSymbol: return 21
    case .spaceSeparator: return 22
    case .lineSeparator: return 23
    case .paragraphSeparator: return 24
    case .control: return 25
    case .format: return 26
    case .surrogate: return 27
    case .privateUse: return 28
    case .unassigned: return 29
    @unknown default: return 29
    }
}

private func bits(_ b: UInt64...) -> UInt64 { b.reduce(0) { $0 | (1 << $1) } }

/// General_Category values and their ECMA-262 aliases.
private let generalCategories: [(names: [String], mask: UInt64)] = [
    (["L", "Letter"], bits(0, 1, 2, 3, 4)),
    (["LC", "Cased_Letter"], bits(0, 1, 2)),
    (["Lu", "Uppercase_Letter"], bits(0)),
    (["Ll", "Lowercase_Letter"], bits(1)),
    (["Lt", "Titlecase_Letter"], bits(2)),
    (["Lm", "Modifier_Letter"], bits(3)),
    (["Lo", "Other_Letter"], bits(4)),
    (["M", "Mark", "Combining_Mark"], bits(5, 6, 7)),
    (["Mn", "Nonspacing_Mark"], bits(5)),
    (["Mc", "Spacing_Mark"], bits(6)),
    (["Me", "Enclosing_Mark"], bits(7)),
    (["N", "Number"], bits(8, 9, 10)),
    (["Nd", "Decimal_Number", "digit"], bits(8)),
    (["Nl", "Letter_Number"], bits(9)),
    (["No", "Other_Number"], bits(10)),
    (["P", "Punctuation", "punct"], bits(11, 12, 13, 14, 15, 16, 17)),
    (["Pc", "Connector_Punctuation"], bits(11)),
    (["Pd", "Dash_Punctuation"], bits(12)),
    (["Ps", "Open_Punctuation"], bits(13)),
    (["Pe", "Close_Punctuation"], bits(14)),
    (["Pi", "Initial_Punctuation"], bits(15)),
    (["Pf", "Final_Punctuation"], bits(16)),
    (["Po", "Other_Punctuation"], bits(17)),
    (["S", "Symbol"], bits(18, 19, 20, 21)),
    (["Sm", "Math_Symbol"], bits(18)),
    (["Sc", "Currency_Symbol"], bits(19)),
    (["Sk", "Modifier_Symbol"], bits(20)),
    (["So", "Other_Symbol"], bits(21)),
    (["Z", "Separator"], bits(22, 23, 24)),
    (["Zs", "Space_Separator"], bits(22)),
    (["Zl", "Line_Separator"], bits(23)),
    (["Zp", "Paragraph_Separator"], bits(24)),
    (["C", "Other"], bits(25, 26, 27, 28, 29)),
    (["Cc", "Control", "cntrl"], bits(25)),
    (["Cf", "Format"], bits(26)),
    (["Cs", "Surrogate"], bits(27)),
    (["Co", "Private_Use"], bits(28)),
    (["Cn", "Unassigned"], bits(29)),
]

/// ECMA-262 binary Unicode properties that Swift can decide.
private let binaryProperties: [(names: [String], test: @Sendable (Unicode.Scalar) -> Bool)] = [
    (["Any"], { _ in true }),
    (["ASCII"], { $0.value < 128 }),
    (["Assigned"], { $0.properties.generalCategory != .unassigned }),
    (["ASCII_Hex_Digit", "AHex"], { $0.properties.isASCIIHexDigit }),
    (["Alphabetic", "Alpha"], { $0.properties.isAlphabetic }),
    (["Bidi_Control", "Bidi_C"], { $0.properties.isBidiControl }),
    (["Bidi_Mirrored", "Bidi_M"], { $0.properties.isBidiMirrored }),
    (["Case_Ignorable", "CI"], { $0.properties.isCaseIgnorable }),
    (["Cased"], { $0.properties.isCased }),
    (["Changes_When_Casefolded", "CWCF"], { $0.properties.changesWhenCaseFolded }),
    (["Changes_When_Casemapped", "CWCM"], { $0.properties.changesWhenCaseMapped }),
    (["Changes_When_Lowercased", "CWL"], { $0.properties.changesWhenLowercased }),
    (["Changes_When_NFKC_Casefolded", "CWKCF"], { $0.properties.changesWhenNFKCCaseFolded }),
    (["Changes_When_Titlecased", "CWT"], { $0.properties.changesWhenTitlecased }),
    (["Changes_When_Uppercased", "CWU"], { $0.properties.changesWhenUppercased }),
    (["Dash"], { $0.properties.isDash }),
    (["Default_Ignorable_Code_Point", "DI"], { $0.properties.isDefaultIgnorableCodePoint }),
    (["Deprecated", "Dep"], { $0.properties.isDeprecated }),
    (["Diacritic", "Dia"], { $0.properties.isDiacritic }),
    (["Emoji"], { $0.properties.isEmoji }),
    (["Emoji_Modifier", "EMod"], { $0.properties.isEmojiModifier }),
    (["Emoji_Modifier_Base", "EBase"], { $0.properties.isEmojiModifierBase }),
    (["Emoji_Presentation", "EPres"], { $0.properties.isEmojiPresentation }),
    (["Extender", "Ext"], { $0.properties.isExtender }),
    (["Full_Composition_Exclusion", "Comp_Ex"], { $0.properties.isFullCompositionExclusion }),
    (["Grapheme_Base", "Gr_Base"], { $0.properties.isGraphemeBase }),
    (["Grapheme_Extend", "Gr_Ext"], { $0.properties.isGraphemeExtend }),
    (["Hex_Digit", "Hex"], { $0.properties.isHexDigit }),
    (["IDS_Binary_Operator", "IDSB"], { $0.properties.isIDSBinaryOperator }),
    (["IDS_Trinary_Operator", "IDST"], { $0.properties.isIDSTrinaryOperator }),
    (["ID_Continue", "IDC"], { $0.properties.isIDContinue }),
    (["ID_Start", "IDS"], { $0.properties.isIDStart }),
    (["Ideographic", "Ideo"], { $0.properties.isIdeographic }),
    (["Join_Control", "Join_C"], { $0.properties.isJoinControl }),
    (["Logical_Order_Exception", "LOE"], { $0.properties.isLogicalOrderException }),
    (["Lowercase", "Lower"], { $0.properties.isLowercase }),
    (["Math"], { $0.properties.isMath }),
    (["Noncharacter_Code_Point", "NChar"], { $0.properties.isNoncharacterCodePoint }),
    (["Pattern_Syntax", "Pat_Syn"], { $0.properties.isPatternSyntax }),
    (["Pattern_White_Space", "Pat_WS"], { $0.properties.isPatternWhitespace }),
    (["Quotation_Mark", "QMark"], { $0.properties.isQuotationMark }),
    (["Radical"], { $0.properties.isRadical }),
    (["Regional_Indicator", "RI"], { (0x1F1E6...0x1F1FF).contains($0.value) }),
    (["Sentence_Terminal", "STerm"], { $0.properties.isSentenceTerminal }),
    (["Soft_Dotted", "SD"], { $0.properties.isSoftDotted }),
    (["Terminal_Punctuation", "Term"], { $0.properties.isTerminalPunctuation }),
    (["Unified_Ideograph", "UIdeo"], { $0.properties.isUnifiedIdeograph }),
    (["Uppercase", "Upper"], { $0.properties.isUppercase }),
    (["Variation_Selector", "VS"], { $0.properties.isVariationSelector }),
    (["White_Space", "space"], { $0.properties.isWhitespace }),
    (["XID_Continue", "XIDC"], { $0.properties.isXIDContinue }),
    (["XID_Start", "XIDS"], { $0.properties.isXIDStart }),
]

/// Resolves the text between the braces of `\p{…}`; nil when unknown.
private func lookupProperty(_ text: String, negated: Bool) -> RegexProperty? {
    func category(_ value: Substring) -> RegexProperty? {
        guard let entry = generalCategories.first(where: { $0.names.contains(where: { $0 == value }) }) else {
            return nil
        }
        return RegexProperty(categoryMask: entry.mask, binary: -1, negated: negated)
    }
    if let eq = text.firstIndex(of: "=") {
        let name = text[..<eq]
        let value = text[text.index(after: eq)...]
        guard name == "General_Category" || name == "gc" else { return nil }
        return category(value)
    }
    if let p = category(Substring(text)) { return p }
    if let index = binaryProperties.firstIndex(where: { $0.names.contains(text) }) {
        return RegexProperty(categoryMask: 0, binary: index, negated: negated)
    }
    return nil
}

// MARK: - AST

/// The parsed form of a pattern.
private indirect enum RegexNode {
    case empty
    case char(UInt32)
    /// `.`: any code point but a line terminator.
    case dot
    /// A character class; index into `ParsedRegex.sets`.
    case set(Int)
    case sequence([RegexNode])
    case alternation([RegexNode])
    /// A capturing group with its 1-based index.
    case capture(RegexNode, index: Int)
    /// `max == Int.max` means unbounded. `firstGroup`/`groupCount` are the captures inside.
    case quantified(RegexNode, min: Int, max: Int, greedy: Bool, firstGroup: Int, groupCount: Int)
    case startAnchor
    case endAnchor
    case wordBoundary(negated: Bool)
    case backreference(Int)
    case namedBackreference(String)
    case look(RegexNode, behind: Bool, negated: Bool, firstGroup: Int, groupCount: Int)

    /// Whether the node can match the empty string.
    var canBeEmpty: Bool {
        switch self {
        case .char, .dot, .set: return false
        case .sequence(let items): return items.allSatisfy(\.canBeEmpty)
        case .alternation(let alts): return alts.contains(where: \.canBeEmpty)
        case .capture(let body, _): return body.canBeEmpty
        case .quantified(let body, let min, _, _, _, _): return min == 0 || body.canBeEmpty
        default: return true
        }
    }
}

private struct ParsedRegex {
    var root: RegexNode
    var groupCount: Int
    var groupNames: [String: Int]
    var sets: [RegexCharSet]
    var hasBackreferences: Bool
}

// MARK: - Parser

/// Recursive-descent parser for the ECMA-262 `Pattern[+UnicodeMode, +NamedCaptureGroups]` grammar.
private struct RegexParser {
    let s: [UInt32]
    var i = 0
    var groupCount = 0
    var groupNames: [String: Int] = [:]
    var sets: [RegexCharSet] = []
    var backreferences: [(number: Int, offset: Int)] = []
    var namedReferences: [(name: String, offset: Int)] = []
    /// Current group nesting depth, limited to keep the recursive passes' stack use bounded.
    var depth = 0
    static let maxDepth = 256

    init(_ pattern: String) {
        s = pattern.unicodeScalars.map(\.value)
    }

    private func at(_ k: Int) -> UInt32? { k < s.count ? s[k] : nil }

    private func error(_ message: String, _ offset: Int) -> ECMARegexSyntaxError {
        ECMARegexSyntaxError(message: message, offset: offset)
    }

    mutating func parse() throws(ECMARegexSyntaxError) -> ParsedRegex {
        let root = try parseDisjunction()
        if i < s.count {
            throw error(s[i] == 0x29 ? "unmatched ')'" : "unexpected character", i)
        }
        for ref in backreferences where ref.number > groupCount {
            throw error("backreference to a nonexistent group", ref.offset)
        }
        for ref in namedReferences where groupNames[ref.name] == nil {
            throw error("reference to an undefined group name", ref.offset)
        }
        return ParsedRegex(root: root, groupCount: groupCount, groupNames: groupNames, sets: sets,
                           hasBackreferences: !backreferences.isEmpty || !namedReferences.isEmpty)
    }

    private mutating func parseDisjunction() throws(ECMARegexSyntaxError) -> RegexNode {
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maxDepth { throw error("groups nested too deeply", i) }
        var alternatives = [try parseAlternative()]
        while i < s.count && s[i] == 0x7C /* | */ {
            i += 1
            alternatives.append(try parseAlternative())
        }
        return alternatives.count == 1 ? alternatives[0] : .alternation(alternatives)
    }

    private mutating func parseAlternative() throws(ECMARegexSyntaxError) -> RegexNode {
        var items: [RegexNode] = []
        while i < s.count && s[i] != 0x7C && s[i] != 0x29 {
            items.append(try parseTerm())
        }
        switch items.count {
        case 0: return .empty
        case 1: return items[0]
        default: return .sequence(items)
        }
    }

    private mutating func expectClose(_ groupStart: Int) throws(ECMARegexSyntaxError) {
        guard at(i) == 0x29 else { throw error("unterminated group", groupStart) }
        i += 1
    }

    private mutating func parseTerm() throws(ECMARegexSyntaxError) -> RegexNode {
        let start = i
        let groupsBefore = groupCount
        let c = s[i]
        var atom: RegexNode
        var quantifiable = true
        switch c {
        case 0x5E: // ^
            i += 1
            atom = .startAnchor
            quantifiable = false
        case 0x24: // $
            i += 1
            atom = .endAnchor
            quantifiable = false
        case 0x5C: // \
            if let n = at(i + 1), n == 0x62 || n == 0x42 { // \b \B
                i += 2
                atom = .wordBoundary(negated: n == 0x42)
                quantifiable = false
            } else {
                atom = try parseAtomEscape()
            }
        case 0x28: // (
            if at(i + 1) == 0x3F { // ?
                switch at(i + 2) {
                case 0x3A: // (?:
                    i += 3
                    atom = try parseDisjunction()
                    try expectClose(start)
                case 0x3D, 0x21: // (?= (?!
                    i += 3
                    let body = try parseDisjunction()
                    try expectClose(start)
                    atom = .look(body, behind: false, negated: s[start + 2] == 0x21,
                                 firstGroup: groupsBefore + 1, groupCount: groupCount - groupsBefore)
                    quantifiable = false
                case 0x3C: // (?<
                    if let k = at(i + 3), k == 0x3D || k == 0x21 {
                        i += 4
                        let body = try parseDisjunction()
                        try expectClose(start)
                        atom = .look(body, behind: true, negated: k == 0x21,
                                     firstGroup: groupsBefore + 1, groupCount: groupCount - groupsBefore)
                        quantifiable = false
                    } else {
                        i += 3
                        let nameOffset = i
                        let name = try parseGroupName()
                        if groupNames[name] != nil { throw error("duplicate capture group name", nameOffset) }
                        groupCount += 1
                        let index = groupCount
                        groupNames[name] = index
                        let body = try parseDisjunction()
                        try expectClose(start)
                        atom = .capture(body, index: index)
                    }
                default:
                    throw error("invalid group", start)
                }
            } else {
                i += 1
                groupCount += 1
                let index = groupCount
                let body = try parseDisjunction()
                try expectClose(start)
                atom = .capture(body, index: index)
            }
        case 0x2E: // .
            i += 1
            atom = .dot
        case 0x5B: // [
            atom = .set(try parseClass())
        case 0x2A, 0x2B, 0x3F, 0x7B: // * + ? {
            throw error("nothing to repeat", i)
        case 0x7D, 0x5D: // } ]
            throw error("lone quantifier bracket", i)
        default:
            i += 1
            atom = .char(c)
        }

        // Quantifier.
        guard let q = at(i) else { return atom }
        let quantifierStart = i
        var min = 0
        var max = Int.max
        switch q {
        case 0x2A: i += 1
        case 0x2B: i += 1; min = 1
        case 0x3F: i += 1; max = 1
        case 0x7B:
            guard let bounds = parseBraces() else { throw error("incomplete quantifier", i) }
            (min, max) = bounds
            if min > max { throw error("numbers out of order in {} quantifier", quantifierStart) }
        default:
            return atom
        }
        if !quantifiable { throw error("nothing to repeat", quantifierStart) }
        var greedy = true
        if at(i) == 0x3F {
            greedy = false
            i += 1
        }
        return .quantified(atom, min: min, max: max, greedy: greedy,
                           firstGroup: groupsBefore + 1, groupCount: groupCount - groupsBefore)
    }

    /// Parses `{n}`, `{n,}` or `{n,m}` at `i`; nil (and `i` unchanged) if malformed.
    private mutating func parseBraces() -> (Int, Int)? {
        var k = i + 1
        func digits(_ k: inout Int) -> Int? {
            var value = 0
            var any = false
            while let d = at(k), d >= 0x30 && d <= 0x39 {
                value = value > (Int.max - 9) / 10 ? Int.max : value * 10 + Int(d - 0x30)
                any = true
                k += 1
            }
            return any ? value : nil
        }
        guard let lo = digits(&k) else { return nil }
        var hi = lo
        if at(k) == 0x2C { // ,
            k += 1
            hi = digits(&k) ?? Int.max
        }
        guard at(k) == 0x7D else { return nil }
        i = k + 1
        return (lo, hi)
    }

    /// Parses a `GroupName` body after `<`, through the closing `>`.
    private mutating func parseGroupName() throws(ECMARegexSyntaxError) -> String {
        let start = i
        var name = ""
        var first = true
        while true {
            guard var c = at(i) else { throw error("invalid capture group name", start) }
            if c == 0x3E { // >
                if first { throw error("invalid capture group name", start) }
                i += 1
                return name
            }
            if c == 0x5C { // \u escape
                guard at(i + 1) == 0x75 else { throw error("invalid capture group name", i) }
                i += 2
                c = try parseUnicodeEscapeBody()
            } else {
                i += 1
            }
            guard let scalar = Unicode.Scalar(c) else { throw error("invalid capture group name", start) }
            let ok = first
                ? (scalar.properties.isIDStart || c == 0x24 || c == 0x5F)
                : (scalar.properties.isIDContinue || c == 0x24 || c == 0x200C || c == 0x200D)
            if !ok { throw error("invalid capture group name", start) }
            name.unicodeScalars.append(scalar)
            first = false
        }
    }

    private static func hexValue(_ c: UInt32?) -> UInt32? {
        guard let c else { return nil }
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }

    private func fourHex(at k: Int) -> UInt32? {
        var v: UInt32 = 0
        for j in 0..<4 {
            guard let h = Self.hexValue(at(k + j)) else { return nil }
            v = v << 4 | h
        }
        return v
    }

    /// Parses what follows `\u`: `{X…}` or `XXXX` (joining an escaped surrogate pair).
    private mutating func parseUnicodeEscapeBody() throws(ECMARegexSyntaxError) -> UInt32 {
        let start = i - 2
        if at(i) == 0x7B { // {
            var k = i + 1
            var v: UInt32 = 0
            var any = false
            while let h = Self.hexValue(at(k)) {
                v = v << 4 | h
                if v > 0x10FFFF { throw error("invalid Unicode escape", start) }
                any = true
                k += 1
            }
            guard any, at(k) == 0x7D else { throw error("invalid Unicode escape", start) }
            i = k + 1
            return v
        }
        guard let v = fourHex(at: i) else { throw error("invalid Unicode escape", start) }
        i += 4
        if v >= 0xD800 && v <= 0xDBFF, at(i) == 0x5C, at(i + 1) == 0x75,
           let t = fourHex(at: i + 2), t >= 0xDC00 && t <= 0xDFFF {
            i += 6
            return 0x10000 + ((v - 0xD800) << 10) + (t - 0xDC00)
        }
        return v
    }

    private static func isSyntaxCharacter(_ c: UInt32) -> Bool {
        switch c {
        case 0x5E, 0x24, 0x5C, 0x2E, 0x2A, 0x2B, 0x3F, 0x28, 0x29, 0x5B, 0x5D, 0x7B, 0x7D, 0x7C: return true
        default: return false
        }
    }

    /// Parses an escape outside a class; `i` is at the backslash.
    private mutating func parseAtomEscape() throws(ECMARegexSyntaxError) -> RegexNode {
        let start = i
        i += 1
        guard let c = at(i) else { throw error("\\ at end of pattern", start) }
        switch c {
        case 0x31...0x39: // backreference
            var n = 0
            while let d = at(i), d >= 0x30 && d <= 0x39 {
                n = n > (Int.max - 9) / 10 ? Int.max : n * 10 + Int(d - 0x30)
                i += 1
            }
            backreferences.append((n, start))
            return .backreference(n)
        case 0x6B: // \k<name>
            guard at(i + 1) == 0x3C else { throw error("invalid named reference", start) }
            i += 2
            let name = try parseGroupName()
            namedReferences.append((name, start))
            return .namedBackreference(name)
        case 0x64, 0x44, 0x73, 0x53, 0x77, 0x57, 0x70, 0x50: // d D s S w W p P
            var builder = RegexCharSetBuilder()
            try parseSetEscape(into: &builder)
            sets.append(builder.build(negated: false))
            return .set(sets.count - 1)
        default:
            return .char(try parseCharacterEscape(inClass: false, start: start))
        }
    }

    /// Parses a `CharacterEscape`; `i` is at the character after the backslash.
    private mutating func parseCharacterEscape(inClass: Bool, start: Int) throws(ECMARegexSyntaxError) -> UInt32 {
        let c = s[i]
        switch c {
        case 0x66: i += 1; return 0x0C // f
        case 0x6E: i += 1; return 0x0A // n
        case 0x72: i += 1; return 0x0D // r
        case 0x74: i += 1; return 0x09 // t
        case 0x76: i += 1; return 0x0B // v
        case 0x63: // c
            guard let l = at(i + 1), (l >= 0x41 && l <= 0x5A) || (l >= 0x61 && l <= 0x7A) else {
                throw error("invalid control escape", start)
            }
            i += 2
            return l % 32
        case 0x30: // \0
            if let d = at(i + 1), d >= 0x30 && d <= 0x39 { throw error("invalid decimal escape", start) }
            i += 1
            return 0
        case 0x78: // x
            guard let h1 = Self.hexValue(at(i + 1)), let h2 = Self.hexValue(at(i + 2)) else {
                throw error("invalid hex escape", start)
            }
            i += 3
            return h1 << 4 | h2
        case 0x75: // u
            i += 1
            return try parseUnicodeEscapeBody()
        case 0x2F: // /
            i += 1
            return c
        case 0x2D where inClass: // -
            i += 1
            return c
        default:
            if Self.isSyntaxCharacter(c) {
                i += 1
                return c
            }
            throw error("invalid escape", start)
        }
    }

    /// Parses `\d \D \s \S \w \W \p{…} \P{…}` into `builder`; `i` is at the letter.
    private mutating func parseSetEscape(into builder: inout RegexCharSetBuilder) throws(ECMARegexSyntaxError) {
        let start = i - 1
        let c = s[i]
        i += 1
        switch c {
        case 0x64: builder.add(digitRanges)
        case 0x44: builder.add(complement(digitRanges))
        case 0x73: builder.add(spaceRanges)
        case 0x53: builder.add(complement(spaceRanges))
        case 0x77: builder.add(wordRanges)
        case 0x57: builder.add(complement(wordRanges))
        default: // p P
            guard at(i) == 0x7B else { throw error("invalid property name", start) }
            i += 1
            var text = ""
            while let k = at(i), k != 0x7D {
                let ok = (k >= 0x41 && k <= 0x5A) || (k >= 0x61 && k <= 0x7A) || (k >= 0x30 && k <= 0x39)
                    || k == 0x5F || k == 0x3D
                guard ok, let scalar = Unicode.Scalar(k) else { throw error("invalid property name", start) }
                text.unicodeScalars.append(scalar)
                i += 1
            }
            guard at(i) == 0x7D else { throw error("invalid property name", start) }
            i += 1
            guard let property = lookupProperty(text, negated: c == 0x50) else {
                throw error("invalid property name", start)
            }
            builder.properties.append(property)
        }
    }

    /// Parses a class `[…]`; `i` is at `[`. Returns the index of the new set.
    private mutating func parseClass() throws(ECMARegexSyntaxError) -> Int {
        let start = i
        i += 1
        var negated = false
        if at(i) == 0x5E {
            negated = true
            i += 1
        }
        var builder = RegexCharSetBuilder()
        while true {
            guard let c = at(i) else { throw error("unterminated character class", start) }
            if c == 0x5D { // ]
                i += 1
                break
            }
            let atomStart = i
            let first = try parseClassAtom(into: &builder)
            if at(i) == 0x2D, let next = at(i + 1), next != 0x5D { // a-b
                i += 1
                let second = try parseClassAtom(into: &builder)
                guard let lo = first, let hi = second else {
                    throw error("invalid character class range", atomStart)
                }
                guard lo <= hi else { throw error("range out of order in character class", atomStart) }
                builder.add(lo, hi)
            } else if let lo = first {
                builder.add(lo, lo)
            }
        }
        sets.append(builder.build(negated: negated))
        return sets.count - 1
    }

    /// Parses one class atom. Returns its code point, or nil for a set escape (added to `builder`).
    private mutating func parseClassAtom(into builder: inout RegexCharSetBuilder) throws(ECMARegexSyntaxError) -> UInt32? {
        let c = s[i]
        guard c == 0x5C else {
            i += 1
            return c
        }
        let start = i
        i += 1
        guard let e = at(i) else { throw error("\\ at end of pattern", start) }
        switch e {
        case 0x62: // \b = backspace
            i += 1
            return 0x08
        case 0x64, 0x44, 0x73, 0x53, 0x77, 0x57, 0x70, 0x50:
            try parseSetEscape(into: &builder)
            return nil
        default:
            return try parseCharacterEscape(inClass: true, start: start)
        }
    }
}

// MARK: - Program

private enum RegexOp: UInt8 {
    /// Match code point `a`.
    case char
    /// Match any code point but a line terminator.
    case dot
    /// Match a member of set `a`.
    case set
    /// Greedy / lazy repetition of a single-character matcher (`kind`: 0 char `a`, 1 dot, 2 set `a`), min `b`, max `c`.
    case repeatGreedy
    case repeatLazy
    /// Try `a`, then on backtrack `b`.
    case split
    /// Go to `a`.
    case jump
    /// Register `a` := position.
    case save
    /// Registers `a..<b` := -1 (capture reset at the start of a quantifier iteration).
    case clear
    /// Counter register `a` := 0.
    case loopInit
    /// Loop head: counter register `a`, min `b`, max `c`, exit `d`, greedy `flag`; body starts at pc+1.
    case loop
    /// Iteration start: register `a` := position.
    case loopBody
    /// Iteration end: counter `a`, min `b`, loop head `c`, check for empty iteration if `flag`.
    case loopEnd
    case startAnchor
    case endAnchor
    case wordBoundary
    case notWordBoundary
    /// Backreference to group `a`.
    case backref
    /// Lookaround: negated if `flag`, continue at `b`, capture registers `c..<d`; body at pc+1 ends with `succeed`.
    case look
    case succeed
}

private struct RegexInst: Sendable {
    var op: RegexOp
    /// Match backwards (inside a lookbehind).
    var back = false
    var flag = false
    var kind: UInt8 = 0
    var a: Int32 = 0
    var b: Int32 = 0
    var c: Int32 = 0
    var d: Int32 = 0
}

/// A compiled regex: the instruction array plus search hints.
private final class RegexProgram: Sendable {
    let insts: [RegexInst]
    let sets: [RegexCharSet]
    let registerCount: Int
    /// The pattern can only match at position 0.
    let anchoredAtStart: Bool
    /// Every match starts with a member of this set (and is non-empty).
    let firstChars: RegexCharSet?
    /// When the pattern is a backtracking-free sequence of single-character items, those
    /// items; matched by `linearMatch` instead of the VM.
    let linear: [RegexLinearStep]?
    /// With `linear`: the pattern ends with `$`.
    let linearAnchoredAtEnd: Bool
    /// The pattern as a Thompson NFA, matched in linear time by `searchLinear` instead of the
    /// backtracking VM; nil when the pattern has a backreference or lookaround, or expands too far.
    let pike: RegexPikeProgram?
    /// `pike` as a DFA over ASCII, which searches ASCII strings with one table lookup a byte; nil
    /// without `pike`, with a word boundary, or past the automaton's bounds.
    let automaton: RegexAutomaton?

    init(insts: [RegexInst], sets: [RegexCharSet], registerCount: Int, anchoredAtStart: Bool,
         firstChars: RegexCharSet?, linear: [RegexLinearStep]?, linearAnchoredAtEnd: Bool, pike: RegexPikeProgram?) {
        self.insts = insts
        self.sets = sets
        self.registerCount = registerCount
        self.anchoredAtStart = anchoredAtStart
        self.firstChars = firstChars
        self.linear = linear
        self.linearAnchoredAtEnd = linearAnchoredAtEnd
        self.pike = pike
        self.automaton = pike.flatMap { RegexAutomaton.build($0, sets: sets, anchored: anchoredAtStart) }
    }
}

/// One item of a linear program: a single-character matcher repeated `min...max` times.
private struct RegexLinearStep: Sendable {
    /// Membership for ASCII code points.
    var ascii0: UInt64
    var ascii1: UInt64
    /// 0: code point `value`; 1: `.`; 2: set number `value`.
    var kind: UInt8
    var value: UInt32
    var min: Int
    var max: Int
}

// MARK: - Compiler

private struct RegexCompiler {
    var insts: [RegexInst] = []
    var registerCount: Int
    let groupNames: [String: Int]

    static func compile(_ parsed: ParsedRegex) -> RegexProgram {
        var compiler = RegexCompiler(registerCount: 2 * parsed.groupCount, groupNames: parsed.groupNames)
        var parsed = parsed
        parsed.root = simplify(parsed.root, dropCaptures: !parsed.hasBackreferences)
        compiler.emit(parsed.root, back: false)
        compiler.insts.append(RegexInst(op: .succeed))
        var firstChars: RegexCharSet?
        if let (ranges, nullable) = firstSet(parsed.root, parsed.sets), !nullable {
            var builder = RegexCharSetBuilder()
            builder.ranges = ranges
            firstChars = builder.build(negated: false)
        }
        let (linear, anchoredAtEnd) = linearSteps(parsed.root, parsed.sets) ?? (nil, false)
        return RegexProgram(insts: compiler.insts, sets: parsed.sets, registerCount: compiler.registerCount,
                            anchoredAtStart: isAnchoredAtStart(parsed.root), firstChars: firstChars,
                            linear: linear, linearAnchoredAtEnd: anchoredAtEnd,
                            pike: RegexPikeProgram.compile(parsed.root))
    }

    /// If `root` is `^? (atom quantifier?)* $?` with single-character atoms, and greedy
    /// matching without backtracking cannot miss a match (each variable-count item is
    /// disjoint from what can follow it), the steps of that sequence; else nil.
    private static func linearSteps(_ root: RegexNode, _ sets: [RegexCharSet]) -> ([RegexLinearStep], Bool)? {
        var items: [RegexNode]
        if case .sequence(let list) = root { items = list } else { items = [root] }
        if case .startAnchor? = items.first { items.removeFirst() }
        var anchoredAtEnd = false
        if case .endAnchor? = items.last {
            items.removeLast()
            anchoredAtEnd = true
        }
        // (step, plain ranges or nil when the item uses properties)
        var steps: [(RegexLinearStep, [(UInt32, UInt32)]?)] = []
        for item in items {
            var atom = item
            var min = 1
            var max = 1
            if case .quantified(let body, let lo, let hi, _, _, _) = item {
                atom = body
                min = lo
                max = hi
            }
            var step = RegexLinearStep(ascii0: 0, ascii1: 0, kind: 0, value: 0, min: min, max: max)
            var ranges: [(UInt32, UInt32)]?
            switch atom {
            case .char(let c):
                step.value = c
                ranges = [(c, c)]
            case .dot:
                step.kind = 1
                ranges = complement([(0x0A, 0x0A), (0x0D, 0x0D), (0x2028, 0x2029)])
            case .set(let index):
                let set = sets[index]
                step.kind = 2
                step.value = UInt32(index)
                if set.properties.isEmpty {
                    var plain: [(UInt32, UInt32)] = []
                    var k = 0
                    while k < set.ranges.count {
                        plain.append((set.ranges[k], set.ranges[k + 1]))
                        k += 2
                    }
                    ranges = set.negated ? complement(plain) : plain
                }
            default:
                return nil
            }
            var builder = RegexCharSetBuilder()
            builder.ranges = ranges ?? []
            let membership = ranges == nil ? sets[Int(step.value)] : builder.build(negated: false)
            step.ascii0 = membership.ascii0
            step.ascii1 = membership.ascii1
            steps.append((step, ranges))
        }
        for (k, (step, ranges)) in steps.enumerated() where step.min < step.max {
            // Union of what may follow, up to the first item that must consume.
            var follow: [(UInt32, UInt32)] = []
            var constrained = anchoredAtEnd
            for (next, nextRanges) in steps[(k + 1)...] {
                guard let nextRanges else { return nil }
                follow += nextRanges
                if next.min > 0 {
                    constrained = true
                    break
                }
            }
            if !constrained || follow.isEmpty { continue }
            guard let ranges, disjoint(ranges, follow) else { return nil }
        }
        return (steps.map(\.0), anchoredAtEnd)
    }

    private static func disjoint(_ a: [(UInt32, UInt32)], _ b: [(UInt32, UInt32)]) -> Bool {
        for x in a {
            for y in b where x.0 <= y.1 && y.0 <= x.1 { return false }
        }
        return true
    }

    /// Flattens nested sequences and, when nothing can observe captures (no backreferences),
    /// turns capturing groups into plain groups.
    private static func simplify(_ node: RegexNode, dropCaptures: Bool) -> RegexNode {
        switch node {
        case .capture(let body, let index):
            let inner = simplify(body, dropCaptures: dropCaptures)
            return dropCaptures ? inner : .capture(inner, index: index)
        case .sequence(let items):
            var out: [RegexNode] = []
            for item in items {
                switch simplify(item, dropCaptures: dropCaptures) {
                case .sequence(let inner): out += inner
                case .empty: break
                case let other: out.append(other)
                }
            }
            return out.isEmpty ? .empty : out.count == 1 ? out[0] : .sequence(out)
        case .alternation(let alternatives):
            return .alternation(alternatives.map { simplify($0, dropCaptures: dropCaptures) })
        case .quantified(let body, let min, let max, let greedy, let firstGroup, let groupCount):
            return .quantified(simplify(body, dropCaptures: dropCaptures), min: min, max: max, greedy: greedy,
                               firstGroup: firstGroup, groupCount: dropCaptures ? 0 : groupCount)
        case .look(let body, let behind, let negated, let firstGroup, let groupCount):
            return .look(simplify(body, dropCaptures: dropCaptures), behind: behind, negated: negated,
                         firstGroup: firstGroup, groupCount: dropCaptures ? 0 : groupCount)
        default:
            return node
        }
    }

    private static func clamp(_ v: Int) -> Int32 { v >= Int(Int32.max) ? Int32.max : Int32(v) }

    @discardableResult
    private mutating func append(_ inst: RegexInst) -> Int {
        insts.append(inst)
        return insts.count - 1
    }

    private mutating func emit(_ node: RegexNode, back: Bool) {
        switch node {
        case .empty:
            break
        case .char(let c):
            append(RegexInst(op: .char, back: back, a: Int32(c)))
        case .dot:
            append(RegexInst(op: .dot, back: back))
        case .set(let index):
            append(RegexInst(op: .set, back: back, a: Int32(index)))
        case .sequence(let items):
            if back {
                for item in items.reversed() { emit(item, back: back) }
            } else {
                for item in items { emit(item, back: back) }
            }
        case .alternation(let alternatives):
            var jumps: [Int] = []
            for (k, alternative) in alternatives.enumerated() {
                if k < alternatives.count - 1 {
                    let split = append(RegexInst(op: .split))
                    emit(alternative, back: back)
                    jumps.append(append(RegexInst(op: .jump)))
                    insts[split].a = Int32(split + 1)
                    insts[split].b = Int32(insts.count)
                } else {
                    emit(alternative, back: back)
                }
            }
            for j in jumps { insts[j].a = Int32(insts.count) }
        case .capture(let body, let index):
            let open = Int32(2 * (index - 1))
            append(RegexInst(op: .save, a: back ? open + 1 : open))
            emit(body, back: back)
            append(RegexInst(op: .save, a: back ? open : open + 1))
        case .quantified(let body, let min, let max, let greedy, let firstGroup, let groupCount):
            let lo = Self.clamp(min)
            let hi = Self.clamp(max)
            if hi == 0 { return }
            switch body {
            case .char(let c):
                append(RegexInst(op: greedy ? .repeatGreedy : .repeatLazy, back: back, kind: 0, a: Int32(c), b: lo, c: hi))
                return
            case .dot:
                append(RegexInst(op: greedy ? .repeatGreedy : .repeatLazy, back: back, kind: 1, b: lo, c: hi))
                return
            case .set(let index):
                append(RegexInst(op: greedy ? .repeatGreedy : .repeatLazy, back: back, kind: 2, a: Int32(index), b: lo, c: hi))
                return
            default:
                break
            }
            if lo == 1 && hi == 1 {
                emit(body, back: back)
                return
            }
            let counter = Int32(registerCount)
            registerCount += 2
            append(RegexInst(op: .loopInit, a: counter))
            let head = append(RegexInst(op: .loop, flag: greedy, a: counter, b: lo, c: hi))
            append(RegexInst(op: .loopBody, a: counter + 1))
            if groupCount > 0 {
                append(RegexInst(op: .clear, a: Int32(2 * (firstGroup - 1)), b: Int32(2 * (firstGroup - 1 + groupCount))))
            }
            emit(body, back: back)
            append(RegexInst(op: .loopEnd, flag: body.canBeEmpty, a: counter, b: lo, c: Int32(head)))
            insts[head].d = Int32(insts.count)
        case .startAnchor:
            append(RegexInst(op: .startAnchor))
        case .endAnchor:
            append(RegexInst(op: .endAnchor))
        case .wordBoundary(let negated):
            append(RegexInst(op: negated ? .notWordBoundary : .wordBoundary))
        case .backreference(let n):
            append(RegexInst(op: .backref, back: back, a: Int32(n)))
        case .namedBackreference(let name):
            append(RegexInst(op: .backref, back: back, a: Int32(groupNames[name] ?? 0)))
        case .look(let body, let behind, let negated, let firstGroup, let groupCount):
            let head = append(RegexInst(op: .look, flag: negated,
                                        c: Int32(2 * (firstGroup - 1)), d: Int32(2 * (firstGroup - 1 + groupCount))))
            emit(body, back: behind)
            append(RegexInst(op: .succeed))
            insts[head].b = Int32(insts.count)
        }
    }

    /// Whether every match must start at position 0.
    private static func isAnchoredAtStart(_ node: RegexNode) -> Bool {
        switch node {
        case .startAnchor: return true
        case .sequence(let items): return items.first.map(isAnchoredAtStart) ?? false
        case .alternation(let alternatives): return alternatives.allSatisfy(isAnchoredAtStart)
        case .capture(let body, _): return isAnchoredAtStart(body)
        default: return false
        }
    }

    /// The code points a match can start with, and whether the node can match empty;
    /// nil when unknown (negated or property classes, `.`, backreferences).
    private static func firstSet(_ node: RegexNode, _ sets: [RegexCharSet]) -> ([(UInt32, UInt32)], Bool)? {
        switch node {
        case .empty, .startAnchor, .endAnchor, .wordBoundary, .look:
            return ([], true)
        case .char(let c):
            return ([(c, c)], false)
        case .dot, .backreference, .namedBackreference:
            return nil
        case .set(let index):
            let set = sets[index]
            guard !set.negated, set.properties.isEmpty else { return nil }
            var ranges: [(UInt32, UInt32)] = []
            var k = 0
            while k < set.ranges.count {
                ranges.append((set.ranges[k], set.ranges[k + 1]))
                k += 2
            }
            return (ranges, false)
        case .sequence(let items):
            var acc: [(UInt32, UInt32)] = []
            for item in items {
                guard let (r, nullable) = firstSet(item, sets) else { return nil }
                acc += r
                if !nullable { return (acc, false) }
            }
            return (acc, true)
        case .alternation(let alternatives):
            var acc: [(UInt32, UInt32)] = []
            var anyNullable = false
            for alternative in alternatives {
                guard let (r, nullable) = firstSet(alternative, sets) else { return nil }
                acc += r
                anyNullable = anyNullable || nullable
            }
            return (acc, anyNullable)
        case .capture(let body, _):
            return firstSet(body, sets)
        case .quantified(let body, let min, let max, _, _, _):
            if max == 0 { return ([], true) }
            guard let (r, nullable) = firstSet(body, sets) else { return nil }
            return (r, nullable || min == 0)
        }
    }
}

// MARK: - Linear-time matcher

/// One instruction of a ``RegexPikeProgram``: an NFA state without counters or registers.
struct RegexPikeInst: Sendable {
    enum Op: UInt8 {
        /// Consume code point `a`.
        case char
        /// Consume any code point but a line terminator.
        case dot
        /// Consume a member of set `a`.
        case set
        /// Continue at both `a` and `b`.
        case split
        /// Continue at `a`.
        case jump
        case startAnchor
        case endAnchor
        case wordBoundary
        case notWordBoundary
        /// A match has been found.
        case match
    }
    var op: Op
    var a: Int32 = 0
    var b: Int32 = 0
}

/// A Thompson NFA for a pattern without backreferences or lookarounds, run by a Pike VM
/// (`RegexProgram.searchLinear`) that keeps one set of states per input position.
///
/// Counted repetition is expanded (`x{2,4}` is `xx(?:x(?:x)?)?`) and greediness is dropped:
/// neither changes whether a match exists. Captures are compiled away already.
///
/// - Complexity: a search takes O(*n* × *m*) time and O(*m*) memory for *n* input code points
///   and *m* = `insts.count` ≤ ``maxInstructions``.
struct RegexPikeProgram: Sendable {
    let insts: [RegexPikeInst]

    /// The largest expansion compiled; a bigger pattern (large counted repetitions) is left to
    /// the backtracker, which keeps the cost per input character small.
    static let maxInstructions = 10_000

    /// Compiles `root` (simplified, without captures), or nil when it has a backreference or
    /// lookaround or expands past ``maxInstructions``.
    fileprivate static func compile(_ root: RegexNode) -> RegexPikeProgram? {
        var builder = Builder()
        guard builder.emit(root) else { return nil }
        builder.insts.append(RegexPikeInst(op: .match))
        return RegexPikeProgram(insts: builder.insts)
    }

    private struct Builder {
        var insts: [RegexPikeInst] = []

        @discardableResult
        mutating func append(_ inst: RegexPikeInst) -> Int {
            insts.append(inst)
            return insts.count - 1
        }

        /// Emits `node`; false when it cannot be compiled (or grows too large).
        mutating func emit(_ node: RegexNode) -> Bool {
            if insts.count > RegexPikeProgram.maxInstructions { return false }
            switch node {
            case .empty:
                return true
            case .char(let c):
                append(RegexPikeInst(op: .char, a: Int32(c)))
            case .dot:
                append(RegexPikeInst(op: .dot))
            case .set(let index):
                append(RegexPikeInst(op: .set, a: Int32(index)))
            case .sequence(let items):
                for item in items where !emit(item) { return false }
            case .alternation(let alternatives):
                return emitAlternation(alternatives)
            case .capture(let body, _):
                return emit(body)
            case .quantified(let body, let min, let max, _, _, _):
                return emitRepetition(body, min: min, max: max)
            case .startAnchor:
                append(RegexPikeInst(op: .startAnchor))
            case .endAnchor:
                append(RegexPikeInst(op: .endAnchor))
            case .wordBoundary(let negated):
                append(RegexPikeInst(op: negated ? .notWordBoundary : .wordBoundary))
            case .backreference, .namedBackreference, .look:
                return false
            }
            return insts.count <= RegexPikeProgram.maxInstructions
        }

        mutating func emitAlternation(_ alternatives: [RegexNode]) -> Bool {
            var jumps: [Int] = []
            for (k, alternative) in alternatives.enumerated() {
                if k == alternatives.count - 1 {
                    if !emit(alternative) { return false }
                    break
                }
                let split = append(RegexPikeInst(op: .split))
                if !emit(alternative) { return false }
                jumps.append(append(RegexPikeInst(op: .jump)))
                insts[split].a = Int32(split + 1)
                insts[split].b = Int32(insts.count)
            }
            for j in jumps { insts[j].a = Int32(insts.count) }
            return true
        }

        /// `body{min,max}`: `min` copies, then a star (unbounded `max`) or `max - min` nested options.
        /// A star whose body can match empty loops back to its own split, which the VM's
        /// per-position visited set stops.
        mutating func emitRepetition(_ body: RegexNode, min: Int, max: Int) -> Bool {
            // Bounds are clamped to 2^31-1 as in the backtracker; that bound counts as unbounded.
            let lo = Swift.min(min, Int(Int32.max))
            let unbounded = max >= Int(Int32.max)
            if lo > RegexPikeProgram.maxInstructions { return false }
            for _ in 0..<lo where !emit(body) { return false }
            if unbounded {
                let split = append(RegexPikeInst(op: .split))
                if !emit(body) { return false }
                append(RegexPikeInst(op: .jump, a: Int32(split)))
                insts[split].a = Int32(split + 1)
                insts[split].b = Int32(insts.count)
                return true
            }
            let optional = max - lo
            if optional > RegexPikeProgram.maxInstructions { return false }
            var splits: [Int] = []
            for _ in 0..<optional {
                splits.append(append(RegexPikeInst(op: .split)))
                if !emit(body) { return false }
            }
            for s in splits {
                insts[s].a = Int32(s + 1)
                insts[s].b = Int32(insts.count)
            }
            return true
        }
    }
}

extension RegexProgram {
    /// Unanchored search by Pike VM: a breadth-first simulation of `pike` that follows every
    /// thread at once, keeping each NFA state at most once per input position.
    ///
    /// Spends one step of `budget` per ``ECMARegex/pikeStatesPerStep`` states visited and returns
    /// nil when the budget runs out.
    ///
    /// - Complexity: O(*n* × *m*) for *n* = `input.count` and *m* = `pike.insts.count`, and at most
    ///   `budget × pikeStatesPerStep` state visits.
    func searchLinear<U: FixedWidthInteger & UnsignedInteger>(
        _ input: UnsafeBufferPointer<U>, _ pike: RegexPikeProgram, _ budget: inout Int
    ) -> Bool? {
        if budget <= 0 { return nil }
        let m = pike.insts.count
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: 5 * m + 2) { memory in
            let base = memory.baseAddress!
            base.initialize(repeating: 0, count: 5 * m + 2)
            let current = base
            let next = base + m
            let visited = base + 2 * m // stamp (position + 1) at which a state was last added
            let stack = base + 3 * m   // pending states of one closure: 2m + 1 at most, as each state pushes ≤ 2
            return pike.insts.withUnsafeBufferPointer { code in
                sets.withUnsafeBufferPointer { sets in
                    var vm = RegexPikeVM(input: input, code: code, sets: sets, visited: visited, stack: stack,
                                         visitLimit: budget.multipliedReportingOverflow(by: ECMARegex.pikeStatesPerStep)
                                             .partialValue)
                    defer { budget -= Swift.min(budget, (vm.visits + ECMARegex.pikeStatesPerStep - 1) / ECMARegex.pikeStatesPerStep) }
                    return vm.search(current: current, next: next, anchored: anchoredAtStart, firstChars: firstChars)
                }
            }
        }
    }
}

/// The state of one Pike VM search; see `RegexProgram.searchLinear`.
private struct RegexPikeVM<U: FixedWidthInteger & UnsignedInteger> {
    let input: UnsafeBufferPointer<U>
    let code: UnsafeBufferPointer<RegexPikeInst>
    let sets: UnsafeBufferPointer<RegexCharSet>
    let visited: UnsafeMutablePointer<Int32>
    let stack: UnsafeMutablePointer<Int32>
    /// The most states this search may visit; past it the search gives up.
    let visitLimit: Int
    /// States visited so far (closure entries and consuming checks).
    var visits = 0

    @inline(__always)
    func ch(_ k: Int) -> UInt32 { UInt32(truncatingIfNeeded: input[k]) }

    @inline(__always)
    func isWordAt(_ k: Int) -> Bool { k >= 0 && k < input.count && isWordChar(ch(k)) }

    /// Adds the consuming states reachable from `pc` without consuming at `pos` to `list`;
    /// true when `match` is reachable.
    mutating func addClosure(_ pc: Int32, at pos: Int, to list: UnsafeMutablePointer<Int32>, count: inout Int) -> Bool {
        let stamp = Int32(truncatingIfNeeded: pos + 1)
        var sp = 0
        stack[sp] = pc
        sp += 1
        while sp > 0 {
            sp -= 1
            let pc = Int(stack[sp])
            if visited[pc] == stamp { continue }
            visited[pc] = stamp
            visits &+= 1
            let inst = code[pc]
            switch inst.op {
            case .char, .dot, .set:
                list[count] = Int32(pc)
                count += 1
            case .split:
                stack[sp] = inst.b
                stack[sp + 1] = inst.a
                sp += 2
            case .jump:
                stack[sp] = inst.a
                sp += 1
            case .startAnchor:
                if pos == 0 { stack[sp] = Int32(pc + 1); sp += 1 }
            case .endAnchor:
                if pos == input.count { stack[sp] = Int32(pc + 1); sp += 1 }
            case .wordBoundary:
                if isWordAt(pos - 1) != isWordAt(pos) { stack[sp] = Int32(pc + 1); sp += 1 }
            case .notWordBoundary:
                if isWordAt(pos - 1) == isWordAt(pos) { stack[sp] = Int32(pc + 1); sp += 1 }
            case .match:
                return true
            }
        }
        return false
    }

    /// Whether some position starts a match (only position 0 when `anchored`); nil when the
    /// search visits more than `visitLimit` states.
    mutating func search(current: UnsafeMutablePointer<Int32>, next: UnsafeMutablePointer<Int32>,
                         anchored: Bool, firstChars: RegexCharSet?) -> Bool? {
        let n = input.count
        var current = current
        var next = next
        var count = 0
        var pos = 0
        while true {
            if count == 0 {
                if anchored && pos > 0 { return false }
                if let firstChars, !anchored {
                    // No thread is alive: jump to the next position a match can start at.
                    while pos < n && !firstChars.contains(ch(pos)) { pos += 1 }
                    if pos == n { return false }
                }
            }
            if (!anchored || pos == 0) && addClosure(0, at: pos, to: current, count: &count) { return true }
            if pos == n { return false }
            // Checked once a position: one position visits at most every state once more.
            if visits > visitLimit { return nil }
            let c = ch(pos)
            var nextCount = 0
            visits &+= count
            for k in 0..<count {
                let inst = code[Int(current[k])]
                let ok: Bool
                switch inst.op {
                case .char: ok = c == UInt32(truncatingIfNeeded: inst.a)
                case .dot: ok = !isLineTerminator(c)
                default: ok = sets[Int(inst.a)].contains(c)
                }
                if ok && addClosure(current[k] + 1, at: pos + 1, to: next, count: &nextCount) { return true }
            }
            swap(&current, &next)
            count = nextCount
            pos += 1
        }
    }
}

// MARK: - Matcher

/// A backtrack-stack entry.
private struct RegexBacktrack {
    enum Kind: UInt8 {
        /// Resume at `pc`, `pos`.
        case branch
        /// Register `pc` := `pos`, then keep unwinding.
        case restore
        /// Greedy single-char repeat: give back one char from `pos` (forward: down to `aux`).
        case greedyForward
        case greedyBackward
        /// Lazy single-char repeat at instruction `pc`: take one more char at `pos`; `aux` = count so far.
        case lazyForward
        case lazyBackward
    }
    var kind: Kind
    var pc: Int32
    var pos: Int
    var aux: Int
}

/// Result of a (sub)match run.
private enum RegexRun {
    case matched, failed, exhausted
}

/// The backtracking VM over code units `U` (bytes of ASCII text or Unicode scalar values).
private struct RegexExecutor<U: FixedWidthInteger & UnsignedInteger> {
    let input: UnsafeBufferPointer<U>
    let n: Int
    let code: UnsafeBufferPointer<RegexInst>
    let sets: UnsafeBufferPointer<RegexCharSet>
    let regs: UnsafeMutablePointer<Int>
    var stack: UnsafeMutablePointer<RegexBacktrack>
    var capacity: Int
    var sp = 0
    var ownsStack = false
    var steps = 0
    /// The steps this search may take.
    var budget = 0
    /// Set when the backtrack stack outgrows `maxStack`; the search then gives up.
    var overflowed = false
    static var maxStack: Int { 1 << 20 }

    init(input: UnsafeBufferPointer<U>, code: UnsafeBufferPointer<RegexInst>, sets: UnsafeBufferPointer<RegexCharSet>,
         regs: UnsafeMutablePointer<Int>, stack: UnsafeMutableBufferPointer<RegexBacktrack>) {
        self.input = input
        self.n = input.count
        self.code = code
        self.sets = sets
        self.regs = regs
        self.stack = stack.baseAddress!
        self.capacity = stack.count
    }

    func releaseStack() {
        if ownsStack { stack.deallocate() }
    }

    @inline(__always)
    func ch(_ k: Int) -> UInt32 { UInt32(truncatingIfNeeded: input[k]) }

    @inline(__always)
    mutating func push(_ kind: RegexBacktrack.Kind, _ pc: Int, _ pos: Int, _ aux: Int = 0) {
        if sp == capacity { grow() }
        stack[sp] = RegexBacktrack(kind: kind, pc: Int32(truncatingIfNeeded: pc), pos: pos, aux: aux)
        sp += 1
    }

    mutating func grow() {
        if capacity >= Self.maxStack { overflowed = true }
        let newCapacity = capacity * 2
        let fresh = UnsafeMutablePointer<RegexBacktrack>.allocate(capacity: newCapacity)
        fresh.initialize(from: stack, count: sp)
        if ownsStack { stack.deallocate() }
        stack = fresh
        capacity = newCapacity
        ownsStack = true
    }

    @inline(__always)
    mutating func setRegister(_ r: Int, _ value: Int) {
        push(.restore, r, regs[r])
        regs[r] = value
    }

    /// Pops entries down to `base`, applying register restores.
    mutating func unwind(to base: Int) {
        while sp > base {
            sp -= 1
            let e = stack[sp]
            if e.kind == .restore { regs[Int(e.pc)] = e.pos }
        }
    }

    @inline(__always)
    func matchOne(_ inst: RegexInst, _ c: UInt32) -> Bool {
        switch inst.kind {
        case 0: return c == UInt32(truncatingIfNeeded: inst.a)
        case 1: return !isLineTerminator(c)
        default: return sets[Int(inst.a)].contains(c)
        }
    }

    @inline(__always)
    func isWordAt(_ k: Int) -> Bool { k >= 0 && k < n && isWordChar(ch(k)) }

    /// Runs the program from `startPC` at `startPos` until `succeed` or until every
    /// alternative pushed by this run has failed.
    mutating func run(_ startPC: Int, _ startPos: Int) -> RegexRun {
        let base = sp
        var pc = startPC
        var pos = startPos
        outer: while true {
            let inst = code[pc]
            var ok = true
            switch inst.op {
            case .char:
                let c = UInt32(truncatingIfNeeded: inst.a)
                if inst.back {
                    if pos > 0 && ch(pos - 1) == c { pos -= 1; pc += 1 } else { ok = false }
                } else {
                    if pos < n && ch(pos) == c { pos += 1; pc += 1 } else { ok = false }
                }
            case .dot:
                if inst.back {
                    if pos > 0 && !isLineTerminator(ch(pos - 1)) { pos -= 1; pc += 1 } else { ok = false }
                } else {
                    if pos < n && !isLineTerminator(ch(pos)) { pos += 1; pc += 1 } else { ok = false }
                }
            case .set:
                if inst.back {
                    if pos > 0 && sets[Int(inst.a)].contains(ch(pos - 1)) { pos -= 1; pc += 1 } else { ok = false }
                } else {
                    if pos < n && sets[Int(inst.a)].contains(ch(pos)) { pos += 1; pc += 1 } else { ok = false }
                }
            case .repeatGreedy:
                let min = Int(inst.b)
                let max = Int(inst.c)
                let start = pos
                if !inst.back {
                    let limit = max >= n - pos ? n : pos + max
                    switch inst.kind {
                    case 0:
                        let c = UInt32(truncatingIfNeeded: inst.a)
                        while pos < limit && ch(pos) == c { pos += 1 }
                    case 1:
                        while pos < limit && !isLineTerminator(ch(pos)) { pos += 1 }
                    default:
                        let index = Int(inst.a)
                        while pos < limit && sets[index].contains(ch(pos)) { pos += 1 }
                    }
                    let count = pos - start
                    if count < min {
                        ok = false
                    } else {
                        if count > min { push(.greedyForward, pc + 1, pos, start + min) }
                        pc += 1
                    }
                } else {
                    let limit = max >= pos ? 0 : pos - max
                    while pos > limit && matchOne(inst, ch(pos - 1)) { pos -= 1 }
                    let count = start - pos
                    if count < min {
                        ok = false
                    } else {
                        if count > min { push(.greedyBackward, pc + 1, pos, start - min) }
                        pc += 1
                    }
                }
            case .repeatLazy:
                let min = Int(inst.b)
                var k = 0
                if !inst.back {
                    while k < min && pos < n && matchOne(inst, ch(pos)) { pos += 1; k += 1 }
                } else {
                    while k < min && pos > 0 && matchOne(inst, ch(pos - 1)) { pos -= 1; k += 1 }
                }
                if k < min {
                    ok = false
                } else {
                    if min < Int(inst.c) { push(inst.back ? .lazyBackward : .lazyForward, pc, pos, min) }
                    pc += 1
                }
            case .split:
                if overflowed { return .exhausted }
                push(.branch, Int(inst.b), pos)
                pc = Int(inst.a)
            case .jump:
                pc = Int(inst.a)
            case .save:
                setRegister(Int(inst.a), pos)
                pc += 1
            case .clear:
                for r in Int(inst.a)..<Int(inst.b) where regs[r] != -1 {
                    setRegister(r, -1)
                }
                pc += 1
            case .loopInit:
                setRegister(Int(inst.a), 0)
                pc += 1
            case .loop:
                if overflowed { return .exhausted }
                let count = regs[Int(inst.a)]
                if count < Int(inst.b) {
                    pc += 1
                } else if count < Int(inst.c) {
                    if inst.flag {
                        push(.branch, Int(inst.d), pos)
                        pc += 1
                    } else {
                        push(.branch, pc + 1, pos)
                        pc = Int(inst.d)
                    }
                } else {
                    pc = Int(inst.d)
                }
            case .loopBody:
                setRegister(Int(inst.a), pos)
                pc += 1
            case .loopEnd:
                let counter = Int(inst.a)
                let count = regs[counter]
                if inst.flag && count >= Int(inst.b) && regs[counter + 1] == pos {
                    ok = false
                } else {
                    setRegister(counter, count + 1)
                    pc = Int(inst.c)
                }
            case .startAnchor:
                if pos == 0 { pc += 1 } else { ok = false }
            case .endAnchor:
                if pos == n { pc += 1 } else { ok = false }
            case .wordBoundary:
                if isWordAt(pos - 1) != isWordAt(pos) { pc += 1 } else { ok = false }
            case .notWordBoundary:
                if isWordAt(pos - 1) == isWordAt(pos) { pc += 1 } else { ok = false }
            case .backref:
                let group = Int(inst.a)
                let s = regs[2 * group - 2]
                let e = regs[2 * group - 1]
                if s < 0 || e < 0 {
                    pc += 1
                } else {
                    let length = e - s
                    if inst.back {
                        if pos - length >= 0 && (0..<length).allSatisfy({ input[s + $0] == input[pos - length + $0] }) {
                            pos -= length
                            pc += 1
                        } else {
                            ok = false
                        }
                    } else {
                        if n - pos >= length && (0..<length).allSatisfy({ input[s + $0] == input[pos + $0] }) {
                            pos += length
                            pc += 1
                        } else {
                            ok = false
                        }
                    }
                }
            case .look:
                if !inst.flag {
                    for r in Int(inst.c)..<Int(inst.d) { push(.restore, r, regs[r]) }
                }
                let saved = sp
                switch run(pc + 1, pos) {
                case .exhausted:
                    return .exhausted
                case .matched:
                    if inst.flag {
                        unwind(to: saved)
                        ok = false
                    } else {
                        sp = saved
                        pc = Int(inst.b)
                    }
                case .failed:
                    if inst.flag { pc = Int(inst.b) } else { ok = false }
                }
            case .succeed:
                return .matched
            }
            if ok { continue }

            // Backtrack.
            while sp > base {
                sp -= 1
                let e = stack[sp]
                switch e.kind {
                case .restore:
                    regs[Int(e.pc)] = e.pos
                    continue
                case .branch:
                    pc = Int(e.pc)
                    pos = e.pos
                case .greedyForward:
                    pos = e.pos - 1
                    let next = code[Int(e.pc)]
                    if next.op == .char && !next.back {
                        // Give back characters until the following literal can match.
                        let c = UInt32(truncatingIfNeeded: next.a)
                        while pos > e.aux && ch(pos) != c { pos -= 1 }
                    }
                    if pos > e.aux {
                        stack[sp].pos = pos
                        sp += 1
                    }
                    pc = Int(e.pc)
                case .greedyBackward:
                    pos = e.pos + 1
                    if pos < e.aux {
                        stack[sp].pos = pos
                        sp += 1
                    }
                    pc = Int(e.pc)
                case .lazyForward, .lazyBackward:
                    let repeatInst = code[Int(e.pc)]
                    let forward = e.kind == .lazyForward
                    guard forward ? (e.pos < n && matchOne(repeatInst, ch(e.pos)))
                                  : (e.pos > 0 && matchOne(repeatInst, ch(e.pos - 1))) else { continue }
                    pos = forward ? e.pos + 1 : e.pos - 1
                    let count = e.aux + 1
                    if count < Int(repeatInst.c) {
                        stack[sp].pos = pos
                        stack[sp].aux = count
                        sp += 1
                    }
                    pc = Int(e.pc) + 1
                }
                steps += 1
                if steps > budget { return .exhausted }
                continue outer
            }
            return .failed
        }
    }
}

/// Decodes well-formed UTF-8 (as held by every Swift string) into scalar values; returns the count.
private func decodeUTF8(_ bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt32>) -> Int {
    let n = bytes.count
    var i = 0
    var k = 0
    while i < n {
        let b0 = UInt32(bytes[i])
        if b0 < 0x80 {
            out[k] = b0
            i += 1
        } else if b0 < 0xE0 {
            out[k] = (b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
            i += 2
        } else if b0 < 0xF0 {
            out[k] = (b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
            i += 3
        } else {
            out[k] = (b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12
                | UInt32(bytes[i + 2] & 0x3F) << 6 | UInt32(bytes[i + 3] & 0x3F)
            i += 4
        }
        k += 1
    }
    return k
}

@inline(__always)
private func isASCII(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let p = buffer.baseAddress else { return true }
    let n = buffer.count
    var k = 0
    let raw = UnsafeRawPointer(p)
    while k + 8 <= n {
        if raw.loadUnaligned(fromByteOffset: k, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
        k += 8
    }
    while k < n {
        if p[k] & 0x80 != 0 { return false }
        k += 1
    }
    return true
}

extension RegexProgram {
    /// Unanchored search over `string`; nil when `budget` runs out. Deducts the steps taken.
    func search(_ string: String, budget: inout Int, matcher: RegexMatcher) -> Bool? {
        var remaining = budget
        defer { budget = remaining }
        if let result = string.utf8.withContiguousStorageIfAvailable({ searchUTF8($0, &remaining, matcher) }) {
            return result
        }
        var text = string
        return text.withUTF8 { searchUTF8($0, &remaining, matcher) }
    }

    /// Matches ASCII text on its bytes; anything else is first decoded to scalar values.
    private func searchUTF8(_ bytes: UnsafeBufferPointer<UInt8>, _ budget: inout Int, _ matcher: RegexMatcher) -> Bool? {
        if isASCII(bytes) { return search(bytes, &budget, matcher) }
        return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: bytes.count) { scalars in
            let count = decodeUTF8(bytes, into: scalars.baseAddress!)
            return search(UnsafeBufferPointer(start: scalars.baseAddress, count: count), &budget, matcher)
        }
    }

    private func search<U: FixedWidthInteger & UnsignedInteger>(
        _ input: UnsafeBufferPointer<U>, _ budget: inout Int, _ matcher: RegexMatcher
    ) -> Bool? {
        switch matcher {
        case .automatic: break
        case .pikeVM: return pike.flatMap { searchLinear(input, $0, &budget) }
        case .automaton: return automaton.flatMap { searchAutomaton(input, $0) }
        case .backtracking: return searchWithVM(input, &budget)
        }
        if let automaton, let found = searchAutomaton(input, automaton) { return found }
        if let linear {
            return linear.withUnsafeBufferPointer { steps in
                sets.withUnsafeBufferPointer { sets in
                    if anchoredAtStart { return linearMatch(input, 0, steps, sets) }
                    let n = input.count
                    var start = 0
                    while start <= n {
                        if let firstChars {
                            while start < n && !firstChars.contains(UInt32(truncatingIfNeeded: input[start])) {
                                start += 1
                            }
                            if start == n { return false }
                        }
                        if linearMatch(input, start, steps, sets) { return true }
                        start += 1
                    }
                    return false
                }
            }
        }
        if let pike { return searchLinear(input, pike, &budget) }
        return searchWithVM(input, &budget)
    }

    /// Searches ASCII input (bytes) with the DFA; nil for decoded scalars.
    @inline(__always)
    private func searchAutomaton<U: FixedWidthInteger & UnsignedInteger>(
        _ input: UnsafeBufferPointer<U>, _ automaton: RegexAutomaton
    ) -> Bool? {
        guard U.self == UInt8.self else { return nil }
        return input.withMemoryRebound(to: UInt8.self) { automaton.search($0) }
    }

    /// Matches the linear program at `start`, greedily and without backtracking.
    @inline(__always)
    private func linearMatch<U: FixedWidthInteger & UnsignedInteger>(
        _ input: UnsafeBufferPointer<U>, _ start: Int,
        _ steps: UnsafeBufferPointer<RegexLinearStep>, _ sets: UnsafeBufferPointer<RegexCharSet>
    ) -> Bool {
        let n = input.count
        var pos = start
        for step in steps {
            let begin = pos
            let limit = step.max >= n - pos ? n : pos + step.max
            while pos < limit {
                let c = UInt32(truncatingIfNeeded: input[pos])
                let ok: Bool
                if c < 64 {
                    ok = (step.ascii0 >> UInt64(c)) & 1 != 0
                } else if c < 128 {
                    ok = (step.ascii1 >> UInt64(c &- 64)) & 1 != 0
                } else {
                    switch step.kind {
                    case 0: ok = c == step.value
                    case 1: ok = !isLineTerminator(c)
                    default: ok = sets[Int(step.value)].containsSlow(c)
                    }
                }
                if !ok { break }
                pos += 1
            }
            if pos - begin < step.min { return false }
        }
        return !linearAnchoredAtEnd || pos == n
    }

    private func searchWithVM<U: FixedWidthInteger & UnsignedInteger>(_ input: UnsafeBufferPointer<U>, _ budget: inout Int) -> Bool? {
        if budget <= 0 { return nil }
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: Swift.max(registerCount, 1)) { regs in
            regs.initialize(repeating: -1)
            return withUnsafeTemporaryAllocation(of: RegexBacktrack.self, capacity: 32) { stack in
                insts.withUnsafeBufferPointer { code in
                    sets.withUnsafeBufferPointer { sets in
                        var executor = RegexExecutor(input: input, code: code, sets: sets,
                                                     regs: regs.baseAddress!, stack: stack)
                        executor.budget = budget
                        defer {
                            budget -= Swift.min(executor.steps, budget)
                            executor.releaseStack()
                        }
                        let n = input.count
                        if anchoredAtStart {
                            switch executor.run(0, 0) {
                            case .matched: return true
                            case .failed: return false
                            case .exhausted: return nil
                            }
                        }
                        var start = 0
                        while start <= n {
                            if let firstChars {
                                while start < n && !firstChars.contains(UInt32(truncatingIfNeeded: input[start])) {
                                    start += 1
                                }
                                if start == n { return false }
                            }
                            switch executor.run(0, start) {
                            case .matched: return true
                            case .failed: break
                            case .exhausted: return nil
                            }
                            start += 1
                        }
                        return false
                    }
                }
            }
        }
    }
}

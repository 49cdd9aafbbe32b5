/// A name pattern of `.strata/lint.yaml`: the name itself, where `*` stands for any run of characters.
///
/// `*Id` matches `orderId` and `Id`; `amount` matches only `amount`. Matching is case-sensitive, so
/// camel-case word boundaries can be told apart: `*At` matches `placedAt` but not `format`.
///
/// - Complexity: O(n × m) for a name of n characters and a pattern of m.
enum NamePattern {
    /// Whether `name` matches one of `patterns`.
    static func matches(_ name: String, anyOf patterns: [String]) -> Bool {
        patterns.contains { matches(Array(name.unicodeScalars), Array($0.unicodeScalars)) }
    }

    private static func matches(_ name: [Unicode.Scalar], _ pattern: [Unicode.Scalar]) -> Bool {
        // Classic glob matching with one backtrack point: the last `*` seen.
        var n = 0, p = 0, star = -1, resume = 0
        while n < name.count {
            if p < pattern.count, pattern[p] != "*", pattern[p] == name[n] {
                n += 1; p += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p; resume = n; p += 1
            } else if star >= 0 {
                p = star + 1; resume += 1; n = resume
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}

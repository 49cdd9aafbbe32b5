extension JSONNumber {
    /// Whether this number is an integer multiple of `divisor`, decided exactly on the decimal
    /// digits.
    ///
    /// With this number written `a·10^p` and the divisor `b·10^q` (`a`, `b` integers without
    /// trailing zeros) and `b = 2^s·5^t·c` where `c` is coprime to 10, the quotient is an integer
    /// exactly when `c` divides `a` and `a·10^(p−q)` holds at least `s` factors of 2 and `t` of 5.
    /// No power of ten is ever written out, so `1e999999` against `0.01` is decided at once.
    ///
    /// ```swift
    /// JSONNumber(exactly: "0.3")!.isMultiple(of: JSONNumber(exactly: "0.1")!)        // true
    /// JSONNumber(exactly: "1e999999")!.isMultiple(of: JSONNumber(exactly: "0.01")!)  // true
    /// ```
    ///
    /// Returns `nil` only when the answer would take more than 20 million digit operations
    /// (numbers of thousands of digits), or an exponent is beyond ±10^12.
    ///
    /// - Precondition: `divisor` is positive.
    /// - Complexity: O(*n*·*m*) in the digits of the two numbers.
    public func isMultiple(of divisor: JSONNumber) -> Bool? {
        if case .int(let a) = storage, case .int(let b) = divisor.storage, b > 0 {
            return a % b == 0
        }
        let a = parts, b = divisor.parts
        if a.isZero { return true }
        guard !b.isZero else { return false }
        let exponentLimit = 1_000_000_000_000
        guard abs(a.exponent) < exponentLimit, abs(b.exponent) < exponentLimit else { return nil }
        return DecimalDivisibility.isMultiple(a.digits, exponent: a.exponent, of: b.digits, exponent: b.exponent)
    }
}

/// Exact divisibility of numbers given as decimal digits (most significant first) and a power of ten.
enum DecimalDivisibility {
    /// The most digit operations one decision may take; beyond it the answer is "cannot tell".
    static let workLimit = 20_000_000

    /// Whether `a·10^p` is an integer multiple of `b·10^q`; `a` and `b` are non-zero and have no
    /// trailing zeros. Nil when deciding would exceed ``workLimit``.
    static func isMultiple(_ a: [UInt8], exponent p: Int, of b: [UInt8], exponent q: Int) -> Bool? {
        guard b.count <= 2_000, a.count.multipliedReportingOverflow(by: 10 * b.count).partialValue <= workLimit else {
            return nil
        }
        var coprime = b
        let twos = removeFactors(2, from: &coprime)
        let fives = removeFactors(5, from: &coprime)
        let shift = p - q
        guard let hasTwos = hasFactors(2, count: twos - shift, in: a),
              let hasFives = hasFactors(5, count: fives - shift, in: a) else { return nil }
        guard hasTwos, hasFives else { return false }
        return isDivisible(a, by: coprime)
    }

    /// Whether `prime^count` divides the integer `digits`, for `prime` 2 or 5; nil when too costly.
    static func hasFactors(_ prime: UInt8, count: Int, in digits: [UInt8]) -> Bool? {
        if count <= 0 { return true }
        // A positive number below 10^n has fewer than 4n factors of 2 (and of 5).
        if count >= 4 * digits.count { return false }
        // prime^count divides 10^count, so only the last `count` digits decide.
        var rest = Array(digits.suffix(count))
        guard rest.count * count <= workLimit else { return nil }
        for _ in 0..<count {
            guard divide(&rest, by: prime) == 0 else { return false }
        }
        return true
    }

    /// Divides out every factor `prime` (2 or 5) of `digits`; returns how many there were.
    static func removeFactors(_ prime: UInt8, from digits: inout [UInt8]) -> Int {
        var count = 0
        // The last digit decides divisibility by 2 and by 5.
        while let last = digits.last, last % prime == 0, digits != [0] {
            _ = divide(&digits, by: prime)
            digits.removeFirst(digits.firstIndex { $0 != 0 } ?? 0)
            count += 1
        }
        return count
    }

    /// Divides `digits` in place by a one-digit `divisor`; returns the remainder.
    static func divide(_ digits: inout [UInt8], by divisor: UInt8) -> UInt8 {
        var remainder = 0
        for index in digits.indices {
            let value = remainder * 10 + Int(digits[index])
            digits[index] = UInt8(value / Int(divisor))
            remainder = value % Int(divisor)
        }
        return UInt8(remainder)
    }

    /// Whether the integer `dividend` is a multiple of the integer `divisor`.
    static func isDivisible(_ dividend: [UInt8], by divisor: [UInt8]) -> Bool {
        if divisor == [1] { return true }
        var remainder = DecimalRemainder(divisor: divisor)
        for digit in dividend { remainder.append(digit) }
        return remainder.isZero
    }
}

/// The running remainder of a long division by a fixed divisor, fed one decimal digit at a time.
private struct DecimalRemainder {
    let divisor: [UInt8]
    let smallDivisor: UInt64?
    var small: UInt64 = 0
    var big: [UInt8] = []

    init(divisor: [UInt8]) {
        self.divisor = divisor
        if divisor.count <= 18 {
            smallDivisor = divisor.reduce(0) { $0 * 10 + UInt64($1) }
        } else {
            smallDivisor = nil
        }
    }

    var isZero: Bool { smallDivisor != nil ? small == 0 : big.isEmpty }

    mutating func append(_ digit: UInt8) {
        if let smallDivisor {
            small = (small * 10 + UInt64(digit)) % smallDivisor
            return
        }
        if !(big.isEmpty && digit == 0) { big.append(digit) }
        while Self.compare(big, divisor) >= 0 { Self.subtract(&big, divisor) }
    }

    private static func compare(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.count != b.count { return a.count < b.count ? -1 : 1 }
        for (x, y) in zip(a, b) where x != y { return x < y ? -1 : 1 }
        return 0
    }

    private static func subtract(_ a: inout [UInt8], _ b: [UInt8]) {
        var borrow: Int = 0
        var i = a.count - 1, j = b.count - 1
        while i >= 0 {
            var value = Int(a[i]) - borrow - (j >= 0 ? Int(b[j]) : 0)
            borrow = value < 0 ? 1 : 0
            if value < 0 { value += 10 }
            a[i] = UInt8(value)
            i -= 1; j -= 1
        }
        let leading = a.firstIndex { $0 != 0 } ?? a.count
        a.removeFirst(leading)
    }
}

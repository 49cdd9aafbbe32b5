/// The JSON number grammar of RFC 8259 §6, `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`,
/// written once: the `JSONValue` parser and the payload tree's parser both find numbers with
/// ``scan(_:from:)``.
///
/// A building block for parsers rather than an API for applications. It is public, not
/// `package`, so that the scan inlines into the payload tree's parser in another module: the
/// Swift 6.3 compiler did not inline the `package` version there, and the call cost the read path
/// 3.4% more instructions (`scripts/count-instructions.sh`); inlined, it costs 0.4%.
public enum JSONNumberGrammar {
    /// Why a text is not a JSON number.
    public enum Failure: Sendable {
        /// No digit where the integer part starts (after an optional `-`).
        case expectedDigit
        /// A `0` followed by another digit.
        case leadingZero
        /// A `.` not followed by a digit.
        case expectedFractionDigit
        /// An `e` or `E` (and optional sign) not followed by a digit.
        case expectedExponentDigit

        /// The parser's message for this failure.
        public var message: String {
            switch self {
            case .expectedDigit: "expected a digit"
            case .leadingZero: "leading zeros are not allowed"
            case .expectedFractionDigit: "expected a digit after '.'"
            case .expectedExponentDigit: "expected a digit in the exponent"
            }
        }
    }

    /// What ``scan(_:from:)`` found: where the number ends, or where and why it is not one, and
    /// what it learnt of the number on the way.
    public struct Scan {
        /// One past the number's last byte; with a ``failure``, the offset of the failure.
        public var end: Int
        /// Why the text is not a number, or `nil` when it is one.
        public var failure: Failure?
        /// Whether it starts with `-`.
        public var negative: Bool
        /// The value of its first 18 integer digits.
        public var magnitude: UInt64
        /// How many integer digits it has.
        public var integerDigits: Int
        /// Whether it has no fraction and no exponent.
        public var isInteger: Bool

        @inlinable
        init(end: Int) {
            self.end = end
            failure = nil
            negative = false
            magnitude = 0
            integerDigits = 0
            isInteger = true
        }

        /// This scan, failed for `failure` at its ``end``.
        @inlinable @inline(__always)
        func failing(_ failure: Failure) -> Scan {
            var scan = self
            scan.failure = failure
            return scan
        }
    }

    /// Reads the number starting at `bytes[start]` (which the caller guarantees is in bounds),
    /// as far as the grammar goes.
    ///
    /// Inlined into both parsers, so that one that uses only ``Scan/end`` adds nothing up.
    ///
    /// - Complexity: O(*n*) in the length of the number.
    @inlinable @inline(__always)
    public static func scan(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Scan {
        var scan = Scan(end: start)
        if bytes[scan.end] == UInt8(ascii: "-") {
            scan.negative = true
            scan.end += 1
        }
        guard isDigit(bytes, scan.end) else { return scan.failing(.expectedDigit) }
        if bytes[scan.end] == UInt8(ascii: "0") {
            scan.end += 1
            scan.integerDigits = 1
            guard !isDigit(bytes, scan.end) else { return scan.failing(.leadingZero) }
        } else {
            // Wrapping additions: neither can overflow (both stay below the text's length), and a
            // checked one would keep the count alive, with its trap, in a parser that never reads it.
            while isDigit(bytes, scan.end) {
                if scan.integerDigits < 18 { scan.magnitude = scan.magnitude &* 10 &+ UInt64(bytes[scan.end] &- UInt8(ascii: "0")) }
                scan.integerDigits &+= 1
                scan.end &+= 1
            }
        }
        if scan.end < bytes.count, bytes[scan.end] == UInt8(ascii: ".") {
            scan.isInteger = false
            scan.end += 1
            guard isDigit(bytes, scan.end) else { return scan.failing(.expectedFractionDigit) }
            while isDigit(bytes, scan.end) { scan.end &+= 1 }
        }
        if scan.end < bytes.count, bytes[scan.end] | 0x20 == UInt8(ascii: "e") {
            scan.isInteger = false
            scan.end += 1
            if scan.end < bytes.count, bytes[scan.end] == UInt8(ascii: "+") || bytes[scan.end] == UInt8(ascii: "-") { scan.end += 1 }
            guard isDigit(bytes, scan.end) else { return scan.failing(.expectedExponentDigit) }
            while isDigit(bytes, scan.end) { scan.end &+= 1 }
        }
        return scan
    }

    /// Whether `bytes[position]` exists and is an ASCII digit.
    @inlinable @inline(__always)
    static func isDigit(_ bytes: UnsafeBufferPointer<UInt8>, _ position: Int) -> Bool {
        position < bytes.count && bytes[position] &- UInt8(ascii: "0") < 10
    }
}

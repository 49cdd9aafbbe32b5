import Foundation

/// A JSON number, kept exactly as written.
///
/// Integers in the `Int64` or `UInt64` range are stored as such and round-trip bit for bit. Every
/// other number — a decimal such as `199.99`, an integer beyond `UInt64`, `1e400` — keeps its
/// decimal text, so nothing is lost even when no Swift type can hold it. Conversions to Swift
/// numeric types are explicit and throw when the value does not fit or would change.
///
/// Comparison and equality are by numeric value: `1`, `1.0` and `10e-1` are equal.
///
/// ```swift
/// let sequence = JSONNumber(1234567890123456789 as Int64)
/// let price = JSONNumber(exactly: "199.99")!
/// try price.decimal()      // Decimal 199.99, exactly
/// try price.int64()        // throws .notAnInteger
/// ```
public struct JSONNumber: Sendable {
    @usableFromInline
    enum Storage: Sendable {
        case int(Int64)
        case uint(UInt64)
        /// Valid JSON number text that is not an integer in `Int64`/`UInt64` range.
        case text(String)
    }

    @usableFromInline
    let storage: Storage

    @usableFromInline
    init(storage: Storage) { self.storage = storage }

    /// Creates an exact integer.
    @inlinable
    public init(_ value: Int64) { storage = .int(value) }

    /// Creates an exact integer.
    @inlinable
    public init(_ value: Int) { storage = .int(Int64(value)) }

    /// Creates an exact unsigned integer.
    @inlinable
    public init(_ value: UInt64) {
        storage = value <= UInt64(Int64.max) ? .int(Int64(value)) : .uint(value)
    }

    /// Creates a number from a finite `Double`, written in its shortest round-trip form.
    ///
    /// - Precondition: `value` is finite; JSON has no infinities or NaN.
    public init(_ value: Double) {
        precondition(value.isFinite, "JSON numbers are finite; got \(value)")
        if value == value.rounded(), abs(value) < 9.2e18, let integer = Int64(exactly: value) {
            storage = .int(integer)
        } else {
            storage = .text("\(value)")
        }
    }

    /// Creates an exact number from a `Decimal`.
    public init(_ value: Decimal) {
        let text = value.description
        self = JSONNumber(exactly: text) ?? JSONNumber(0)
    }

    /// Creates a number from JSON number text (RFC 8259 grammar), keeping it exactly.
    ///
    /// Returns `nil` when `text` is not a JSON number (`"+1"`, `"01"`, `".5"`, `"NaN"` are not).
    public init?(exactly text: String) {
        var text = text
        let parsed: JSONNumber? = text.withUTF8 { bytes in
            guard JSONNumber.isValidSyntax(bytes) else { return nil }
            return JSONNumber(validatedText: bytes)
        }
        guard let parsed else { return nil }
        self = parsed
    }

    /// Creates a number from bytes already checked against the JSON number grammar.
    package init(validatedText bytes: UnsafeBufferPointer<UInt8>) {
        if let integer = JSONNumber.integerValue(bytes) {
            self = integer
        } else {
            storage = .text(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// The integer value of plain integer text (`-?[0-9]+`) that fits `Int64` or `UInt64`.
    static func integerValue(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONNumber? {
        var index = 0
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { index = 1 }
        guard index < bytes.count, bytes.count - index <= 20 else { return nil }
        var magnitude: UInt64 = 0
        while index < bytes.count {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
            guard !overflow1, !overflow2 else { return nil }
            magnitude = sum
            index += 1
        }
        if negative {
            if magnitude == 0 { return JSONNumber(storage: .int(0)) }
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return JSONNumber(storage: .int(magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)))
        }
        return JSONNumber(magnitude)
    }

    /// Whether `bytes` is a JSON number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    static func isValidSyntax(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let end = bytes.count
        func digit(_ i: Int) -> Bool { i < end && bytes[i] &- UInt8(ascii: "0") < 10 }
        if index < end, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard digit(index) else { return false }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while digit(index) { index += 1 }
        }
        if index < end, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digit(index) else { return false }
            while digit(index) { index += 1 }
        }
        if index < end, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digit(index) else { return false }
            while digit(index) { index += 1 }
        }
        return index == end
    }
}

// MARK: - Reading the value

extension JSONNumber {
    /// Why a number could not be converted to a Swift numeric type.
    public enum ConversionError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The number has a fractional part.
        case notAnInteger(String)
        /// The number is outside the target type's range.
        case outOfRange(String, target: String)
        /// The target type cannot hold the number without changing it.
        case inexact(String, target: String)

        public var description: String {
            switch self {
            case .notAnInteger(let text): "\(text) is not an integer"
            case .outOfRange(let text, let target): "\(text) is out of range for \(target)"
            case .inexact(let text, let target): "\(text) cannot be represented exactly as \(target)"
            }
        }
    }

    /// The exact text of the number: as written for decimals, canonical for integers.
    public var description: String {
        switch storage {
        case .int(let value): String(value)
        case .uint(let value): String(value)
        case .text(let text): text
        }
    }

    /// The value as `Int64`, if it is an integer in range, without any conversion work.
    @inlinable
    public var int64Value: Int64? {
        switch storage {
        case .int(let value): return value
        case .uint: return nil
        case .text: return try? int64()
        }
    }

    /// The value, when it is held as an `Int64`: an integer written without a fraction or an
    /// exponent. `1.0` and `1e3` are not, so their text survives.
    package var storedInt64: Int64? {
        if case .int(let value) = storage { return value }
        return nil
    }

    /// Whether the value is mathematically an integer (`1.0` and `1e2` are).
    public var isInteger: Bool {
        switch storage {
        case .int, .uint: true
        case .text: parts.exponent >= 0
        }
    }

    /// The value as `Int64`.
    ///
    /// - Throws: ``ConversionError/notAnInteger(_:)`` or ``ConversionError/outOfRange(_:target:)``.
    public func int64() throws(ConversionError) -> Int64 {
        switch storage {
        case .int(let value): return value
        case .uint: throw .outOfRange(description, target: "Int64")
        case .text(let text):
            let parts = self.parts
            guard parts.exponent >= 0 else { throw .notAnInteger(text) }
            guard let value = parts.integerMagnitude(limit: UInt64(Int64.max) + (parts.negative ? 1 : 0)) else {
                throw .outOfRange(text, target: "Int64")
            }
            if parts.negative { return value == UInt64(Int64.max) + 1 ? .min : -Int64(value) }
            return Int64(value)
        }
    }

    /// The value as `UInt64`.
    ///
    /// - Throws: ``ConversionError/notAnInteger(_:)`` or ``ConversionError/outOfRange(_:target:)``.
    public func uint64() throws(ConversionError) -> UInt64 {
        switch storage {
        case .int(let value):
            guard value >= 0 else { throw .outOfRange(description, target: "UInt64") }
            return UInt64(value)
        case .uint(let value): return value
        case .text(let text):
            let parts = self.parts
            guard parts.exponent >= 0 else { throw .notAnInteger(text) }
            if parts.isZero { return 0 }
            guard !parts.negative, let value = parts.integerMagnitude(limit: .max) else {
                throw .outOfRange(text, target: "UInt64")
            }
            return value
        }
    }

    /// The value as `Decimal`, exactly (at most 38 significant digits, exponent −128…127).
    ///
    /// - Throws: ``ConversionError/inexact(_:target:)`` when `Decimal` cannot hold it exactly.
    public func decimal() throws(ConversionError) -> Decimal {
        switch storage {
        case .int(let value): return Decimal(value)
        case .uint(let value): return Decimal(value)
        case .text(let text):
            let parts = self.parts
            guard parts.digits.count <= 38, parts.exponent >= -128, parts.exponent <= 127 else {
                throw .inexact(text, target: "Decimal")
            }
            var significand = Decimal(0)
            for chunk in stride(from: 0, to: parts.digits.count, by: 18) {
                let slice = parts.digits[chunk..<min(chunk + 18, parts.digits.count)]
                var value: UInt64 = 0
                for digit in slice { value = value * 10 + UInt64(digit) }
                var scale = Decimal(1)
                for _ in 0..<slice.count { scale *= 10 }
                significand = significand * scale + Decimal(value)
            }
            return Decimal(sign: parts.negative ? .minus : .plus, exponent: parts.exponent, significand: significand)
        }
    }

    /// The value as `Double`.
    ///
    /// A decimal such as `199.99` converts, since `Double`'s shortest form of the result reads
    /// back as the same number; `1234567890123456789` does not.
    ///
    /// - Throws: ``ConversionError/outOfRange(_:target:)`` beyond `Double`'s range,
    ///   ``ConversionError/inexact(_:target:)`` when the nearest `Double` is another number.
    public func double() throws(ConversionError) -> Double {
        let value = approximateDouble
        guard value.isFinite else { throw .outOfRange(description, target: "Double") }
        guard JSONNumber(value) == self else { throw .inexact(description, target: "Double") }
        return value
    }

    /// The nearest `Double`, which may differ from the exact value (or be infinite).
    public var approximateDouble: Double {
        switch storage {
        case .int(let value): Double(value)
        case .uint(let value): Double(value)
        case .text(let text): Double(text) ?? .nan
        }
    }
}

// MARK: - Exact decimal arithmetic

extension JSONNumber {
    /// This number times 10^`power`, exactly: `199.99` scaled by 2 is `19999`.
    ///
    /// Used to turn decimal amounts into integer minor units and back without rounding.
    public func scaled(byPowerOfTen power: Int) -> JSONNumber {
        if let integer = scaledToInteger(byPowerOfTen: power) { return JSONNumber(integer) }
        var parts = self.parts
        guard !parts.isZero else { return JSONNumber(0) }
        parts.exponent += power
        let text = JSONNumber.canonicalText(of: parts)
        return JSONNumber(exactly: text) ?? self
    }
}

extension JSONNumber {
    /// The fast path of ``scaled(byPowerOfTen:)`` for the common case, such as `199.99` × 10²:
    /// an integer or plain decimal text whose scaled value is an integer in `Int64` range.
    /// `nil` sends every other case to the exact general path.
    func scaledToInteger(byPowerOfTen power: Int) -> Int64? {
        guard (0...18).contains(power) else { return nil }
        var scale: Int64 = 1
        for _ in 0..<power { scale *= 10 }
        switch storage {
        case .int(let value):
            let (product, overflow) = value.multipliedReportingOverflow(by: scale)
            return overflow ? nil : product
        case .uint:
            return nil
        case .text(var text):
            return text.withUTF8 { JSONNumber.scaledToInteger(text: $0, byPowerOfTen: power) }
        }
    }

    /// ``scaledToInteger(byPowerOfTen:)`` on number text already checked against the JSON grammar,
    /// such as a stored payload's bytes: the value × 10^`power` when it is an integer in `Int64`
    /// range and the text has no exponent, otherwise `nil`.
    package static func scaledToInteger(text: UnsafeBufferPointer<UInt8>, byPowerOfTen power: Int) -> Int64? {
        guard (0...18).contains(power) else { return nil }
        var mantissa: Int64 = 0
        var negative = false
        var fractionDigits = 0
        var inFraction = false
        for byte in text {
            switch byte {
            case UInt8(ascii: "-"): negative = true
            case UInt8(ascii: "."): inFraction = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let (shifted, o1) = mantissa.multipliedReportingOverflow(by: 10)
                let (sum, o2) = shifted.addingReportingOverflow(Int64(byte &- UInt8(ascii: "0")))
                guard !o1, !o2 else { return nil }
                mantissa = sum
                if inFraction { fractionDigits += 1 }
            default:
                return nil  // an exponent: the general path decides
            }
        }
        // Trailing fraction zeros do not count against the scale: 1.50 × 10¹ is 15.
        while fractionDigits > power, mantissa % 10 == 0 {
            mantissa /= 10
            fractionDigits -= 1
        }
        guard fractionDigits <= power else { return nil }
        var factor: Int64 = 1
        for _ in 0..<(power - fractionDigits) { factor *= 10 }
        let (product, overflow) = mantissa.multipliedReportingOverflow(by: factor)
        guard !overflow else { return nil }
        return negative ? -product : product
    }
}

extension JSONNumber {
    /// A number as sign, significant digits and power of ten: `digits × 10^exponent`.
    ///
    /// `digits` has no leading or trailing zeros; zero has no digits.
    struct Parts: Hashable, Sendable {
        var negative: Bool
        var digits: [UInt8]
        var exponent: Int

        var isZero: Bool { digits.isEmpty }

        /// The position of the most significant digit: the value lies in `[10^(m-1), 10^m)`.
        var magnitude: Int { digits.count + exponent }

        /// The integer magnitude, if this is an integer not above `limit`.
        func integerMagnitude(limit: UInt64) -> UInt64? {
            guard exponent >= 0, magnitude <= 20 else { return nil }
            var value: UInt64 = 0
            for digit in digits {
                let (product, o1) = value.multipliedReportingOverflow(by: 10)
                let (sum, o2) = product.addingReportingOverflow(UInt64(digit))
                guard !o1, !o2 else { return nil }
                value = sum
            }
            for _ in 0..<exponent {
                let (product, overflow) = value.multipliedReportingOverflow(by: 10)
                guard !overflow else { return nil }
                value = product
            }
            return value <= limit ? value : nil
        }

        /// Compares magnitudes, ignoring signs.
        static func compareMagnitude(_ a: Parts, _ b: Parts) -> Int {
            if a.isZero || b.isZero { return (a.isZero ? 0 : 1) - (b.isZero ? 0 : 1) }
            if a.magnitude != b.magnitude { return a.magnitude < b.magnitude ? -1 : 1 }
            for i in 0..<max(a.digits.count, b.digits.count) {
                let x = i < a.digits.count ? a.digits[i] : 0
                let y = i < b.digits.count ? b.digits[i] : 0
                if x != y { return x < y ? -1 : 1 }
            }
            return 0
        }
    }

    /// The number's sign, digits and exponent.
    var parts: Parts {
        switch storage {
        case .int(let value): return Parts(integer: value.magnitude, negative: value < 0)
        case .uint(let value): return Parts(integer: value, negative: false)
        case .text(let text):
            var negative = false, digits: [UInt8] = [], exponent = 0, explicitExponent = 0
            var seenPoint = false, inExponent = false, exponentNegative = false
            var exponentOverflow = false
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "-"): if inExponent { exponentNegative = true } else { negative = true }
                case UInt8(ascii: "+"): break
                case UInt8(ascii: "."): seenPoint = true
                case UInt8(ascii: "e"), UInt8(ascii: "E"): inExponent = true
                default:
                    let digit = byte &- UInt8(ascii: "0")
                    if inExponent {
                        if explicitExponent > 1_000_000_000_000 { exponentOverflow = true } else {
                            explicitExponent = explicitExponent * 10 + Int(digit)
                        }
                    } else {
                        if digit == 0 && digits.isEmpty { if seenPoint { exponent -= 1 }; continue }
                        digits.append(digit)
                        if seenPoint { exponent -= 1 }
                    }
                }
            }
            _ = exponentOverflow
            exponent += exponentNegative ? -explicitExponent : explicitExponent
            while let last = digits.last, last == 0 { digits.removeLast(); exponent += 1 }
            if digits.isEmpty { return Parts(negative: false, digits: [], exponent: 0) }
            return Parts(negative: negative, digits: digits, exponent: exponent)
        }
    }
}

extension JSONNumber.Parts {
    init(integer magnitude: UInt64, negative: Bool) {
        var digits: [UInt8] = []
        var rest = magnitude
        var exponent = 0
        while rest > 0 && rest % 10 == 0 { rest /= 10; exponent += 1 }
        while rest > 0 { digits.append(UInt8(rest % 10)); rest /= 10 }
        digits.reverse()
        self.init(negative: negative && magnitude != 0, digits: digits, exponent: digits.isEmpty ? 0 : exponent)
    }
}

extension JSONNumber: Comparable {
    /// Compares by numeric value.
    public static func < (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        compare(lhs, rhs) < 0
    }

    /// Equal when the numeric values are equal.
    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        if case .int(let a) = lhs.storage, case .int(let b) = rhs.storage { return a == b }
        return compare(lhs, rhs) == 0
    }

    /// Returns -1, 0 or 1 as `lhs` is below, equal to or above `rhs`.
    static func compare(_ lhs: JSONNumber, _ rhs: JSONNumber) -> Int {
        switch (lhs.storage, rhs.storage) {
        case (.int(let a), .int(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.uint(let a), .uint(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.int, .uint): return -1
        case (.uint, .int): return 1
        default:
            let a = lhs.parts, b = rhs.parts
            if a.isZero && b.isZero { return 0 }
            let signA = a.isZero ? 0 : (a.negative ? -1 : 1)
            let signB = b.isZero ? 0 : (b.negative ? -1 : 1)
            if signA != signB { return signA < signB ? -1 : 1 }
            let magnitude = Parts.compareMagnitude(a, b)
            return signA < 0 ? -magnitude : magnitude
        }
    }
}

extension JSONNumber: Hashable {
    /// Hashes consistently with numeric equality.
    public func hash(into hasher: inout Hasher) {
        switch storage {
        case .int(let value): hasher.combine(value)
        case .uint(let value): hasher.combine(value)
        case .text:
            if let value = try? int64() { hasher.combine(value) }
            else if let value = try? uint64() { hasher.combine(value) }
            else { hasher.combine(parts) }
        }
    }
}

extension JSONNumber: CustomStringConvertible {}

extension JSONNumber: ExpressibleByIntegerLiteral {
    /// Creates an exact integer.
    public init(integerLiteral value: Int64) { self.init(value) }
}

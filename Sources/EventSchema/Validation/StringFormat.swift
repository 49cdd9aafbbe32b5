// Assertion of the JSON Schema 2020-12 `format` keyword ("format-assertion" vocabulary).
//
// Every format is checked by a small hand-written parser that works directly on the
// string's UTF-8 bytes: no Foundation, no regular expressions and no heap allocation on
// the common path. Non-ASCII input is decoded scalar by scalar only where a format allows it
// (iri, iri-reference, idn-email, uri-template, and the Unicode checks of punycode labels).

/// A `format` value that Strata can assert (JSON Schema 2020-12 "format-assertion").
enum StringFormat: String, CaseIterable, Sendable {
    /// RFC 3339 §5.6 `date-time`. Upper- or lower-case `T`/`Z`, 4-digit years, day ranges
    /// checked against the month (with Gregorian leap years), and a leap second (`:60`) only
    /// when the instant is 23:59 UTC after applying the offset, as the JSON-Schema-Test-Suite expects.
    case dateTime = "date-time"
    /// RFC 3339 §5.6 `full-date` (`YYYY-MM-DD`, days checked against month and leap year).
    case date
    /// RFC 3339 §5.6 `full-time`: a time with a mandatory offset (`Z` or `±HH:MM`) and the
    /// same leap-second rule as `date-time`.
    case time
    /// RFC 3339 Appendix A `duration` (ISO 8601 subset): `P` followed by date and/or `T` time
    /// components in order without gaps, or weeks alone; integer values only.
    case duration
    /// RFC 5321 §4.1.2 `Mailbox` (RFC 5322 dot-atom / quoted-string local part, at most 64 octets),
    /// with an RFC 1123 host name or an `[IPv4]` / `[IPv6:…]` address literal as domain.
    case email
    /// RFC 6531 internationalised `Mailbox`: like `email`, with non-ASCII characters allowed in
    /// the local part and in domain labels (U-labels are not normalised or table-checked).
    case idnEmail = "idn-email"
    /// RFC 1123 §2.1 host name: LDH labels of 1–63 octets, total at most 253 octets, no
    /// leading/trailing hyphen, no trailing dot. `xn--` labels must be valid RFC 3492 punycode
    /// whose decoded U-label satisfies the RFC 5891/5892 (IDNA2008) rules that can be derived from
    /// the standard library's Unicode properties (including the CONTEXTJ/CONTEXTO rules, with
    /// script and joining-type membership approximated by code-point ranges; the RFC 5893 bidi
    /// rule is not checked).
    case hostname
    /// RFC 2673 §3.2 dotted-quad IPv4 address: four decimal octets 0–255 without leading zeros.
    case ipv4
    /// RFC 4291 §2.2 textual IPv6 address (with `::` compression and a trailing dotted-quad);
    /// no zone identifier, prefix length or brackets.
    case ipv6
    /// RFC 3986 §3 absolute `URI` (scheme required, fragment allowed).
    case uri
    /// RFC 3986 §4.1 `URI-reference` (a URI or a relative reference).
    case uriReference = "uri-reference"
    /// RFC 3987 §2.2 `IRI`: an RFC 3986 URI that also allows `ucschar` (and `iprivate` in the query).
    case iri
    /// RFC 3987 §2.2 `IRI-reference`.
    case iriReference = "iri-reference"
    /// RFC 4122 §3 UUID string: `8-4-4-4-12` hexadecimal digits in either case (any version and variant).
    case uuid
    /// ECMA-262 regular expression; delegated to `isValidECMARegex(_:)`.
    case regex
    /// RFC 6901 §3 JSON Pointer: empty, or `/`-prefixed reference tokens where `~` is always
    /// followed by `0` or `1`.
    case jsonPointer = "json-pointer"
    /// draft-handrews-relative-json-pointer-01: a non-negative integer (no leading zeros)
    /// followed by `#` or a JSON Pointer.
    case relativeJSONPointer = "relative-json-pointer"
    /// RFC 6570 §2 URI Template (operators of levels 2–3, prefix and explode modifiers; the
    /// reserved operators `= , ! @ |` are rejected).
    case uriTemplate = "uri-template"

    /// Whether `value` is a valid instance of this format.
    func accepts(_ value: String) -> Bool {
        if self == .regex { return isValidECMARegex(value) }
        if let result = value.utf8.withContiguousStorageIfAvailable({ accepts(utf8: $0) }) { return result }
        var copy = value
        return copy.withUTF8 { accepts(utf8: $0) }
    }

    private func accepts(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        switch self {
        case .dateTime: return RFC3339Timestamp.fields(bytes) != nil
        case .date: return bytes.count == 10 && RFC3339Timestamp.fullDate(bytes, at: 0) != nil
        case .time: return RFC3339Timestamp.fullTime(bytes, from: 0) != nil
        case .duration: return isDuration(bytes)
        case .email: return isMailbox(bytes, international: false)
        case .idnEmail: return isMailbox(bytes, international: true)
        case .hostname: return isHostname(bytes, 0, bytes.count)
        case .ipv4: return isIPv4(bytes, 0, bytes.count)
        case .ipv6: return isIPv6(bytes, 0, bytes.count)
        case .uri: return isURI(bytes, iri: false, reference: false)
        case .uriReference: return isURI(bytes, iri: false, reference: true)
        case .iri: return isURI(bytes, iri: true, reference: false)
        case .iriReference: return isURI(bytes, iri: true, reference: true)
        case .uuid: return isUUID(bytes)
        case .jsonPointer: return isJSONPointer(bytes, from: 0)
        case .relativeJSONPointer: return isRelativeJSONPointer(bytes)
        case .uriTemplate: return isURITemplate(bytes)
        case .regex: return false  // handled in `accepts(_:)`
        }
    }
}

private typealias Bytes = UnsafeBufferPointer<UInt8>

// MARK: - Byte classes

@inline(__always) private func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }
@inline(__always) private func isAlpha(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }
@inline(__always) private func isAlnum(_ b: UInt8) -> Bool { isDigit(b) || isAlpha(b) }
@inline(__always) private func isHex(_ b: UInt8) -> Bool { isDigit(b) || (b | 0x20) &- 0x61 < 6 }

/// RFC 3986 `unreserved` or `sub-delims`.
@inline(__always) private func isUnreservedOrSubDelim(_ b: UInt8) -> Bool {
    switch b {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"),
        UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"),
        UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("),
        UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"),
        UInt8(ascii: "="):
        return true
    default:
        return false
    }
}

/// Whether `p[i]` starts a complete `%HH` triplet.
@inline(__always) private func isPercentEncoded(_ p: Bytes, _ i: Int, _ end: Int) -> Bool {
    i + 2 < end && p[i] == UInt8(ascii: "%") && isHex(p[i + 1]) && isHex(p[i + 2])
}

/// Decodes the scalar starting at `p[i]`; the buffer is known to be valid UTF-8.
@inline(__always) private func decodeScalar(_ p: Bytes, _ i: Int) -> (value: UInt32, length: Int) {
    let b0 = UInt32(p[i])
    if b0 < 0x80 { return (b0, 1) }
    if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F), 2) }
    if b0 < 0xF0 {
        return ((b0 & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F), 3)
    }
    return ((b0 & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6
        | UInt32(p[i + 3] & 0x3F), 4)
}

/// RFC 3987 `ucschar`.
private func isUCSChar(_ c: UInt32) -> Bool {
    switch c {
    case 0xA0...0xD7FF, 0xF900...0xFDCF, 0xFDF0...0xFFEF: return true
    case 0x10000...0xDFFFD: return c & 0xFFFF <= 0xFFFD
    case 0xE1000...0xEFFFD: return true
    default: return false
    }
}

/// RFC 3987 `iprivate`.
private func isIPrivate(_ c: UInt32) -> Bool {
    switch c {
    case 0xE000...0xF8FF, 0xF0000...0xFFFFD, 0x100000...0x10FFFD: return true
    default: return false
    }
}

// MARK: - date-time, date, time (RFC 3339)
//
// Read by `RFC3339Timestamp`'s grammar, the one the decoder and the converters use too.

// MARK: - duration (RFC 3339 Appendix A)

private func isDuration(_ p: Bytes) -> Bool {
    let n = p.count
    guard n >= 3, p[0] == UInt8(ascii: "P") else { return false }
    var i = 1
    // Date part: Y(0) M(1) D(2), each unit directly following the previous one; or W alone.
    var lastDateUnit = -1
    while i < n && p[i] != UInt8(ascii: "T") {
        let digits = i
        while i < n && isDigit(p[i]) { i += 1 }
        guard i > digits, i < n else { return false }
        let unit: Int
        switch p[i] {
        case UInt8(ascii: "Y"): unit = 0
        case UInt8(ascii: "M"): unit = 1
        case UInt8(ascii: "D"): unit = 2
        case UInt8(ascii: "W"): return lastDateUnit < 0 && i + 1 == n
        default: return false
        }
        guard lastDateUnit < 0 || unit == lastDateUnit + 1 else { return false }
        lastDateUnit = unit
        i += 1
    }
    guard i < n else { return lastDateUnit >= 0 }
    // Time part: H(0) M(1) S(2), at least one component.
    i += 1
    guard i < n else { return false }
    var lastTimeUnit = -1
    while i < n {
        let digits = i
        while i < n && isDigit(p[i]) { i += 1 }
        guard i > digits, i < n else { return false }
        let unit: Int
        switch p[i] {
        case UInt8(ascii: "H"): unit = 0
        case UInt8(ascii: "M"): unit = 1
        case UInt8(ascii: "S"): unit = 2
        default: return false
        }
        guard lastTimeUnit < 0 || unit == lastTimeUnit + 1 else { return false }
        lastTimeUnit = unit
        i += 1
    }
    return true
}

// MARK: - email, idn-email (RFC 5321 / 5322 / 6531)

/// RFC 5322 `atext`.
@inline(__always) private func isAtext(_ b: UInt8) -> Bool {
    switch b {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"),
        UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
        UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"),
        UInt8(ascii: "="), UInt8(ascii: "?"), UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"),
        UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: "}"), UInt8(ascii: "~"):
        return true
    default:
        return false
    }
}

private func isMailbox(_ p: Bytes, international: Bool) -> Bool {
    let n = p.count
    var i = 0
    guard n > 0 else { return false }
    if p[0] == UInt8(ascii: "\"") {
        // Quoted-string: qtextSMTP / quoted-pairSMTP (plus UTF8-non-ascii for RFC 6531).
        i = 1
        while true {
            guard i < n else { return false }
            let b = p[i]
            if b == UInt8(ascii: "\"") { i += 1; break }
            if b == UInt8(ascii: "\\") {
                guard i + 1 < n, p[i + 1] >= 0x20, p[i + 1] <= 0x7E else { return false }
                i += 2
            } else if (b >= 0x20 && b <= 0x7E) || (international && b >= 0x80) {
                i += 1
            } else {
                return false
            }
        }
    } else {
        // Dot-string: atoms separated by single dots.
        var atomStart = 0
        while i < n && p[i] != UInt8(ascii: "@") {
            let b = p[i]
            if b == UInt8(ascii: ".") {
                guard i > atomStart else { return false }
                atomStart = i + 1
            } else if !(isAtext(b) || (international && b >= 0x80)) {
                return false
            }
            i += 1
        }
        guard i > atomStart else { return false }
    }
    guard i <= 64, i < n, p[i] == UInt8(ascii: "@") else { return false }
    let domain = i + 1
    guard domain < n else { return false }
    if p[domain] == UInt8(ascii: "[") {
        guard p[n - 1] == UInt8(ascii: "]") else { return false }
        let inner = domain + 1, innerEnd = n - 1
        if innerEnd - inner > 5, p[inner] | 0x20 == UInt8(ascii: "i"), p[inner + 1] | 0x20 == UInt8(ascii: "p"),
            p[inner + 2] | 0x20 == UInt8(ascii: "v"), p[inner + 3] == UInt8(ascii: "6"),
            p[inner + 4] == UInt8(ascii: ":")
        {
            return isIPv6(p, inner + 5, innerEnd)
        }
        return isIPv4(p, inner, innerEnd)
    }
    return international ? isInternationalDomain(p, domain, n) : isHostname(p, domain, n)
}

/// RFC 6531 domain: dot-separated labels that are LDH labels or contain non-ASCII characters.
private func isInternationalDomain(_ p: Bytes, _ start: Int, _ end: Int) -> Bool {
    var labelStart = start
    var ascii = true
    var i = start
    while i <= end {
        if i == end || p[i] == UInt8(ascii: ".") {
            guard i > labelStart else { return false }
            if ascii {
                guard isHostnameLabel(p, labelStart, i) else { return false }
            } else {
                guard p[labelStart] != UInt8(ascii: "-"), p[i - 1] != UInt8(ascii: "-") else { return false }
            }
            labelStart = i + 1
            ascii = true
        } else if p[i] >= 0x80 {
            ascii = false
        } else if !(isAlnum(p[i]) || p[i] == UInt8(ascii: "-")) {
            return false
        }
        i += 1
    }
    return true
}

// MARK: - hostname (RFC 1123, punycode per RFC 3492 / RFC 5891)

private func isHostname(_ p: Bytes, _ start: Int, _ end: Int) -> Bool {
    guard end > start, end - start <= 253 else { return false }
    var labelStart = start
    var i = start
    while i <= end {
        if i == end || p[i] == UInt8(ascii: ".") {
            guard isHostnameLabel(p, labelStart, i) else { return false }
            labelStart = i + 1
        }
        i += 1
    }
    return true
}

/// One LDH label `p[start ..< end]`; `xn--` labels are additionally decoded and checked.
private func isHostnameLabel(_ p: Bytes, _ start: Int, _ end: Int) -> Bool {
    let length = end - start
    guard length >= 1, length <= 63, p[start] != UInt8(ascii: "-"), p[end - 1] != UInt8(ascii: "-") else {
        return false
    }
    for i in start..<end where !(isAlnum(p[i]) || p[i] == UInt8(ascii: "-")) { return false }
    if length >= 4, p[start + 2] == UInt8(ascii: "-"), p[start + 3] == UInt8(ascii: "-"),
        p[start] | 0x20 == UInt8(ascii: "x"), p[start + 1] | 0x20 == UInt8(ascii: "n")
    {
        return isALabel(p, start + 4, end)
    }
    return true
}

/// The part of an `xn--` label after the prefix: valid punycode decoding to a valid U-label.
private func isALabel(_ p: Bytes, _ start: Int, _ end: Int) -> Bool {
    withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { buffer in
        guard let count = punycodeDecode(p, start, end, into: buffer) else { return false }
        return isULabel(UnsafeBufferPointer(rebasing: buffer[0..<count]))
    }
}

/// RFC 3492 §6.2 decoding of `p[start ..< end]`; returns the number of scalars written.
private func punycodeDecode(_ p: Bytes, _ start: Int, _ end: Int, into out: UnsafeMutableBufferPointer<UInt32>)
    -> Int?
{
    var count = 0
    var inPos = start
    var delimiter = end - 1
    while delimiter >= start && p[delimiter] != UInt8(ascii: "-") { delimiter -= 1 }
    if delimiter >= start {
        for j in start..<delimiter {
            guard count < out.count else { return nil }
            out[count] = UInt32(p[j] | (isAlpha(p[j]) ? 0x20 : 0))  // DNS labels are case-insensitive.
            count += 1
        }
        inPos = delimiter + 1
    }
    let base = 36, tMin = 1, tMax = 26, limit = 0x7FFF_FFFF
    var n = 0x80, i = 0, bias = 72
    while inPos < end {
        let oldI = i
        var w = 1
        var k = base
        while true {
            guard inPos < end else { return nil }
            let c = p[inPos]
            inPos += 1
            let digit: Int
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = Int(c) - 22
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): digit = Int(c) - 0x41
            case UInt8(ascii: "a")...UInt8(ascii: "z"): digit = Int(c) - 0x61
            default: return nil
            }
            i += digit * w
            guard i <= limit else { return nil }
            let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
            if digit < t { break }
            w *= base - t
            guard w <= limit else { return nil }
            k += base
        }
        // Bias adaptation (RFC 3492 §6.1).
        var delta = oldI == 0 ? (i - oldI) / 700 : (i - oldI) / 2
        delta += delta / (count + 1)
        var kk = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            kk += base
        }
        bias = kk + (base - tMin + 1) * delta / (delta + 38)

        n += i / (count + 1)
        i %= count + 1
        guard n <= 0x10FFFF, !(0xD800...0xDFFF).contains(n), count < out.count else { return nil }
        var j = count
        while j > i {
            out[j] = out[j - 1]
            j -= 1
        }
        out[i] = UInt32(n)
        count += 1
        i += 1
    }
    return count
}

private enum IDNAProperty { case pvalid, contextJ, contextO, disallowed }

/// RFC 5892 derived property, computed from the standard library's Unicode properties.
private func idnaProperty(_ c: UInt32) -> IDNAProperty {
    switch c {
    // Exceptions (RFC 5892 §2.6).
    case 0x00DF, 0x03C2, 0x06FD, 0x06FE, 0x0F0B, 0x3007: return .pvalid
    case 0x00B7, 0x0375, 0x05F3, 0x05F4, 0x30FB, 0x0660...0x0669, 0x06F0...0x06F9: return .contextO
    case 0x0640, 0x07FA, 0x302E, 0x302F, 0x3031...0x3035, 0x303B: return .disallowed
    // JoinControl.
    case 0x200C, 0x200D: return .contextJ
    // LDH.
    case 0x61...0x7A, 0x30...0x39, 0x2D: return .pvalid
    case 0...0x7F: return .disallowed
    // Fast paths for large PVALID blocks: Hangul syllables and CJK unified ideographs.
    case 0xAC00...0xD7A3, 0x4E00...0x9FFF: return .pvalid
    // IgnorableBlocks and OldHangulJamo.
    case 0x20D0...0x20FF, 0x1D100...0x1D24F, 0x1100...0x11FF, 0xA960...0xA97F, 0xD7B0...0xD7FF:
        return .disallowed
    default: break
    }
    guard let scalar = Unicode.Scalar(c) else { return .disallowed }
    let properties = scalar.properties
    if properties.changesWhenNFKCCaseFolded || properties.isDefaultIgnorableCodePoint
        || properties.isWhitespace || properties.isNoncharacterCodePoint
    {
        return .disallowed
    }
    switch properties.generalCategory {
    case .lowercaseLetter, .uppercaseLetter, .otherLetter, .decimalNumber, .modifierLetter,
        .nonspacingMark, .spacingMark:
        return .pvalid
    default:
        return .disallowed
    }
}

private func isULabel(_ u: UnsafeBufferPointer<UInt32>) -> Bool {
    let n = u.count
    guard n > 0, u.contains(where: { $0 >= 0x80 }) else { return false }
    guard u[0] != 0x2D, u[n - 1] != 0x2D, !(n >= 4 && u[2] == 0x2D && u[3] == 0x2D) else { return false }
    if let first = Unicode.Scalar(u[0]) {
        switch first.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return false
        default: break
        }
    }
    var arabicIndic = false, extendedArabicIndic = false, katakanaMiddleDot = false, japanese = false
    for index in 0..<n {
        let c = u[index]
        switch idnaProperty(c) {
        case .pvalid:
            break
        case .disallowed:
            return false
        case .contextJ:
            // RFC 5892 A.1 / A.2: preceded by a virama, or (ZWNJ only) inside a joining context.
            guard index > 0 else { return false }
            if let before = Unicode.Scalar(u[index - 1]), before.properties.canonicalCombiningClass.rawValue == 9 {
                break
            }
            guard c == 0x200C, isZWNJJoiningContext(u, index) else { return false }
        case .contextO:
            switch c {
            case 0x00B7:  // A.3 MIDDLE DOT between two 'l'.
                guard index > 0, index + 1 < n, u[index - 1] == 0x6C, u[index + 1] == 0x6C else { return false }
            case 0x0375:  // A.4 GREEK KERAIA followed by Greek.
                guard index + 1 < n, isGreek(u[index + 1]) else { return false }
            case 0x05F3, 0x05F4:  // A.5 / A.6 HEBREW GERESH / GERSHAYIM preceded by Hebrew.
                guard index > 0, isHebrew(u[index - 1]) else { return false }
            case 0x30FB:  // A.7 KATAKANA MIDDLE DOT (checked after the loop).
                katakanaMiddleDot = true
            case 0x0660...0x0669:  // A.8
                arabicIndic = true
            default:  // A.9 (U+06F0...U+06F9)
                extendedArabicIndic = true
            }
        }
        if isHiraganaKatakanaOrHan(c) { japanese = true }
    }
    return !(arabicIndic && extendedArabicIndic) && (!katakanaMiddleDot || japanese)
}

private func isGreek(_ c: UInt32) -> Bool {
    switch c {
    case 0x0374, 0x037E, 0x0385, 0x0387: return false  // Common-script characters in the Greek block.
    case 0x0370...0x03FF, 0x1F00...0x1FFF, 0x10140...0x1018F, 0x1D200...0x1D24F: return true
    default: return false
    }
}

private func isHebrew(_ c: UInt32) -> Bool {
    switch c {
    case 0x0591...0x05F4, 0xFB1D...0xFB4F: return true
    default: return false
    }
}

private func isHiraganaKatakanaOrHan(_ c: UInt32) -> Bool {
    switch c {
    case 0x30FB: return false  // KATAKANA MIDDLE DOT itself is Common.
    case 0x3041...0x309F, 0x1B001...0x1B11F, 0x1F200,  // Hiragana
        0x30A0...0x30FF, 0x31F0...0x31FF, 0x32D0...0x32FE, 0x3300...0x3357, 0xFF66...0xFF9D, 0x1B000,  // Katakana
        0x2E80...0x2FD5, 0x3005, 0x3007, 0x3021...0x3029, 0x3038...0x303B, 0x3400...0x4DBF,  // Han
        0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F:
        return true
    default:
        return false
    }
}

private enum JoiningType { case transparent, dual, right, other }

/// Approximate Unicode Joining_Type (ArabicShaping.txt) by ranges of the joining scripts.
private func joiningType(_ c: UInt32) -> JoiningType {
    switch c {
    case 0x0622...0x0625, 0x0627, 0x0629, 0x062F...0x0632, 0x0648, 0x0671...0x0673, 0x0675...0x0677,
        0x0688...0x0699, 0x06C0, 0x06C3...0x06CB, 0x06CD, 0x06CF, 0x06D2, 0x06D3, 0x06D5, 0x06EE, 0x06EF,
        0x0710, 0x0715...0x0719, 0x071E, 0x0728, 0x072A, 0x072C, 0x072F, 0x074D, 0x0759...0x075B,
        0x076B, 0x076C, 0x0771, 0x0773, 0x0774, 0x0778, 0x0779:
        return .right
    case 0x200C, 0x200D:
        return .other
    default:
        break
    }
    guard let scalar = Unicode.Scalar(c) else { return .other }
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format:
        return .transparent
    case .otherLetter, .modifierLetter:
        switch c {
        case 0x0620...0x06FF, 0x0700...0x074F, 0x0750...0x077F, 0x07C0...0x07FF, 0x0840...0x085F,
            0x0860...0x086F, 0x0870...0x08FF, 0x1800...0x18AF, 0xA840...0xA87F, 0x10AC0...0x10AFF,
            0x10B80...0x10BAF, 0x10D00...0x10D3F, 0x10F30...0x10F6F, 0x1E900...0x1E95F:
            return c == 0x0621 ? .other : .dual
        default:
            return .other
        }
    default:
        return .other
    }
}

/// RFC 5892 A.1 regular expression `(L|D) T* ZWNJ T* (R|D)` around `u[index]`.
private func isZWNJJoiningContext(_ u: UnsafeBufferPointer<UInt32>, _ index: Int) -> Bool {
    var before = index - 1
    while before >= 0 && joiningType(u[before]) == .transparent { before -= 1 }
    guard before >= 0, joiningType(u[before]) == .dual else { return false }
    var after = index + 1
    while after < u.count && joiningType(u[after]) == .transparent { after += 1 }
    guard after < u.count else { return false }
    let type = joiningType(u[after])
    return type == .dual || type == .right
}

// MARK: - ipv4, ipv6

/// RFC 2673 dotted-quad in `p[start ..< end]`.
private func isIPv4(_ p: Bytes, _ start: Int, _ end: Int) -> Bool {
    var i = start
    for octet in 0..<4 {
        if octet > 0 {
            guard i < end, p[i] == UInt8(ascii: ".") else { return false }
            i += 1
        }
        let digits = i
        var value = 0
        while i < end && isDigit(p[i]) && i - digits < 3 {
            value = value * 10 + Int(p[i] &- 0x30)
            i += 1
        }
        let length = i - digits
        guard length > 0, value <= 255, !(length > 1 && p[digits] == UInt8(ascii: "0")) else { return false }
    }
    return i == end
}

/// RFC 4291 §2.2 textual IPv6 address in `p[start ..< end]`.
private func isIPv6(_ p: Bytes, _ start: Int, _ end: Int) -> Bool {
    var i = start
    var groups = 0
    var compressed = false
    if i < end && p[i] == UInt8(ascii: ":") {
        guard i + 1 < end, p[i + 1] == UInt8(ascii: ":") else { return false }
        compressed = true
        i += 2
        if i == end { return true }
    }
    while true {
        let pieceStart = i
        while i < end && isHex(p[i]) && i - pieceStart < 5 { i += 1 }
        if i < end && p[i] == UInt8(ascii: ".") {
            // Trailing dotted-quad, worth two groups.
            guard isIPv4(p, pieceStart, end) else { return false }
            groups += 2
            break
        }
        guard i > pieceStart, i - pieceStart <= 4 else { return false }
        groups += 1
        guard groups <= 8 else { return false }
        if i == end { break }
        guard p[i] == UInt8(ascii: ":"), i + 1 < end else { return false }
        i += 1
        if p[i] == UInt8(ascii: ":") {
            guard !compressed else { return false }
            compressed = true
            i += 1
            if i == end { break }
        }
    }
    return compressed ? groups <= 7 : groups == 8
}

// MARK: - uri, uri-reference, iri, iri-reference (RFC 3986 / RFC 3987)

/// Extra ASCII characters a URI component allows beyond `unreserved / sub-delims / pct-encoded`.
private struct URIExtras: OptionSet {
    let rawValue: UInt8
    static let colon = URIExtras(rawValue: 1)
    static let at = URIExtras(rawValue: 2)
    static let slash = URIExtras(rawValue: 4)
    static let question = URIExtras(rawValue: 8)
    static let iprivate = URIExtras(rawValue: 16)

    static let userinfo: URIExtras = [.colon]
    static let pcharNoColon: URIExtras = [.at]
    static let path: URIExtras = [.colon, .at, .slash]
    static let query: URIExtras = [.colon, .at, .slash, .question, .iprivate]
    static let fragment: URIExtras = [.colon, .at, .slash, .question]
}

/// Consumes the longest run of allowed characters from `p[i]`; returns where it stopped,
/// or -1 on a malformed percent-encoding.
private func scanURIRun(_ p: Bytes, _ start: Int, _ end: Int, _ extras: URIExtras, iri: Bool) -> Int {
    var i = start
    while i < end {
        let b = p[i]
        if isUnreservedOrSubDelim(b) {
            i += 1
            continue
        }
        switch b {
        case UInt8(ascii: "%"):
            guard isPercentEncoded(p, i, end) else { return -1 }
            i += 3
            continue
        case UInt8(ascii: ":") where extras.contains(.colon),
            UInt8(ascii: "@") where extras.contains(.at),
            UInt8(ascii: "/") where extras.contains(.slash),
            UInt8(ascii: "?") where extras.contains(.question):
            i += 1
            continue
        default:
            break
        }
        if b >= 0x80 && iri {
            let (scalar, length) = decodeScalar(p, i)
            if isUCSChar(scalar) || (extras.contains(.iprivate) && isIPrivate(scalar)) {
                i += length
                continue
            }
        }
        return i
    }
    return i
}

private func isURI(_ p: Bytes, iri: Bool, reference: Bool) -> Bool {
    let end = p.count
    var i = 0
    var hasScheme = false
    if end > 0 && isAlpha(p[0]) {
        var j = 1
        while j < end
            && (isAlnum(p[j]) || p[j] == UInt8(ascii: "+") || p[j] == UInt8(ascii: "-") || p[j] == UInt8(ascii: "."))
        {
            j += 1
        }
        if j < end && p[j] == UInt8(ascii: ":") {
            hasScheme = true
            i = j + 1
        }
    }
    guard hasScheme || reference else { return false }

    if i + 1 < end && p[i] == UInt8(ascii: "/") && p[i + 1] == UInt8(ascii: "/") {
        // "//" authority path-abempty
        i += 2
        var authorityEnd = i
        while authorityEnd < end {
            let b = p[authorityEnd]
            if b == UInt8(ascii: "/") || b == UInt8(ascii: "?") || b == UInt8(ascii: "#") { break }
            authorityEnd += 1
        }
        guard isAuthority(p, i, authorityEnd, iri: iri) else { return false }
        i = authorityEnd
    } else if !hasScheme {
        // path-noscheme: the first segment may not contain ':'.
        i = scanURIRun(p, i, end, .pcharNoColon, iri: iri)
        guard i >= 0, i == end || p[i] != UInt8(ascii: ":") else { return false }
    }
    i = scanURIRun(p, i, end, .path, iri: iri)
    guard i >= 0 else { return false }
    if i < end && p[i] == UInt8(ascii: "?") {
        i = scanURIRun(p, i + 1, end, .query, iri: iri)
        guard i >= 0 else { return false }
    }
    if i < end && p[i] == UInt8(ascii: "#") {
        i = scanURIRun(p, i + 1, end, .fragment, iri: iri)
        guard i >= 0 else { return false }
    }
    return i == end
}

/// RFC 3986 §3.2 `authority` in `p[start ..< end]`.
private func isAuthority(_ p: Bytes, _ start: Int, _ end: Int, iri: Bool) -> Bool {
    var host = start
    let userinfoEnd = scanURIRun(p, start, end, .userinfo, iri: iri)
    guard userinfoEnd >= 0 else { return false }
    if userinfoEnd < end && p[userinfoEnd] == UInt8(ascii: "@") { host = userinfoEnd + 1 }

    var i: Int
    if host < end && p[host] == UInt8(ascii: "[") {
        var close = host + 1
        while close < end && p[close] != UInt8(ascii: "]") { close += 1 }
        guard close < end, isIPLiteralBody(p, host + 1, close) else { return false }
        i = close + 1
    } else {
        i = scanURIRun(p, host, end, [], iri: iri)
        guard i >= 0 else { return false }
    }
    if i < end && p[i] == UInt8(ascii: ":") {
        i += 1
        while i < end && isDigit(p[i]) { i += 1 }
    }
    return i == end
}

/// The inside of an RFC 3986 `IP-literal`: `IPv6address / IPvFuture`.
private func isIPLiteralBody(_ p: Bytes, _ start: Int, _ end: Int) -> Bool {
    guard start < end else { return false }
    guard p[start] | 0x20 == UInt8(ascii: "v") else { return isIPv6(p, start, end) }
    var i = start + 1
    let version = i
    while i < end && isHex(p[i]) { i += 1 }
    guard i > version, i < end, p[i] == UInt8(ascii: ".") else { return false }
    i += 1
    guard i < end else { return false }
    while i < end {
        guard isUnreservedOrSubDelim(p[i]) || p[i] == UInt8(ascii: ":") else { return false }
        i += 1
    }
    return true
}

// MARK: - uuid (RFC 4122)

private func isUUID(_ p: Bytes) -> Bool {
    guard p.count == 36, p[8] == UInt8(ascii: "-"), p[13] == UInt8(ascii: "-"), p[18] == UInt8(ascii: "-"),
        p[23] == UInt8(ascii: "-")
    else { return false }
    var allHex = true
    for i in 0..<36 where i != 8 && i != 13 && i != 18 && i != 23 { allHex = allHex && isHex(p[i]) }
    return allHex
}

// MARK: - json-pointer (RFC 6901), relative-json-pointer

private func isJSONPointer(_ p: Bytes, from start: Int) -> Bool {
    let n = p.count
    guard start < n else { return true }
    guard p[start] == UInt8(ascii: "/") else { return false }
    var i = start + 1
    while i < n {
        if p[i] == UInt8(ascii: "~") {
            guard i + 1 < n, p[i + 1] == UInt8(ascii: "0") || p[i + 1] == UInt8(ascii: "1") else { return false }
            i += 2
        } else {
            i += 1
        }
    }
    return true
}

private func isRelativeJSONPointer(_ p: Bytes) -> Bool {
    let n = p.count
    guard n > 0, isDigit(p[0]) else { return false }
    var i = 1
    if p[0] != UInt8(ascii: "0") {
        while i < n && isDigit(p[i]) { i += 1 }
    }
    if i < n && p[i] == UInt8(ascii: "#") { return i + 1 == n }
    return isJSONPointer(p, from: i)
}

// MARK: - uri-template (RFC 6570)

private func isURITemplate(_ p: Bytes) -> Bool {
    let n = p.count
    var i = 0
    while i < n {
        let b = p[i]
        switch b {
        case UInt8(ascii: "{"):
            i = scanURITemplateExpression(p, i + 1)
            guard i >= 0 else { return false }
        case UInt8(ascii: "%"):
            guard isPercentEncoded(p, i, n) else { return false }
            i += 3
        case 0x21, 0x23, 0x24, 0x26, 0x27, 0x28...0x3B, 0x3D, 0x3F...0x5B, 0x5D, 0x5F, 0x61...0x7A, 0x7E:
            // RFC 6570 `literals` (plus the apostrophe, which the test suite accepts).
            i += 1
        case 0x80...:
            let (scalar, length) = decodeScalar(p, i)
            guard isUCSChar(scalar) || isIPrivate(scalar) else { return false }
            i += length
        default:
            return false
        }
    }
    return true
}

/// Parses an expression after its `{`; returns the index after the closing `}`, or -1.
private func scanURITemplateExpression(_ p: Bytes, _ start: Int) -> Int {
    let n = p.count
    var i = start
    guard i < n else { return -1 }
    switch p[i] {
    case UInt8(ascii: "+"), UInt8(ascii: "#"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: ";"),
        UInt8(ascii: "?"), UInt8(ascii: "&"):
        i += 1
    default:
        break
    }
    while true {
        // varname = varchar *( ["."] varchar )
        i = scanVarchar(p, i)
        guard i >= 0 else { return -1 }
        while i < n {
            if p[i] == UInt8(ascii: ".") {
                i = scanVarchar(p, i + 1)
                guard i >= 0 else { return -1 }
            } else if isAlnum(p[i]) || p[i] == UInt8(ascii: "_") || p[i] == UInt8(ascii: "%") {
                i = scanVarchar(p, i)
                guard i >= 0 else { return -1 }
            } else {
                break
            }
        }
        guard i < n else { return -1 }
        if p[i] == UInt8(ascii: "*") {
            i += 1
        } else if p[i] == UInt8(ascii: ":") {
            // max-length = %x31-39 0*3DIGIT
            i += 1
            guard i < n, p[i] >= UInt8(ascii: "1"), p[i] <= UInt8(ascii: "9") else { return -1 }
            let digits = i
            i += 1
            while i < n && isDigit(p[i]) && i - digits < 4 { i += 1 }
        }
        guard i < n else { return -1 }
        if p[i] == UInt8(ascii: ",") {
            i += 1
        } else if p[i] == UInt8(ascii: "}") {
            return i + 1
        } else {
            return -1
        }
    }
}

/// One `varchar` (ALPHA / DIGIT / "_" / pct-encoded) at `p[i]`; returns the index after it, or -1.
@inline(__always) private func scanVarchar(_ p: Bytes, _ i: Int) -> Int {
    guard i < p.count else { return -1 }
    if isAlnum(p[i]) || p[i] == UInt8(ascii: "_") { return i + 1 }
    return isPercentEncoded(p, i, p.count) ? i + 3 : -1
}

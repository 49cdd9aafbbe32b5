/// The rule that a stream's revisions increase by exactly one, applied record by record.
///
/// The first record is at revision 0, or, after a snapshot that includes revision `r`, at any
/// revision up to `r + 1` (those up to `r` are skipped). Each later record is at the one before plus
/// one. A gap is allowed only for a stream that allows gaps, and is then reported.
struct RevisionContinuity {
    let stream: String
    let allowsGaps: Bool
    /// The first revision the state does not include yet.
    let firstNeeded: Int64
    /// Whether the first record may be below ``firstNeeded`` (a snapshot covers it).
    let mayStartBelow: Bool
    private(set) var last: Int64?
    private(set) var gaps: [RevisionGap] = []

    init(stream: String, allowsGaps: Bool, includedRevision: Int64?) {
        self.stream = stream
        self.allowsGaps = allowsGaps
        firstNeeded = includedRevision.map { $0 + 1 } ?? 0
        mayStartBelow = includedRevision != nil
    }

    /// Accepts the next record's revision or throws naming the expected and the found one.
    mutating func accept(_ revision: Int64) throws(RebuildError) {
        let expected = last.map { $0 + 1 } ?? firstNeeded
        if revision > expected {
            guard allowsGaps else { throw .gap(stream: stream, expected: expected, found: revision) }
            gaps.append(RevisionGap(expected: expected, found: revision))
        } else if revision < expected {
            if let last {
                if revision == last { throw .duplicate(stream: stream, expected: expected, found: revision) }
                throw .outOfOrder(stream: stream, expected: expected, found: revision)
            }
            guard mayStartBelow, revision >= 0 else { throw .outOfOrder(stream: stream, expected: expected, found: revision) }
        }
        last = revision
    }
}

/// A gap in a stream's revisions that the stream's options allowed: revisions from `expected` to
/// `found - 1` are missing.
public struct RevisionGap: Sendable, Equatable {
    /// The revision that should have come.
    public var expected: Int64
    /// The revision that came.
    public var found: Int64

    /// Creates a gap.
    public init(expected: Int64, found: Int64) {
        self.expected = expected
        self.found = found
    }
}

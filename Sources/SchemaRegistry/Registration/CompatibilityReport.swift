import EventSchema
import EventUpcasting
import Foundation

/// The outcome of checking a candidate schema against an event type's earlier versions.
///
/// It lists every difference found, not only the first, with which ones break readers under
/// the mode and policy in force, why, and what would fix them.
public struct CompatibilityReport: Sendable, Equatable {
    /// Which way a comparison reads.
    public enum Direction: String, Sendable, Equatable {
        /// Readers of the candidate reading events written with the earlier version.
        case backward
        /// Readers of the earlier version reading events written with the candidate.
        case forward
    }

    /// One comparison of the candidate with one earlier version.
    public struct Comparison: Sendable, Equatable {
        /// The earlier version compared with.
        public var version: Int
        /// Which way the comparison reads.
        public var direction: Direction
        /// Every difference, in Confluent's order.
        public var differences: [SchemaDifference]
        /// The differences that break readers under the policy.
        public var breaking: [SchemaDifference]
    }

    /// The event type.
    public var eventType: String
    /// The version the candidate would get, when known.
    public var candidateVersion: Int?
    /// The mode and policy applied.
    public var configuration: CompatibilityConfiguration
    /// The comparisons the mode asked for.
    public var comparisons: [Comparison]

    /// The upcaster chains checked for the breaking comparisons, when there were any.
    public var bridges: [BridgeReport] = []
    /// Why no upcaster chain could be checked, when the upcasters were there but could not run
    /// (a Swift upcaster the registry cannot run, a gap).
    public var bridgeProblem: String?

    /// Whether the candidate is compatible: no comparison has a breaking difference.
    public var isCompatible: Bool { comparisons.allSatisfy { $0.breaking.isEmpty } }

    /// Whether upcasters bridge every breaking comparison: each breaks only readers of the
    /// candidate reading older events, and the chain from that version to the candidate verifies.
    public var isBridged: Bool {
        let breaking = comparisons.filter { !$0.breaking.isEmpty }
        return !breaking.isEmpty && breaking.allSatisfy { comparison in
            comparison.direction == .backward
                && bridges.contains { $0.source == EventVersion(eventType, comparison.version) && $0.isBridged }
        }
    }

    /// Whether the mode admits the candidate: compatible, or bridged by upcasters — a bridge
    /// counts as compatible.
    public var isAccepted: Bool { isCompatible || isBridged }

    /// Every breaking difference with the comparison it came from.
    public var breakingDifferences: [(comparison: Comparison, difference: SchemaDifference)] {
        comparisons.flatMap { comparison in comparison.breaking.map { (comparison, $0) } }
    }

    /// Compares `candidate` with `earlier` (oldest first, deleted versions left out) as
    /// `configuration.mode` asks: the latest version or all of them, backward, forward or both.
    public static func check(
        eventType: String, candidate: JSONValue, candidateBaseURI: String, candidateVersion: Int?,
        earlier: [StoredVersion], configuration: CompatibilityConfiguration, resolver: (any SchemaResolver)?
    ) throws(SchemaError) -> CompatibilityReport {
        let mode = configuration.mode
        let targets: [StoredVersion]
        switch mode {
        case .none: targets = []
        case .backward, .forward, .full: targets = earlier.last.map { [$0] } ?? []
        case .backwardTransitive, .forwardTransitive, .fullTransitive: targets = earlier
        }
        let directions: [Direction]
        switch mode {
        case .none: directions = []
        case .backward, .backwardTransitive: directions = [.backward]
        case .forward, .forwardTransitive: directions = [.forward]
        case .full, .fullTransitive: directions = [.backward, .forward]
        }
        var comparisons: [Comparison] = []
        let prepared = SchemaDiff.Prepared(candidate, baseURI: candidateBaseURI, resolver: resolver)
        for target in targets.reversed() {
            let earlier = SchemaDiff.Prepared(target.document, baseURI: target.baseURI, resolver: resolver)
            for direction in directions {
                let differences: [SchemaDifference]
                switch direction {
                case .backward: differences = try SchemaDiff.compare(earlier, prepared)
                case .forward: differences = try SchemaDiff.compare(prepared, earlier)
                }
                let breaking = differences.filter { !$0.kind.isCompatible(under: configuration.policy) }
                comparisons.append(Comparison(version: target.version, direction: direction, differences: differences, breaking: breaking))
            }
        }
        return CompatibilityReport(eventType: eventType, candidateVersion: candidateVersion,
                                   configuration: configuration, comparisons: comparisons)
    }

    /// What a refusal says, one line per breaking difference after a heading, then what the
    /// upcasters did about them.
    public var summary: String {
        let candidate = candidateVersion.map { "v\($0)" } ?? "the candidate"
        guard !isCompatible else {
            return "\(eventType) \(candidate) is \(configuration.mode.rawValue) compatible"
        }
        var lines = [isBridged
            ? "\(eventType) \(candidate) is \(configuration.mode.rawValue) compatible through upcasters, which bridge:"
            : "\(eventType) \(candidate) is not \(configuration.mode.rawValue) compatible (\(configuration.policy.rawValue)):"]

        for (comparison, difference) in breakingDifferences {
            let reader = comparison.direction == .backward
                ? "readers of \(candidate) reading v\(comparison.version) events"
                : "readers of v\(comparison.version) reading \(candidate) events"
            lines.append("  \(difference.kind.rawValue) \(difference.path) (\(reader)): \(difference.kind.explanation)")
        }
        for bridge in bridges {
            let files = bridge.upcasters.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")
            lines.append("  upcasters from v\(bridge.source.version) (\(files)): \(bridge.isBridged ? "bridge it" : "do not bridge it")")
            if case .refuted(let reason) = bridge.symbolic { lines.append("    \(reason)") }
            if case .remaining(let remaining) = bridge.symbolic {
                lines.append("    still breaking after the upcasters: " + remaining.map { "\($0.kind.rawValue) \($0.path)" }.joined(separator: ", "))
            }
            switch bridge.generated {
            case .failed(let counterexample): lines.append("    counterexample: \(counterexample)")
            case .notGenerated(let reason): lines.append("    \(reason)")
            case .timedOut(let after): lines.append("    time limit reached after \(after) generated payloads")
            case .passed: break
            }
            for golden in bridge.golden where golden.failure != nil { lines.append("    \(golden.file): \(golden.failure!)") }
        }
        if let bridgeProblem { lines.append("  upcasters not checked: \(bridgeProblem)") }
        return lines.joined(separator: "\n")
    }
}

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

    /// Whether upcasters and downcasters bridge every breaking comparison: a backward one (readers of
    /// the candidate reading older events) by the upcasters from that version to the candidate, a
    /// forward one (readers of an older version reading the candidate's events) by the downcasters
    /// from the candidate to that version; each chain verified (``verifyBridges(with:)``).
    public var isBridged: Bool {
        let breaking = comparisons.filter { !$0.breaking.isEmpty }
        return !breaking.isEmpty && breaking.allSatisfy { bridge(for: $0)?.isBridged == true }
    }

    /// The chain that would bridge a comparison, when the candidate's version is known: upcasters
    /// from the older version to the candidate for a backward comparison, downcasters from the
    /// candidate to the older version for a forward one.
    public func bridgeRoute(for comparison: Comparison) -> (source: EventVersion, target: Int)? {
        guard let candidateVersion else { return nil }
        switch comparison.direction {
        case .backward: return (EventVersion(eventType, comparison.version), candidateVersion)
        case .forward: return (EventVersion(eventType, candidateVersion), comparison.version)
        }
    }

    /// The verified chain of ``bridges`` that bridges `comparison`, if any was checked.
    public func bridge(for comparison: Comparison) -> BridgeReport? {
        guard let route = bridgeRoute(for: comparison) else { return nil }
        return bridges.first { bridge in
            bridge.source == route.source && bridge.isDowncast == (comparison.direction == .forward)
                && (comparison.direction == .backward || bridge.targets == [EventVersion(eventType, route.target)])
        }
    }

    /// Verifies, with `verifier`, the chain of each breaking comparison (``bridgeRoute(for:)``) and
    /// records it in ``bridges``; a chain that cannot be followed (no downcaster from the candidate,
    /// a gap) is recorded in ``bridgeProblem``. The one decision `strata check` and registration share.
    public mutating func verifyBridges(with verifier: BridgeVerifier) {
        for comparison in comparisons where !comparison.breaking.isEmpty {
            guard let route = bridgeRoute(for: comparison), bridge(for: comparison) == nil else { continue }
            do {
                bridges.append(try verifier.verify(route.source, to: route.target))
            } catch {
                bridgeProblem = "from v\(route.source.version): \(error.description)"
            }
        }
    }

    /// What bridged the breaks, in words: "upcasters", "downcasters" or "upcasters and downcasters".
    public var bridgingFiles: String {
        let kinds = Set(bridges.map(\.isDowncast))
        return kinds.count > 1 ? "upcasters and downcasters" : kinds.contains(true) ? "downcasters" : "upcasters"
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
    /// The earlier versions are read into the diff's model through `models` when given (kept
    /// between checks), else afresh.
    public static func check(
        eventType: String, candidate: JSONValue, candidateBaseURI: String, candidateVersion: Int?,
        earlier: [StoredVersion], configuration: CompatibilityConfiguration, resolver: (any SchemaResolver)?,
        models: DiffModelCache? = nil
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
            let earlier = models?.model(of: target, resolver: resolver)
                ?? SchemaDiff.Prepared(target.resolvedDocument, baseURI: target.baseURI, resolver: resolver)
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
            ? "\(eventType) \(candidate) is \(configuration.mode.rawValue) compatible through \(bridgingFiles), which bridge:"
            : "\(eventType) \(candidate) is not \(configuration.mode.rawValue) compatible (\(configuration.policy.rawValue)):"]

        for (comparison, difference) in breakingDifferences {
            let reader = comparison.direction == .backward
                ? "readers of \(candidate) reading v\(comparison.version) events"
                : "readers of v\(comparison.version) reading \(candidate) events"
            lines.append("  \(difference.kind.rawValue) \(difference.path) (\(reader)): \(difference.kind.explanation)")
        }
        for bridge in bridges {
            let files = bridge.upcasters.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")
            let chain = bridge.isDowncast ? "downcasters from v\(bridge.source.version) to v\(bridge.targets[0].version)" : "upcasters from v\(bridge.source.version)"
            lines.append("  \(chain) (\(files)): \(bridge.isBridged ? "bridge it" : "do not bridge it")")
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

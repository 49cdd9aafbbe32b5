import EventSchema

/// The verification of every upcaster chain of a folder: what `strata verify` reports and what
/// `strata check` and `strata graph --verify` decide "bridged" by.
///
/// Each version that an upcaster leaves, and each version read unchanged by a compatible successor
/// (``CompatibleVersions``), is verified by a ``BridgeVerifier``. A chain that names a Swift
/// upcaster missing from `swiftUpcasters` is skipped, with the reason; a version with neither an
/// upcaster nor a compatible successor is a gap, and the folder does not verify.
///
/// ```swift
/// let outcome = try ChainVerification.run(schemas: "Schemas", upcasters: "Upcasters",
///                                         swiftUpcasters: ["splitName": splitName])
/// outcome.isBridged   // true when every chain bridges its versions and there is no gap
/// ```
public struct ChainVerification: Sendable {
    /// How a verification samples and judges: one setting for every command that verifies.
    public struct Settings: Sendable, Equatable {
        /// How many payloads are generated per version.
        public var generatedCount: Int
        /// The seed of the generated payloads.
        public var seed: UInt64
        /// How long the generated payloads of one version may take.
        public var timeLimit: Duration
        /// The policy breaking differences are judged under.
        public var policy: CompatibilityPolicy

        /// Creates settings.
        public init(generatedCount: Int = 200, seed: UInt64 = 2026, timeLimit: Duration = .seconds(30),
                    policy: CompatibilityPolicy = .strict) {
            self.generatedCount = generatedCount
            self.seed = seed
            self.timeLimit = timeLimit
            self.policy = policy
        }

        /// 200 payloads a version, seed 2026, 30 seconds a version, STRICT: what `strata verify`,
        /// `strata check` and `strata graph --verify` use unless told otherwise.
        public static let standard = Settings()
    }

    /// A chain that was not verified, and why.
    public struct Skipped: Sendable, Equatable {
        /// The event type whose chain was skipped.
        public var eventType: String
        /// Why, in words.
        public var reason: String
    }

    /// The report of each verified chain, by event type then version.
    public var reports: [BridgeReport]
    /// Chains that name a Swift upcaster nobody registered.
    public var skipped: [Skipped]
    /// Versions that no upcaster leaves and whose successor is not compatible with them.
    public var gaps: [CompatibleVersions.Gap]
    /// The verifier of each verified event type, for other paths (such as to an earlier version).
    public var verifiers: [String: BridgeVerifier]

    /// Whether every chain bridges its versions and no version is left without a way forward.
    public var isBridged: Bool { reports.allSatisfy(\.isBridged) && gaps.isEmpty }

    /// Verifies the chains of the schema folder `schemas` and the upcaster folder `upcasters`: of
    /// `eventType` (and the types its upcasters reach), or of every event type when `nil`.
    ///
    /// - Throws: ``UpcastingError`` for an unreadable or invalid file, an invalid chain, or an
    ///   `eventType` the folder does not have.
    public static func run(schemas: String, upcasters: String, eventType: String? = nil, settings: Settings = .standard,
                           swiftUpcasters: [String: SwiftUpcaster] = [:]) throws(UpcastingError) -> ChainVerification {
        let folder = try SchemaFolder(root: schemas)
        let versioned = try VersionedSchemas(folder: folder)
        let golden = try BridgeVerifier.goldenExamples(in: folder)
        var files: [Upcaster] = []
        for file in try Upcaster.files(in: upcasters) { files.append(try Upcaster(file: file)) }
        if let eventType, folder.currentVersions[eventType] == nil {
            throw .invalidFolderLayout(path: schemas, reason: "has no event type \(eventType)")
        }
        // Versions that no upcaster leaves are read as the next one when it is compatible: those
        // edges are verified like the others, and a version with neither is a chain that fails.
        let compatible = try CompatibleVersions.find(in: versioned, upcasters: files,
                                                     policies: folder.currentVersions.mapValues { _ in settings.policy })
        let all = files + compatible.edges
        var outcome = ChainVerification(reports: [], skipped: [], verifiers: [:],
                                        gaps: compatible.gaps.filter { eventType == nil || $0.source.eventType == eventType })
        for type in Set(all.map(\.eventType)).sorted() where eventType == nil || eventType == type {
            let chain: UpcasterChain
            do {
                // This type's upcasters and those of the types they rename or split it into.
                let reachable = UpcasterChain.reachableTypes(from: type, through: all)
                chain = try UpcasterChain(upcasters: all.filter { reachable.contains($0.eventType) },
                                          currentVersions: folder.currentVersions, swiftUpcasters: swiftUpcasters)
            } catch {
                guard case .missingSwiftUpcaster(let name, _, let from) = error else { throw error }
                outcome.skipped.append(Skipped(eventType: type, reason:
                    "v\(from) names the Swift upcaster \(name), which runs in the consuming program; verify it there "
                    + "(StrataCommand.main(swiftUpcasters:) or BridgeVerifier)"))
                continue
            }
            var verifier = BridgeVerifier(schemas: versioned, chain: chain, golden: golden)
            verifier.generatedCount = settings.generatedCount
            verifier.seed = settings.seed
            verifier.timeLimit = settings.timeLimit
            verifier.policy = settings.policy
            outcome.reports += try verifier.verify(eventType: type)
            outcome.verifiers[type] = verifier
        }
        return outcome
    }

    private init(reports: [BridgeReport], skipped: [Skipped], verifiers: [String: BridgeVerifier], gaps: [CompatibleVersions.Gap]) {
        self.reports = reports
        self.skipped = skipped
        self.verifiers = verifiers
        self.gaps = gaps
    }
}

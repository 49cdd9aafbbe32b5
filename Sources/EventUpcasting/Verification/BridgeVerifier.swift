import EventSchema
import Foundation

/// Whether the upcasters from one version of an event type bridge it to the current version:
/// the three checks of `strata verify`, and what each found.
public struct BridgeReport: Sendable, Equatable {
    /// What the symbolic check found.
    public enum Symbolic: Sendable, Equatable {
        /// The transformed schema is compatible with the target's: proved for every payload.
        case proved
        /// Breaking differences remain between the transformed schema and the target's.
        case remaining([SchemaDifference])
        /// The steps cannot be followed on the schema; the examples decide, and why.
        case undecidable(String)
        /// A step fails on some payloads the old schema allows, and which.
        case refuted(String)
    }

    /// What the generated examples found.
    public enum Generated: Sendable, Equatable {
        /// Every generated payload went through and validated.
        case passed(count: Int)
        /// A payload that shows the failure, shrunk, with what went wrong.
        case failed(Counterexample)
        /// No payloads could be generated, and why (naming the keyword).
        case notGenerated(String)
        /// The time limit ran out after this many payloads.
        case timedOut(after: Int)
    }

    /// One golden example replayed through the chain.
    public struct Golden: Sendable, Equatable {
        /// The example file.
        public var file: String
        /// What went wrong, or `nil` when it upcast and validated (and matched its pinned form).
        public var failure: String?
    }

    /// The event type and version the chain starts at.
    public var source: EventVersion
    /// Where it ends (several for a split).
    public var targets: [EventVersion]
    /// The upcaster files on the way.
    public var upcasters: [String]
    /// The breaking differences between the source and target schemas, which the chain must bridge.
    public var differences: [SchemaDifference]
    /// The symbolic check.
    public var symbolic: Symbolic
    /// The generated examples.
    public var generated: Generated
    /// The golden examples of the source version.
    public var golden: [Golden]

    /// Whether the chain is downcasters: it ends at an older version of its own type.
    public var isDowncast: Bool {
        targets.count == 1 && targets[0].eventType == source.eventType && targets[0].version < source.version
    }

    /// Whether the chain bridges the versions: no breaking difference remains symbolically, no
    /// generated payload fails and every golden example passes.
    public var isBridged: Bool {
        switch symbolic {
        case .remaining, .refuted: return false
        case .proved, .undecidable: break
        }
        switch generated {
        case .passed: break
        case .failed, .notGenerated, .timedOut: return false
        }
        return golden.allSatisfy { $0.failure == nil }
    }
}

/// A payload valid under the version it was generated for that the chain does not carry to a
/// valid payload of the target: shrunk to a small one.
public struct Counterexample: Sendable, Equatable, CustomStringConvertible {
    /// The stored payload.
    public var payload: JSONValue
    /// What went wrong: the step that threw, or the pointer and message of the target's validation.
    public var failure: String

    /// The payload on one line, then what went wrong.
    public var description: String { "\(payload.serialized()) → \(failure)" }
}

/// Checks that upcasters bridge versions, in the three ways of `strata verify`: symbolically on
/// the schemas, with generated payloads (shrunk to a counterexample on failure), and with the
/// golden examples.
///
/// ```swift
/// let verifier = BridgeVerifier(schemas: try VersionedSchemas(folder: folder), chain: chain, golden: golden)
/// for report in try verifier.verify(eventType: "OrderPlaced") where !report.isBridged { print(report) }
/// ```
public struct BridgeVerifier: Sendable {
    /// The schemas of every version.
    public var schemas: VersionedSchemas
    /// The upcasters.
    public var chain: UpcasterChain
    /// The golden examples, by version: file path and payload.
    public var golden: [EventVersion: [(file: String, payload: JSONValue)]]
    /// How many payloads to generate per version.
    public var generatedCount = 200
    /// The seed, so a failure can be reproduced.
    public var seed: UInt64 = 2026
    /// The policy breaking differences are judged under.
    public var policy: CompatibilityPolicy = .strict
    /// How long the generated examples of one version may take.
    public var timeLimit: Duration = .seconds(30)
    /// The version of each event type that pinned `.expected.json` forms are at: the latest
    /// version of the folder the examples come from (default: the chain's current versions).
    public var pinnedFormVersions: [String: Int]?

    /// Creates a verifier.
    public init(schemas: VersionedSchemas, chain: UpcasterChain, golden: [EventVersion: [(file: String, payload: JSONValue)]] = [:]) {
        self.schemas = schemas
        self.chain = chain
        self.golden = golden
    }

    /// The ending of a file that pins a golden example's current form, beside it.
    public static let expectedSuffix = ".expected.json"

    /// The golden examples of a `Schemas/` folder: every example expected to be valid.
    public static func goldenExamples(in folder: SchemaFolder, reader: DocumentReader = DocumentReader()) throws(UpcastingError) -> [EventVersion: [(file: String, payload: JSONValue)]] {
        var found: [EventVersion: [(file: String, payload: JSONValue)]] = [:]
        for schema in folder.schemas {
            for example in try folder.examples(of: schema) where example.expectsValid {
                let payload: JSONValue
                do { payload = try reader.read(file: example.path) } catch { throw .schema(error) }
                found[EventVersion(schema.eventType, schema.version), default: []].append((example.path, payload))
            }
        }
        return found
    }

    /// Reports for every version of `eventType` that has upcasters, oldest first, then for every
    /// downcaster, each to the version just below it (newest first).
    public func verify(eventType: String) throws(UpcastingError) -> [BridgeReport] {
        var reports: [BridgeReport] = []
        for upcaster in chain.upcasters(of: eventType) {
            reports.append(try verify(EventVersion(eventType, upcaster.fromVersion)))
        }
        for downcaster in chain.downcasters(of: eventType) {
            reports.append(try verify(EventVersion(eventType, downcaster.fromVersion), to: downcaster.toVersion))
        }
        return reports
    }

    /// The file that pins what `example` becomes on the way to `target`: `typical.expected.json`
    /// beside `typical.json` for the current version, `typical.v2.expected.json` for the older v2
    /// a downcaster reaches.
    public static func pinnedForm(of example: String, downcastTo target: Int? = nil) -> String {
        String(example.dropLast(".json".count)) + (target.map { ".v\($0)" } ?? "") + expectedSuffix
    }

    /// The report for the chain from one version: to the current version, or to `target` of
    /// the same type (for a version registered before a later one).
    public func verify(_ source: EventVersion, to target: Int? = nil) throws(UpcastingError) -> BridgeReport {
        let path = try chain.path(for: source.eventType, from: source.version, to: target)
        guard let sourceEntry = schemas.entries[source] else { throw .unknownVersion(eventType: source.eventType, version: source.version) }
        let targets = path.last.map { last in last.splits ? last.targets : [last.firstTarget] } ?? [source]
        // The differences the chain has to bridge, between the source and each target, as the diff sees them.
        var differences: [SchemaDifference] = []
        var symbolic: BridgeReport.Symbolic
        if path.contains(where: \.splits) {
            symbolic = .undecidable("a split makes several events")
        } else {
            let target = targets[0]
            guard let targetEntry = schemas.entries[target] else { throw .unknownVersion(eventType: target.eventType, version: target.version) }
            differences = try breaking(sourceEntry.document, sourceEntry.baseURI, targetEntry)
            switch SymbolicBridge.transform(sourceEntry.document, through: path) {
            case .undecidable(let reason): symbolic = .undecidable(reason)
            case .refuted(let reason): symbolic = .refuted(reason)
            case .transformed(let transformed):
                let remaining = try breaking(transformed, sourceEntry.baseURI, targetEntry)
                symbolic = remaining.isEmpty ? .proved : .remaining(remaining)
            }
        }
        let compiled = try Dictionary(uniqueKeysWithValues: Set(targets).map { target throws(UpcastingError) in (target, try schemas.compile(target)) })
        let sourceSchema = try schemas.compile(source)
        let (generated, goldenReports) = runUpcasters(source: source, sourceSchema: sourceSchema, targets: compiled)
        return BridgeReport(source: source, targets: targets, upcasters: path.map(Self.name(of:)),
                            differences: differences, symbolic: symbolic, generated: generated, golden: goldenReports)
    }

    /// How a report names an upcaster: its file, or for an edge between compatible versions
    /// `OrderShipped/1-to-2: compatible, no upcaster`.
    static func name(of upcaster: Upcaster) -> String {
        if let file = upcaster.file { return file }
        let edge = "\(upcaster.eventType)/\(upcaster.fromVersion)-to-\(upcaster.toVersion)"
        return upcaster.passesThrough ? edge + ": compatible, no upcaster" : edge
    }

    private func breaking(_ document: JSONValue, _ baseURI: String, _ target: VersionedSchemas.Entry) throws(UpcastingError) -> [SchemaDifference] {
        do {
            return try SchemaDiff.compare(original: document, updated: target.document, originalBaseURI: baseURI,
                                          updatedBaseURI: target.baseURI, resolver: schemas.resolver)
                .filter { !$0.kind.isCompatible(under: policy) }
        } catch {
            throw .schema(error)
        }
    }

    /// What goes wrong when `payload` of `source` goes through the chain, or `nil`.
    private func failure(of payload: JSONValue, source: EventVersion, targets: [EventVersion: JSONSchema]) -> String? {
        let outputs: [StoredEvent]
        do {
            outputs = try upcast(payload, source: source, targets: targets)
        } catch {
            return error.description
        }
        for output in outputs {
            guard let schema = targets[EventVersion(output.eventType, output.version)] else {
                return "the chain wrote \(output.eventType) v\(output.version), not a target"
            }
            if let error = schema.validate(output.payload).errors.first {
                return "\(output.eventType) v\(output.version) at \(error.instanceLocation.fragment): \(error.message)"
            }
        }
        return nil
    }

    /// Upcasts to the targets: in place to an earlier version of the same type, or through the whole chain.
    private func upcast(_ payload: JSONValue, source: EventVersion, targets: [EventVersion: JSONSchema]) throws(UpcastingError) -> [StoredEvent] {
        if targets.count == 1, let target = targets.keys.first, target.eventType == source.eventType,
           target.version < (chain.currentVersions[source.eventType] ?? 0) {
            var payload = payload
            try chain.upcast(&payload, eventType: source.eventType, from: source.version, to: target.version)
            return [StoredEvent(eventType: target.eventType, version: target.version, payload: payload)]
        }
        return try chain.upcast(StoredEvent(eventType: source.eventType, version: source.version, payload: payload))
    }

    /// Runs the generated and golden examples through the chain within ``timeLimit``.
    ///
    /// The work runs in a task of its own; when the time is up the task is cancelled and waited
    /// for, so nothing is left running after this returns. The verifier stops at the next payload,
    /// and a Swift upcaster stops when it returns or sees `Task.isCancelled`; one that ignores
    /// cancellation and never returns holds the verification until it does.
    private func runUpcasters(source: EventVersion, sourceSchema: JSONSchema,
                              targets: [EventVersion: JSONSchema]) -> (BridgeReport.Generated, [BridgeReport.Golden]) {
        let progress = Progress()
        let finished = DispatchSemaphore(value: 0)
        let verifier = self
        // The task runs on a thread of its own, never on the cooperative pool that the caller may be
        // blocking right now (a synchronous caller inside a task waits below).
        let task = Task.detached(executorPreference: VerificationExecutor()) {
            let generated = verifier.runGenerated(source: source, sourceSchema: sourceSchema, targets: targets, progress: progress)
            if case .timedOut = generated {
                progress.finish(generated, verifier.notRun(source, after: progress.done))
            } else {
                progress.finish(generated, verifier.replayGolden(source: source, targets: targets))
            }
            finished.signal()
        }
        let (seconds, attoseconds) = timeLimit.components
        let limit = DispatchTime.now() + .nanoseconds(Int(min(max(seconds, 0), 86_400)) * 1_000_000_000 + Int(attoseconds / 1_000_000_000))
        if finished.wait(timeout: limit) == .timedOut {
            task.cancel()
            finished.wait()
        }
        return progress.result ?? (.timedOut(after: progress.done), notRun(source, after: progress.done))
    }

    /// The golden examples of `source`, reported as not run after a time-out.
    private func notRun(_ source: EventVersion, after done: Int) -> [BridgeReport.Golden] {
        (golden[source] ?? []).map {
            BridgeReport.Golden(file: $0.file, failure: "not run: the time limit was reached after \(done) generated payloads")
        }
    }

    /// What the worker task has done, shared with the waiting thread under a lock.
    private final class Progress: @unchecked Sendable {
        private let lock = NSLock()
        private var payloadsDone = 0
        private var finished: (BridgeReport.Generated, [BridgeReport.Golden])?

        var done: Int { lock.withLock { payloadsDone } }
        var result: (BridgeReport.Generated, [BridgeReport.Golden])? { lock.withLock { finished } }
        func advance() { lock.withLock { payloadsDone += 1 } }
        func finish(_ generated: BridgeReport.Generated, _ golden: [BridgeReport.Golden]) { lock.withLock { finished = (generated, golden) } }
    }

    private func runGenerated(source: EventVersion, sourceSchema: JSONSchema, targets: [EventVersion: JSONSchema],
                              progress: Progress) -> BridgeReport.Generated {
        let samples = PayloadGenerator.samples(from: (golden[source] ?? []).map(\.payload))
        var generator = PayloadGenerator(schemas: schemas, samples: [source: samples], seed: seed)
        let payloads: [JSONValue]
        do {
            payloads = try generator.payloads(of: source, count: generatedCount)
        } catch {
            return .notGenerated("\(error)")
        }
        for payload in payloads {
            if Task.isCancelled { return .timedOut(after: progress.done) }
            let problem = failure(of: payload, source: source, targets: targets)
            // An upcaster cut short by the cancellation proves nothing either way.
            if Task.isCancelled { return .timedOut(after: progress.done) }
            progress.advance()
            if let problem {
                return .failed(shrink(payload, problem, source: source, sourceSchema: sourceSchema, targets: targets))
            }
        }
        return .passed(count: payloads.count)
    }

    /// Makes a failing payload smaller while it stays valid under its schema and still fails:
    /// members dropped, arrays shortened, strings and numbers made small. Bounded in steps.
    func shrink(_ payload: JSONValue, _ problem: String, source: EventVersion, sourceSchema: JSONSchema,
                targets: [EventVersion: JSONSchema]) -> Counterexample {
        var best = Counterexample(payload: payload, failure: problem)
        var budget = 500
        var improved = true
        while improved && budget > 0 {
            improved = false
            for candidate in Self.smaller(best.payload) {
                budget -= 1
                if budget <= 0 || Task.isCancelled { break }
                guard sourceSchema.isValid(candidate), let failure = failure(of: candidate, source: source, targets: targets) else { continue }
                best = Counterexample(payload: candidate, failure: failure)
                improved = true
                break
            }
        }
        return best
    }

    /// Values one step smaller than `value`, smallest changes to the root first.
    static func smaller(_ value: JSONValue) -> [JSONValue] {
        switch value {
        case .object(let object):
            var candidates: [JSONValue] = []
            for key in object.keys {
                var without = object
                without.removeValue(forKey: key)
                candidates.append(.object(without))
            }
            for (key, member) in object.members {
                for smaller in smaller(member) {
                    var changed = object
                    changed[key] = smaller
                    candidates.append(.object(changed))
                }
            }
            return candidates
        case .array(let elements):
            var candidates: [JSONValue] = elements.indices.map { position in
                var without = elements
                without.remove(at: position)
                return .array(without)
            }
            for (position, element) in elements.enumerated() {
                for smaller in smaller(element) {
                    var changed = elements
                    changed[position] = smaller
                    candidates.append(.array(changed))
                }
            }
            return candidates
        case .string(let text) where !text.isEmpty:
            return [.string(""), .string(String(text.prefix(text.count / 2)))]
        case .number(let number) where number != JSONNumber(0):
            var candidates: [JSONValue] = [.number(JSONNumber(0)), .number(JSONNumber(1))]
            // Keep the fraction, drop the whole part: 929324.671 → 0.671.
            let text = number.description
            if let point = text.firstIndex(of: "."), !text.contains("e"), !text.contains("E"),
               let fraction = JSONNumber(exactly: (text.hasPrefix("-") ? "-0" : "0") + text[point...]), fraction != number {
                candidates.append(.number(fraction))
            }
            return candidates
        default:
            return []
        }
    }

    private func replayGolden(source: EventVersion, targets: [EventVersion: JSONSchema]) -> [BridgeReport.Golden] {
        (golden[source] ?? []).map { example in
            if let problem = failure(of: example.payload, source: source, targets: targets) {
                return BridgeReport.Golden(file: example.file, failure: problem)
            }
            // A golden example may pin its current form beside it: typical.json → typical.expected.json.
            // A downcast pins its form at the older version: typical.json → typical.v2.expected.json.
            let downcastTarget = targets.keys.first.flatMap { target in
                targets.count == 1 && target.eventType == source.eventType && target.version < source.version ? target.version : nil
            }
            let pinned = Self.pinnedForm(of: example.file, downcastTo: downcastTarget)
            let pinnedAt = pinnedFormVersions ?? chain.currentVersions
            let reachesCurrent = downcastTarget != nil || targets.keys.allSatisfy { $0.version == pinnedAt[$0.eventType] }
            guard reachesCurrent, FileManager.default.fileExists(atPath: pinned) else { return BridgeReport.Golden(file: example.file, failure: nil) }
            let expected: JSONValue
            do { expected = try DocumentReader().read(file: pinned) } catch {
                return BridgeReport.Golden(file: example.file, failure: "\(pinned): \(error)")
            }
            guard let outputs = try? upcast(example.payload, source: source, targets: targets),
                  outputs.count == 1 else {
                return BridgeReport.Golden(file: example.file, failure: "\(pinned) pins one event, but the chain makes several")
            }
            guard outputs[0].payload == expected else {
                let verb = downcastTarget == nil ? "upcasts" : "downcasts"
                return BridgeReport.Golden(file: example.file, failure: "\(verb) to \(outputs[0].payload.serialized()), not the pinned \(pinned)")
            }
            return BridgeReport.Golden(file: example.file, failure: nil)
        }
    }
}

/// Runs a verification's task on a serial queue of its own, outside Swift's cooperative pool.
final class VerificationExecutor: TaskExecutor {
    private let queue = DispatchQueue(label: "strata.verification")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}

import EventSchema
import Foundation

/// Every upcaster of a catalog, checked once to form one chain per event type.
///
/// The chain for each stored version is resolved when the catalog is built, so a gap, a duplicate,
/// a step backwards or a step naming a Swift upcaster nobody registered is an error at load time,
/// never on the ten-millionth event.
///
/// ```swift
/// let chain = try UpcasterChain(upcasters: upcasters, currentVersions: ["OrderPlaced": 3])
/// var payload = try JSONValue(parsing: storedBytes)
/// try chain.upcast(&payload, eventType: "OrderPlaced", from: 1)   // now a v3 payload
/// ```
public struct UpcasterChain: Sendable {
    /// The current version of each event type.
    public let currentVersions: [String: Int]
    /// Each upcaster, by the event type and version it reads.
    private let upcasters: [EventVersion: Upcaster]
    /// Each downcaster (`3-to-2.yaml`), by the event type and version it reads.
    private let downcasters: [EventVersion: Upcaster]
    /// The compiled program of each downcast path that runs on a tree, by type, start and target.
    private let downcastPrograms: [DowncastRoute: TreeProgram]
    /// The upcasters from each version that has any, resolved once: they follow one another up to
    /// the current version, through type renames, and stop after a split.
    private let paths: [EventVersion: [Upcaster]]
    /// What the read path needs of each event type, found with one lookup by its name (none when
    /// the read's ``ReadBuffers`` hold the plan of the read before, of the same type and chain).
    private let readPlans: ReadPlans
    private let swiftUpcasters: [String: SwiftUpcaster]
    /// Schemas each upcaster's output is checked against, when step validation is on.
    private var targetSchemas: [EventVersion: JSONSchema]

    /// Whether each upcaster's output is validated against its target version's schema.
    public var validatesSteps: Bool { !targetSchemas.isEmpty }

    /// This chain, validating each upcaster's output against its target version's schema in
    /// `schemas` (format asserted), so a wrong upcaster is caught with its step named.
    ///
    /// Catalogs turn this on by default in debug builds; it costs a validation per step.
    public func validatingSteps(against schemas: SchemaFolder) throws(UpcastingError) -> UpcasterChain {
        var chain = self
        for target in Set((Array(upcasters.values) + Array(downcasters.values)).flatMap(\.targets)) {
            guard let file = schemas.schemas.first(where: { $0.eventType == target.eventType && $0.version == target.version }) else { continue }
            chain.targetSchemas[target] = try schemas.compile(file, options: JSONSchema.Options(assertsFormat: true))
        }
        return chain
    }

    /// Builds and checks the chains.
    ///
    /// - Throws: ``UpcastingError/invalidChain(eventType:reason:)`` for a gap, a duplicate, a cycle,
    ///   a step backwards or a target with no schema, or
    ///   ``UpcastingError/missingSwiftUpcaster(name:eventType:fromVersion:)``.
    public init(upcasters list: [Upcaster], currentVersions: [String: Int], swiftUpcasters: [String: SwiftUpcaster] = [:]) throws(UpcastingError) {
        let (upcasters, paths) = try Self.resolve(list.filter { !$0.isDowncaster }, currentVersions: currentVersions)
        let downcasters = try Self.resolveDowncasters(list.filter(\.isDowncaster), currentVersions: currentVersions)
        for upcaster in list {
            for name in upcaster.swiftNames where swiftUpcasters[name] == nil {
                throw .missingSwiftUpcaster(name: name, eventType: upcaster.eventType, fromVersion: upcaster.fromVersion)
            }
        }
        // Stored properties are set only after everything that can throw (see SQLiteSchemaStore).
        self.upcasters = upcasters
        self.downcasters = downcasters
        var downcastPrograms: [DowncastRoute: TreeProgram] = [:]
        for start in downcasters.keys {
            var path: [Upcaster] = []
            var node = start
            while let next = downcasters[node] {
                path.append(next)
                node = next.firstTarget
                if let program = TreeProgram(path) { downcastPrograms[DowncastRoute(node: start, target: node.version)] = program }
            }
        }
        self.downcastPrograms = downcastPrograms
        self.paths = paths
        var readPlans = currentVersions.mapValues { ReadPlan(currentVersion: $0) }
        for (start, path) in paths where start.version >= 1 {
            if let program = TreeProgram(path) { readPlans[start.eventType]?.programs[start.version] = program }
        }
        self.readPlans = ReadPlans(readPlans)
        self.currentVersions = currentVersions
        self.swiftUpcasters = swiftUpcasters
        targetSchemas = [:]
    }

    /// Checks that `list` forms valid chains over `currentVersions`, the same check a catalog makes
    /// when it loads: no duplicate start, no step backwards (`3-to-1`, `2-to-2` without a rename or a
    /// split), no target without a schema or past the current version, no gap and no cycle (type
    /// renames and splits included). Swift upcasters the steps name are not looked up.
    ///
    /// Registration runs this before it stores an upcaster, so the registry never holds a chain that
    /// a consumer would refuse.
    ///
    /// - Throws: ``UpcastingError/invalidChain(eventType:reason:)`` naming the files involved.
    public static func check(_ list: [Upcaster], currentVersions: [String: Int]) throws(UpcastingError) {
        _ = try resolve(list.filter { !$0.isDowncaster }, currentVersions: currentVersions)
        _ = try resolveDowncasters(list.filter(\.isDowncaster), currentVersions: currentVersions)
    }

    /// The downcasters by the version they read, checked: each goes from a version with a schema
    /// to the version just below it (`3-to-2`, never `3-to-1`), and no two start at one version.
    /// Downcasters stay within their event type: a file that renames or splits is an upcaster.
    private static func resolveDowncasters(_ list: [Upcaster], currentVersions: [String: Int]) throws(UpcastingError) -> [EventVersion: Upcaster] {
        var downcasters: [EventVersion: Upcaster] = [:]
        for downcaster in list {
            let name = downcaster.file ?? "\(downcaster.eventType)/\(downcaster.fromVersion)-to-\(downcaster.toVersion)"
            guard let current = currentVersions[downcaster.eventType] else {
                throw .invalidChain(eventType: downcaster.eventType, reason: "there is no schema for this event type: \(name)")
            }
            guard downcaster.fromVersion <= current else {
                throw .invalidChain(eventType: downcaster.eventType, reason: "a downcaster reads v\(downcaster.fromVersion), which has no schema: \(name)")
            }
            guard downcaster.toVersion == downcaster.fromVersion - 1 else {
                throw .invalidChain(eventType: downcaster.eventType, reason: "a downcaster goes from v\(downcaster.fromVersion) to the version "
                                    + "just below, v\(downcaster.fromVersion - 1), not v\(downcaster.toVersion) (one file per version): \(name)")
            }
            let source = EventVersion(downcaster.eventType, downcaster.fromVersion)
            if let existing = downcasters[source] {
                throw .invalidChain(eventType: downcaster.eventType,
                                    reason: "two downcasters start at v\(downcaster.fromVersion): \(existing.file ?? "one") and \(name)")
            }
            downcasters[source] = downcaster
        }
        return downcasters
    }

    /// The upcasters by the version they read, and the path from each, checked as ``check(_:currentVersions:)`` says.
    private static func resolve(_ list: [Upcaster], currentVersions: [String: Int]) throws(UpcastingError)
        -> (upcasters: [EventVersion: Upcaster], paths: [EventVersion: [Upcaster]]) {
        var upcasters: [EventVersion: Upcaster] = [:]
        for upcaster in list {
            let source = EventVersion(upcaster.eventType, upcaster.fromVersion)
            guard let current = currentVersions[upcaster.eventType] else {
                throw .invalidChain(eventType: upcaster.eventType, reason: "there is no schema for this event type")
            }
            guard upcaster.fromVersion <= current else {
                throw .invalidChain(eventType: upcaster.eventType, reason: "an upcaster reads v\(upcaster.fromVersion), which has no schema")
            }
            if let existing = upcasters[source] {
                throw .invalidChain(eventType: upcaster.eventType,
                                    reason: "two upcasters start at v\(upcaster.fromVersion): \(existing.file ?? "to \(existing.targets[0])") and \(upcaster.file ?? "to \(upcaster.targets[0])")")
            }
            for target in upcaster.targets {
                guard let targetCurrent = currentVersions[target.eventType] else {
                    throw .invalidChain(eventType: upcaster.eventType, reason: "the upcaster from v\(upcaster.fromVersion) writes \(target.eventType), which has no schema")
                }
                guard target.eventType != upcaster.eventType || target.version > upcaster.fromVersion else {
                    // Only a file that keeps one event of its type and goes one version down is a downcaster.
                    let file = upcaster.file.map { ": \($0)" } ?? ""
                    throw .invalidChain(eventType: upcaster.eventType,
                                        reason: "an upcaster from v\(upcaster.fromVersion) to v\(target.version) goes backwards\(file)")
                }
                guard target.version <= targetCurrent else {
                    throw .invalidChain(eventType: upcaster.eventType, reason: "an upcaster goes to \(target), beyond the current v\(targetCurrent)")
                }
            }
            upcasters[source] = upcaster
        }
        // Every version that has upcasters must reach current versions, without a gap or a cycle.
        func reach(_ node: EventVersion, from start: EventVersion, through visiting: [EventVersion]) throws(UpcastingError) {
            if let loop = visiting.firstIndex(of: node) {
                let cycle = (visiting[loop...] + [node]).map(\.description).joined(separator: " → ")
                throw .invalidChain(eventType: start.eventType, reason: "the upcasters form a cycle: \(cycle)")
            }
            guard let upcaster = upcasters[node] else {
                let current = currentVersions[node.eventType]!
                guard node.version == current else {
                    let origin = start.eventType == node.eventType ? "v\(start.version)" : start.description
                    throw .invalidChain(eventType: node.eventType, reason: "no upcaster from v\(node.version), so \(origin) events cannot reach v\(current)")
                }
                return
            }
            for target in upcaster.targets { try reach(target, from: start, through: visiting + [node]) }
        }
        var paths: [EventVersion: [Upcaster]] = [:]
        for start in upcasters.keys.sorted() {
            try reach(start, from: start, through: [])
            var path: [Upcaster] = []
            var node = start
            while let next = upcasters[node] {
                path.append(next)
                guard !next.splits else { break }
                node = next.firstTarget
            }
            paths[start] = path
        }
        return (upcasters, paths)
    }

    /// The upcasters that take `eventType` from `version` onwards, in order: to `target` of the
    /// same type when given, otherwise on to the current version (through type renames; a split
    /// ends the path).
    public func path(for eventType: String, from version: Int, to target: Int? = nil) throws(UpcastingError) -> [Upcaster] {
        guard let current = currentVersions[eventType] else { throw .invalidChain(eventType: eventType, reason: "unknown event type") }
        guard version >= 1, version <= current else { throw .unknownVersion(eventType: eventType, version: version) }
        let path = paths[EventVersion(eventType, version)] ?? []
        guard let target else {
            guard !path.isEmpty || version == current else {
                throw .invalidChain(eventType: eventType, reason: "no upcaster from v\(version)")
            }
            return path
        }
        guard target >= 1, target <= current else { throw .unknownVersion(eventType: eventType, version: target) }
        if target < version { return try downcastPath(for: eventType, from: version, to: target) }
        var taken: [Upcaster] = []
        var reached = version
        for upcaster in path where reached < target {
            guard upcaster.keepsOneEvent else {
                throw .invalidChain(eventType: eventType, reason: "the upcaster from v\(reached) \(upcaster.shapeChange) before v\(target)")
            }
            guard upcaster.toVersion <= target else {
                throw .invalidChain(eventType: eventType, reason: "the upcaster from v\(reached) goes past v\(target) to v\(upcaster.toVersion)")
            }
            taken.append(upcaster)
            reached = upcaster.toVersion
        }
        guard reached == target else { throw .invalidChain(eventType: eventType, reason: "no upcaster from v\(reached)") }
        return taken
    }

    /// The downcasters that take `eventType` from `version` down to the older `target`, in order
    /// (`3-to-2`, then `2-to-1`).
    ///
    /// - Throws: ``UpcastingError/invalidChain(eventType:reason:)`` naming the downcaster file missing.
    public func downcastPath(for eventType: String, from version: Int, to target: Int) throws(UpcastingError) -> [Upcaster] {
        var taken: [Upcaster] = []
        var reached = version
        while reached > target {
            guard let next = downcasters[EventVersion(eventType, reached)] else {
                throw .invalidChain(eventType: eventType, reason: "no downcaster from v\(reached), so v\(version) events cannot be read as v\(target); "
                                    + "add \(eventType)/\(reached)-to-\(reached - 1).yaml")
            }
            taken.append(next)
            reached = next.toVersion
        }
        return taken
    }

    /// Upcasts `payload` of `eventType` from `version` to `target` (default: current), in place,
    /// when every upcaster on the way keeps one event of the same type. A `target` older than
    /// `version` downcasts it through the downcasters (``downcastPath(for:from:to:)``).
    ///
    /// - Returns: the version reached.
    /// - Throws: ``UpcastingError/needsEventList(eventType:version:reason:)`` when an upcaster on
    ///   the way splits the event or renames its type; read it with ``upcast(_:)``.
    @discardableResult
    public func upcast(_ payload: inout JSONValue, eventType: String, from version: Int, to target: Int? = nil) throws(UpcastingError) -> Int {
        var reached = version
        for upcaster in try path(for: eventType, from: version, to: target) {
            guard upcaster.keepsOneEvent else {
                throw .needsEventList(eventType: eventType, version: reached, reason: "its upcaster \(upcaster.shapeChange)")
            }
            try upcaster.apply(to: &payload, swiftUpcasters: swiftUpcasters)
            reached = upcaster.toVersion
            try check(payload, at: EventVersion(eventType, reached), after: upcaster)
        }
        return reached
    }

    /// Upcasts `tree`, the payload of `eventType` at `version`, to the current version in place:
    /// the read path's upcast. Paths that need a `JSONValue` (a Swift step, a move or copy from a
    /// wildcard, validation of each step's output) run on one and come back as a tree.
    /// A payload of an event type the chain does not know is left as it is.
    ///
    /// - Throws: as ``upcast(_:eventType:from:to:)`` does, for the same payload.
    func upcastIfKnown(_ tree: inout PayloadTree, eventType: String, from version: Int, to target: Int? = nil) throws(UpcastingError) {
        var lastPlan: LastReadPlan?
        try upcastIfKnown(&tree, eventType: eventType, from: version, to: target, lastPlan: &lastPlan)
    }

    /// Upcasts `tree` as ``upcastIfKnown(_:eventType:from:to:)`` does, finding the event type's
    /// plan in `lastPlan` when it holds this chain's plan for the same type (a read of a stream,
    /// one event after another of a few types), and otherwise by a hashed lookup, which it keeps
    /// there for the next read.
    func upcastIfKnown(_ tree: inout PayloadTree, eventType: String, from version: Int, to target: Int? = nil,
                       lastPlan: inout LastReadPlan?) throws(UpcastingError) {
        let plan: ReadPlan
        // Read through the optional in place: binding the whole kept plan copies (and retains) all of it.
        if lastPlan?.plans === readPlans, lastPlan?.eventType == eventType, let last = lastPlan?.plan {
            plan = last
        } else {
            guard let found = readPlans.byType[eventType] else { return }
            plan = found
            lastPlan = LastReadPlan(plans: readPlans, eventType: eventType, plan: found)
        }
        if let target, target != plan.currentVersion {
            try convert(&tree, eventType: eventType, from: version, to: target)
            return
        }
        if targetSchemas.isEmpty, let program = plan.program(from: version) {
            try tree.run(program)
            return
        }
        guard version != plan.currentVersion, try !path(for: eventType, from: version).isEmpty else { return }
        var payload = tree.value
        try upcast(&payload, eventType: eventType, from: version)
        tree = PayloadTree(payload)
    }

    /// Whether ``upcastIfKnown(_:eventType:from:to:)`` takes a payload of `eventType` at `version`
    /// to its read version with the compiled steps alone, on the tree, as one event of the same
    /// type: true for a type without schemas (read as it is) and for a version already current.
    /// False where the path splits or renames, runs a Swift upcaster, checks its steps against the
    /// schemas, or starts past the current version: those events are read as `JSONValue`s.
    func upcastsOnTree(eventType: String, from version: Int, to target: Int?) -> Bool {
        guard let plan = readPlans.byType[eventType] else { return true }
        guard targetSchemas.isEmpty, target == nil || target == plan.currentVersion else { return false }
        return version == plan.currentVersion || plan.program(from: version) != nil
    }

    /// Takes `tree` from `version` to `target` of the same type, up or down: through a downcast
    /// path's compiled program when it has one, otherwise on a `JSONValue`.
    private func convert(_ tree: inout PayloadTree, eventType: String, from version: Int, to target: Int) throws(UpcastingError) {
        if targetSchemas.isEmpty, let program = downcastPrograms[DowncastRoute(node: EventVersion(eventType, version), target: target)] {
            try tree.run(program)
            return
        }
        guard try !path(for: eventType, from: version, to: target).isEmpty else { return }
        var payload = tree.value
        try upcast(&payload, eventType: eventType, from: version, to: target)
        tree = PayloadTree(payload)
    }

    /// Upcasts a stored event to the current version of its type, or of the types its upcasters
    /// rename or split it into. Every output keeps the stored event's metadata and position and
    /// gets its sub-index, in order from 0; an event already current comes back as it is.
    ///
    /// - Throws: ``UpcastingError`` naming the type, version, step and pointer.
    public func upcast(_ event: StoredEvent) throws(UpcastingError) -> [StoredEvent] {
        var outputs: [StoredEvent] = []
        try upcast(event, into: &outputs)
        if outputs.count > 1 {
            for index in outputs.indices { outputs[index].subIndex = index }
        }
        return outputs
    }

    private func upcast(_ event: StoredEvent, into outputs: inout [StoredEvent]) throws(UpcastingError) {
        var event = event
        for upcaster in try path(for: event.eventType, from: event.version) {
            if !upcaster.splits {
                try upcaster.apply(to: &event.payload, swiftUpcasters: swiftUpcasters)
                let target = upcaster.firstTarget
                try check(event.payload, at: target, after: upcaster)
                event.eventType = target.eventType
                event.version = target.version
                continue
            }
            for (target, payload) in try upcaster.outputs(from: event.payload, swiftUpcasters: swiftUpcasters) {
                try check(payload, at: target, after: upcaster)
                var part = event
                part.eventType = target.eventType
                part.version = target.version
                part.payload = payload
                try upcast(part, into: &outputs)
            }
            return
        }
        outputs.append(event)
    }

    /// Validates an upcaster's output against its target's schema, when step validation is on.
    private func check(_ payload: JSONValue, at target: EventVersion, after upcaster: Upcaster) throws(UpcastingError) {
        guard !targetSchemas.isEmpty, let schema = targetSchemas[target], let error = schema.validate(payload).errors.first else { return }
        throw .stepOutputInvalid(eventType: upcaster.eventType, fromVersion: upcaster.fromVersion, toVersion: target.version,
                                 file: upcaster.file, error: error)
    }

    /// Every upcaster of `eventType`, by starting version.
    public func upcasters(of eventType: String) -> [Upcaster] {
        upcasters.values.filter { $0.eventType == eventType }.sorted { $0.fromVersion < $1.fromVersion }
    }

    /// Every upcaster, by event type and starting version.
    public var allUpcasters: [Upcaster] {
        upcasters.sorted { $0.key < $1.key }.map(\.value)
    }

    /// Every downcaster of `eventType`, newest starting version first.
    public func downcasters(of eventType: String) -> [Upcaster] {
        downcasters.values.filter { $0.eventType == eventType }.sorted { $0.fromVersion > $1.fromVersion }
    }

    /// Every downcaster, by event type and starting version.
    public var allDowncasters: [Upcaster] {
        downcasters.sorted { $0.key < $1.key }.map(\.value)
    }

    /// Reads every upcaster file under `folder` (`<EventType>/<from>-to-<to>.yaml|json`) and
    /// checks the chains against the schemas of `schemas`; a version that no upcaster leaves is
    /// read as the next one when that one is BACKWARD compatible with it (``CompatibleVersions``).
    ///
    /// - Parameters:
    ///   - folder: the upcaster folder.
    ///   - schemas: the schema folder the chains lead through.
    ///   - eventTypes: load only these event types' upcasters and those of every type they
    ///     rename or split into, so a cycle through another type is still found (all when `nil`).
    ///   - policies: the compatibility policy of each event type (STRICT when not named).
    ///   - swiftUpcasters: the Swift upcasters that the files' `swift` steps name, by name.
    ///   - reader: reads the files, with its size limit.
    public init(folder: String, schemas: SchemaFolder, eventTypes: Set<String>? = nil,
                policies: [String: CompatibilityPolicy] = [:], swiftUpcasters: [String: SwiftUpcaster] = [:],
                reader: DocumentReader = DocumentReader()) throws(UpcastingError) {
        try self.init(folder: folder, schemas: try VersionedSchemas(folder: schemas, reader: reader), eventTypes: eventTypes,
                      policies: policies, swiftUpcasters: swiftUpcasters, reader: reader)
    }

    /// Reads the upcaster files under `folder` of `eventTypes` (all when `nil`) and of every type
    /// their upcasters write, directly or through other types' upcasters.
    ///
    /// Files of types outside that closure are not read, so a broken upcaster of an unrelated type
    /// does not stand in the way.
    ///
    /// - Returns: each upcaster with the document it was read from, by event type then file name.
    public static func load(folder: String, eventTypes: Set<String>?,
                            reader: DocumentReader = DocumentReader()) throws(UpcastingError) -> [(upcaster: Upcaster, document: JSONValue)] {
        var loaded: [(upcaster: Upcaster, document: JSONValue)] = []
        guard let eventTypes else {
            for file in try Upcaster.files(in: folder) { loaded.append(try Upcaster.load(file: file, reader: reader)) }
            return loaded
        }
        var seen = eventTypes
        var pending = eventTypes.sorted()
        while let type = pending.popLast() {
            for file in try Upcaster.files(in: folder, eventTypes: [type]) {
                let (upcaster, document) = try Upcaster.load(file: file, reader: reader)
                loaded.append((upcaster, document))
                for target in upcaster.targets where seen.insert(target.eventType).inserted { pending.append(target.eventType) }
            }
        }
        return loaded
    }

    /// `eventType` and every type its upcasters (among `upcasters`) rename or split it into,
    /// directly or through other types' upcasters.
    public static func reachableTypes(from eventType: String, through upcasters: [Upcaster]) -> Set<String> {
        var reachable: Set<String> = [eventType]
        var frontier = [eventType]
        while let next = frontier.popLast() {
            for upcaster in upcasters where upcaster.eventType == next {
                for target in upcaster.targets where reachable.insert(target.eventType).inserted { frontier.append(target.eventType) }
            }
        }
        return reachable
    }
}

/// A downcast path on the read path: from a node down to an older version of its type.
struct DowncastRoute: Hashable, Sendable {
    /// Where the path starts.
    var node: EventVersion
    /// The version it ends at.
    var target: Int
}

/// A chain's read plans, by event type: one object, shared by the chain's copies, whose identity
/// tells a ``LastReadPlan`` of this chain from one of another chain.
final class ReadPlans: Sendable {
    let byType: [String: ReadPlan]

    init(_ byType: [String: ReadPlan]) {
        self.byType = byType
    }
}

/// The plan a read found last, kept in ``ReadBuffers`` for the next read: valid for the chain
/// whose ``ReadPlans`` it holds (held strongly, so no other chain's plans can take their place in
/// memory) and the event type it names.
struct LastReadPlan {
    let plans: ReadPlans
    let eventType: String
    let plan: ReadPlan
}

/// What the read path needs of one event type: its current version, and the compiled program of
/// the path from each stored version that has one (see ``TreeProgram``).
struct ReadPlan: Sendable {
    /// The type's current version.
    let currentVersion: Int
    /// The program from each version, at that version's position; `nil` where the path from a
    /// version does not run on a tree, or there is none.
    var programs: [TreeProgram?]

    /// A plan for a type at `currentVersion`, with no program yet.
    init(currentVersion: Int) {
        self.currentVersion = currentVersion
        programs = Array(repeating: nil, count: max(currentVersion, 0) + 1)
    }

    /// The program that takes a payload from `version` to the current version, if there is one.
    func program(from version: Int) -> TreeProgram? {
        programs.indices.contains(version) ? programs[version] : nil
    }
}

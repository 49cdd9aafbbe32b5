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
    private let steps: [String: [Int: Upcaster]]
    private let swiftUpcasters: [String: SwiftUpcaster]
    /// Schemas each upcaster's output is checked against, when step validation is on.
    private var targetSchemas: [String: [Int: JSONSchema]] = [:]

    /// Whether each upcaster's output is validated against its target version's schema.
    public var validatesSteps: Bool { !targetSchemas.isEmpty }

    /// This chain, validating each upcaster's output against its target version's schema in
    /// `schemas` (format asserted), so a wrong upcaster is caught with its step named.
    ///
    /// Catalogs turn this on by default in debug builds; it costs a validation per step.
    public func validatingSteps(against schemas: SchemaFolder) throws(UpcastingError) -> UpcasterChain {
        var chain = self
        for (eventType, table) in steps {
            for upcaster in table.values {
                guard let file = schemas.schemas.first(where: { $0.eventType == eventType && $0.version == upcaster.toVersion }) else { continue }
                chain.targetSchemas[eventType, default: [:]][upcaster.toVersion] = try schemas.compile(file, options: JSONSchema.Options(assertsFormat: true))
            }
        }
        return chain
    }

    /// Builds and checks the chains.
    ///
    /// - Throws: ``UpcastingError/invalidChain(eventType:reason:)`` or
    ///   ``UpcastingError/missingSwiftUpcaster(name:eventType:fromVersion:)``.
    public init(upcasters: [Upcaster], currentVersions: [String: Int], swiftUpcasters: [String: SwiftUpcaster] = [:]) throws(UpcastingError) {
        var steps: [String: [Int: Upcaster]] = [:]
        for upcaster in upcasters {
            guard upcaster.toVersion > upcaster.fromVersion else {
                throw .invalidChain(eventType: upcaster.eventType, reason: "an upcaster from v\(upcaster.fromVersion) to v\(upcaster.toVersion) goes backwards")
            }
            if let existing = steps[upcaster.eventType]?[upcaster.fromVersion] {
                throw .invalidChain(eventType: upcaster.eventType,
                                    reason: "two upcasters start at v\(upcaster.fromVersion): to v\(existing.toVersion) and to v\(upcaster.toVersion)")
            }
            guard let current = currentVersions[upcaster.eventType] else {
                throw .invalidChain(eventType: upcaster.eventType, reason: "there is no schema for this event type")
            }
            guard upcaster.toVersion <= current else {
                throw .invalidChain(eventType: upcaster.eventType, reason: "an upcaster goes to v\(upcaster.toVersion), beyond the current v\(current)")
            }
            for case .swift(let name) in upcaster.steps where swiftUpcasters[name] == nil {
                throw .missingSwiftUpcaster(name: name, eventType: upcaster.eventType, fromVersion: upcaster.fromVersion)
            }
            steps[upcaster.eventType, default: [:]][upcaster.fromVersion] = upcaster
        }
        // Every version that has upcasters must reach the current version without a gap.
        for (eventType, table) in steps {
            let current = currentVersions[eventType]!
            for start in table.keys {
                var version = start
                while version < current {
                    guard let next = table[version] else {
                        throw .invalidChain(eventType: eventType, reason: "no upcaster from v\(version), so v\(start) events cannot reach v\(current)")
                    }
                    version = next.toVersion
                }
            }
        }
        self.steps = steps
        self.currentVersions = currentVersions
        self.swiftUpcasters = swiftUpcasters
    }

    /// The upcasters that take `eventType` from `version` to `target` (default: current), in order.
    public func path(for eventType: String, from version: Int, to target: Int? = nil) throws(UpcastingError) -> [Upcaster] {
        guard let current = currentVersions[eventType] else { throw .invalidChain(eventType: eventType, reason: "unknown event type") }
        let goal = target ?? current
        guard version >= 1, version <= current else { throw .unknownVersion(eventType: eventType, version: version) }
        guard goal >= version, goal <= current else { throw .unknownVersion(eventType: eventType, version: goal) }
        var path: [Upcaster] = []
        var reached = version
        while reached < goal {
            guard let next = steps[eventType]?[reached] else {
                throw .invalidChain(eventType: eventType, reason: "no upcaster from v\(reached)")
            }
            guard next.toVersion <= goal else {
                throw .invalidChain(eventType: eventType, reason: "the upcaster from v\(reached) goes past v\(goal) to v\(next.toVersion)")
            }
            path.append(next)
            reached = next.toVersion
        }
        return path
    }

    /// Upcasts `payload` of `eventType` from `version` to `target` (default: current).
    ///
    /// - Returns: the version reached.
    @discardableResult
    public func upcast(_ payload: inout JSONValue, eventType: String, from version: Int, to target: Int? = nil) throws(UpcastingError) -> Int {
        var reached = version
        for upcaster in try path(for: eventType, from: version, to: target) {
            try upcaster.apply(to: &payload, swiftUpcasters: swiftUpcasters)
            reached = upcaster.toVersion
            if let schema = targetSchemas[eventType]?[upcaster.toVersion], let error = schema.validate(payload).errors.first {
                throw .stepOutputInvalid(eventType: eventType, fromVersion: upcaster.fromVersion, toVersion: upcaster.toVersion,
                                         file: upcaster.file, error: error)
            }
        }
        return reached
    }

    /// Every upcaster of `eventType`, by starting version.
    public func upcasters(of eventType: String) -> [Upcaster] {
        (steps[eventType] ?? [:]).values.sorted { $0.fromVersion < $1.fromVersion }
    }

    /// Reads every upcaster file under `folder` (`<EventType>/<from>-to-<to>.yaml|json`) and
    /// checks the chains against the current versions of `schemas`.
    ///
    /// - Parameter eventTypes: load only these event types' upcasters (all when `nil`).
    public init(folder: String, schemas: SchemaFolder, eventTypes: Set<String>? = nil,
                swiftUpcasters: [String: SwiftUpcaster] = [:], reader: DocumentReader = DocumentReader()) throws(UpcastingError) {
        var upcasters: [Upcaster] = []
        for file in Upcaster.files(in: folder, eventTypes: eventTypes) {
            upcasters.append(try Upcaster(file: file, reader: reader))
        }
        var current: [String: Int] = [:]
        for schema in schemas.schemas { current[schema.eventType] = max(current[schema.eventType] ?? 0, schema.version) }
        try self.init(upcasters: upcasters, currentVersions: current, swiftUpcasters: swiftUpcasters)
    }
}

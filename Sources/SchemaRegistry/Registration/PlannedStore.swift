import EventSchema
import Foundation

/// A registry as it would be after some writes, decided on a read snapshot and kept in memory.
///
/// A registration that takes time to decide (a whole folder, bridges to verify) runs against a
/// plan over a snapshot, so no other registration waits for it; the plan's writes are then
/// replayed in one short write transaction, after checking that the registry has not changed
/// (``SchemaRegistry/stamp(of:)``).
final class PlannedStore: SchemaStoreWriting {
    /// One write of the plan, in order.
    enum Write {
        /// A planned version, as the store will be asked to append it.
        case version(StoredVersion)
        case upcaster(StoredUpcaster)
    }

    private let base: any SchemaStoreReading
    private var newVersions: [StoredVersion] = []
    private var newUpcasters: [StoredUpcaster] = []
    /// The writes, in the order they were made.
    private(set) var writes: [Write] = []

    /// Whether the plan writes anything.
    var hasWrites: Bool { !writes.isEmpty }

    init(base: any SchemaStoreReading) {
        self.base = base
    }

    func eventTypes() throws(RegistryError) -> [String] {
        Set(try base.eventTypes() + newVersions.map(\.eventType)).sorted()
    }

    func versions(of eventType: String, includingDeleted: Bool) throws(RegistryError) -> [StoredVersion] {
        try base.versions(of: eventType, includingDeleted: includingDeleted) + newVersions.filter { $0.eventType == eventType }
    }

    func version(_ version: Int, of eventType: String) throws(RegistryError) -> StoredVersion? {
        try base.version(version, of: eventType) ?? newVersions.first { $0.eventType == eventType && $0.version == version }
    }

    func configuration(for eventType: String?) throws(RegistryError) -> CompatibilityConfiguration? {
        try base.configuration(for: eventType)
    }

    func referrers(of version: Int, of eventType: String) throws(RegistryError) -> [String] {
        let target = "\(eventType)/\(version)"
        return try base.referrers(of: version, of: eventType)
            + newVersions.filter { $0.references.contains(target) }.map { "\($0.eventType)/\($0.version)" }
    }

    func upcasters(of eventType: String?) throws(RegistryError) -> [StoredUpcaster] {
        try base.upcasters(of: eventType) + newUpcasters.filter { eventType == nil || $0.eventType == eventType }
    }

    func mode(for eventType: String?) throws(RegistryError) -> RegistryMode? {
        try base.mode(for: eventType)
    }

    func setMode(_ mode: RegistryMode?, for eventType: String?) throws(RegistryError) {
        throw .database(path: "plan", reason: "a planned registration does not change modes")
    }

    func versions(withSchemaID schemaID: Int) throws(RegistryError) -> [StoredVersion] {
        // A planned version has no id until the replay stores it.
        try base.versions(withSchemaID: schemaID)
    }

    func appendVersion(of eventType: String, document: JSONValue, fingerprint: String, references: [String],
                       namedReferences: [SchemaReference]) throws(RegistryError) -> StoredVersion {
        let next = (try versions(of: eventType, includingDeleted: true).last?.version ?? 0) + 1
        // The schema id and time are the store's to give; the replay returns the stored version.
        let planned = StoredVersion(eventType: eventType, version: next, schemaID: 0, fingerprint: fingerprint, document: document,
                                    isDeleted: false, registeredAt: "", references: references, namedReferences: namedReferences)
        newVersions.append(planned)
        writes.append(.version(planned))
        return planned
    }

    func insertUpcaster(_ upcaster: StoredUpcaster) throws(RegistryError) {
        newUpcasters.append(upcaster)
        writes.append(.upcaster(upcaster))
    }

    func setConfiguration(_ configuration: CompatibilityConfiguration, for eventType: String?) throws(RegistryError) {
        throw .database(path: "plan", reason: "a planned registration does not change configurations")
    }

    func setDeleted(_ deleted: Bool, version: Int, of eventType: String) throws(RegistryError) {
        throw .database(path: "plan", reason: "a planned registration does not delete versions")
    }

    func removeVersion(_ version: Int, of eventType: String) throws(RegistryError) {
        throw .database(path: "plan", reason: "a planned registration does not delete versions")
    }

    func removeConfiguration(for eventType: String?) throws(RegistryError) {
        throw .database(path: "plan", reason: "a planned registration does not change configurations")
    }

    func importVersion(_ version: StoredVersion) throws(RegistryError) {
        throw .database(path: "plan", reason: "a planned registration does not import versions")
    }

    /// Replays the writes into `store` and returns `registrations` with the stored versions in
    /// place of the planned ones.
    func replay(_ registrations: [SchemaRegistry.Registration], into store: any SchemaStoreWriting) throws(RegistryError) -> [SchemaRegistry.Registration] {
        var stored: [String: StoredVersion] = [:]
        for write in writes {
            switch write {
            case .version(let planned):
                let version = try store.appendVersion(of: planned.eventType, document: planned.document, fingerprint: planned.fingerprint,
                                                      references: planned.references, namedReferences: planned.namedReferences)
                stored["\(planned.eventType)/\(version.version)"] = version
            case .upcaster(let upcaster):
                try store.insertUpcaster(upcaster)
            }
        }
        var replayed = registrations
        for (index, registration) in replayed.enumerated() where registration.isNew {
            let key = "\(registration.version.eventType)/\(registration.version.version)"
            guard let version = stored[key] else {
                throw .database(path: "plan", reason: "\(key) was planned but not stored")
            }
            replayed[index].version = version
        }
        return replayed
    }
}

extension SchemaRegistry {
    /// Decides a registration on a read snapshot and stores it in a short write.
    ///
    /// `decide` runs against a ``PlannedStore`` over a snapshot, so no other registration waits for
    /// it; its writes are then replayed (by `replay`) in one write transaction if the registry's
    /// ``stamp(of:)`` is unchanged. When another write got there first it decides again, up to three
    /// times, and then inside the write, so a steady stream of other writes cannot starve it.
    func decideOnSnapshot<Outcome>(
        _ decide: (any SchemaStoreWriting) throws(RegistryError) -> Outcome,
        replay: (PlannedStore, Outcome, any SchemaStoreWriting) throws(RegistryError) -> Outcome
    ) throws(RegistryError) -> Outcome {
        for _ in 0..<3 {
            let decision = try store.read { reader throws(RegistryError) in
                let plan = PlannedStore(base: reader)
                return (outcome: try decide(plan), plan: plan, stamp: try Self.stamp(of: reader))
            }
            guard decision.plan.hasWrites else { return decision.outcome }
            let committed: Outcome? = try store.write { store throws(RegistryError) in
                guard try Self.stamp(of: store) == decision.stamp else { return nil }
                return try replay(decision.plan, decision.outcome, store)
            }
            if let committed { return committed }
        }
        return try store.write { store throws(RegistryError) in try decide(store) }
    }

    /// Everything a registration's decision can rest on, in a form to compare: every version of every
    /// type (with its fingerprint and whether it is deleted), every configuration, every upcaster.
    static func stamp(of reader: any SchemaStoreReading) throws(RegistryError) -> [String] {
        var stamp: [String] = []
        for type in try reader.eventTypes() {
            for version in try reader.versions(of: type, includingDeleted: true) {
                stamp.append("\(type)/\(version.version):\(version.fingerprint):\(version.isDeleted)")
            }
            if let configuration = try reader.configuration(for: type) {
                stamp.append("\(type):\(configuration.mode.rawValue):\(configuration.policy.rawValue)")
            }
        }
        if let configuration = try reader.configuration(for: nil) {
            stamp.append("default:\(configuration.mode.rawValue):\(configuration.policy.rawValue)")
        }
        for upcaster in try reader.upcasters(of: nil) {
            stamp.append("\(upcaster.eventType)/\(upcaster.fromVersion)->\(upcaster.toVersion):\(upcaster.fingerprint)")
        }
        return stamp
    }
}

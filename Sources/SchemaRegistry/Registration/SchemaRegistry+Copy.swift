import EventSchema

extension SchemaRegistry {
    /// What ``SchemaRegistry/copy(into:targetName:)`` copied.
    public struct CopySummary: Sendable, Equatable {
        /// Versions copied, deleted ones included.
        public var versions: Int
        /// Distinct schema ids among them.
        public var schemaIDs: Int
        /// Configurations copied (the default's and each type's own).
        public var configurations: Int
        /// Upcaster files copied.
        public var upcasters: Int
    }

    /// Copies everything this registry holds into `target`, which must be empty: every version
    /// with its number, schema id, fingerprint, deleted flag, time and references, every
    /// configuration and every upcaster, in one write transaction on `target` (all or nothing).
    /// Moving a SQLite registry into PostgreSQL is `strata-server copy`.
    ///
    /// - Throws: ``RegistryError/notEmpty(path:)`` when `target` has any event type; the stores' errors.
    @discardableResult
    public func copy(into target: SchemaRegistry, targetName: String) throws(RegistryError) -> CopySummary {
        let content = try store.read { reader throws(RegistryError) in
            var versions: [StoredVersion] = []
            var configurations: [(String?, CompatibilityConfiguration)] = []
            if let global = try reader.configuration(for: nil) { configurations.append((nil, global)) }
            for type in try reader.eventTypes() {
                versions += try reader.versions(of: type, includingDeleted: true)
                if let own = try reader.configuration(for: type) { configurations.append((type, own)) }
            }
            return (versions: versions, configurations: configurations, upcasters: try reader.upcasters(of: nil))
        }
        try target.store.write { store throws(RegistryError) in
            guard try store.eventTypes().isEmpty, try store.upcasters(of: nil).isEmpty else { throw .notEmpty(path: targetName) }
            // Referenced versions first: a version's references point at versions already copied.
            let byID = content.versions.sorted { ($0.schemaID, $0.eventType, $0.version) < ($1.schemaID, $1.eventType, $1.version) }
            var copied = Set<String>()
            var pending = byID
            while !pending.isEmpty {
                let ready = pending.filter { $0.references.allSatisfy(copied.contains) }
                guard !ready.isEmpty else { throw .database(path: targetName, reason: "the source's references form a cycle") }
                for version in ready {
                    try store.importVersion(version)
                    copied.insert("\(version.eventType)/\(version.version)")
                }
                pending.removeAll { copied.contains("\($0.eventType)/\($0.version)") }
            }
            for (type, configuration) in content.configurations { try store.setConfiguration(configuration, for: type) }
            for upcaster in content.upcasters { try store.insertUpcaster(upcaster) }
        }
        return CopySummary(versions: content.versions.count, schemaIDs: Set(content.versions.map(\.schemaID)).count,
                           configurations: content.configurations.count, upcasters: content.upcasters.count)
    }
}

import EventSchema
import Foundation

extension SchemaRegistry {
    /// The mode in force for `eventType` (its own, else the registry's, else READWRITE), or the
    /// registry's when `eventType` is `nil`.
    public func mode(for eventType: String?) throws(RegistryError) -> RegistryMode {
        try store.read { reader throws(RegistryError) in try Self.effectiveMode(eventType, reader) }
    }

    /// The mode set on `eventType` itself (the registry's own when `nil`), if any.
    public func ownMode(for eventType: String?) throws(RegistryError) -> RegistryMode? {
        try store.read { reader throws(RegistryError) in try reader.mode(for: eventType) }
    }

    /// Sets the mode of `eventType` (the registry's when `nil`); `nil` removes it and returns the
    /// one it had.
    @discardableResult
    public func setMode(_ mode: RegistryMode?, for eventType: String?) throws(RegistryError) -> RegistryMode? {
        if let eventType { try Self.checkName(eventType) }
        return try store.write { store throws(RegistryError) in
            let previous = try store.mode(for: eventType)
            try store.setMode(mode, for: eventType)
            return previous
        }
    }

    /// `references` with each version checked as a registration checks them: registered and live,
    /// and `-1` replaced by the newest live version's number.
    ///
    /// - Throws: ``RegistryError/unknownReference(eventType:reference:)`` naming the first that is not.
    public func resolvedReferences(_ references: [SchemaReference], of eventType: String) throws(RegistryError) -> [SchemaReference] {
        try store.read { reader throws(RegistryError) in try Self.resolve(references, of: eventType, in: reader) }
    }

    /// Registers `document` under `eventType` with the schema id (and version) it has in another
    /// registry, as Confluent's IMPORT mode does: the schema is checked against its meta-schema and
    /// its references (and `references` by name) resolved, but not compared with earlier versions.
    ///
    /// - Throws: ``RegistryError/modeForbids(eventType:mode:operation:)`` outside IMPORT mode;
    ///   ``RegistryError/schemaIDTaken(id:eventType:)`` when `schemaID` names another schema;
    ///   ``RegistryError/conflictsWithRegistry(eventType:version:reason:)`` when `version` is taken;
    ///   ``RegistryError/unknownReference(eventType:reference:)``.
    @discardableResult
    public func importSchema(_ document: JSONValue, as eventType: String, references: [SchemaReference] = [], schemaID: Int,
                             version: Int?) throws(RegistryError) -> StoredVersion {
        try Self.checkName(eventType)
        return try store.write { store throws(RegistryError) in
            let mode = try Self.effectiveMode(eventType, store)
            guard mode == .import else { throw .modeForbids(eventType: eventType, mode: mode, operation: "registering with a schema id") }
            let all = try store.versions(of: eventType, includingDeleted: true)
            let number = version ?? (all.last?.version ?? 0) + 1
            guard number >= 1 else { throw .conflictsWithRegistry(eventType: eventType, version: number, reason: "versions start at 1") }
            let named = try Self.resolve(references, of: eventType, in: store)
            let resolver = RegistryResolver(reader: store)
            do throws(SchemaError) {
                _ = try JSONSchema(document.resolvingNamedReferences(named), baseURI: RegistryURI.uri(eventType: eventType, version: number), resolver: resolver)
            } catch {
                if case .unresolvedReference(_, let pointer, let reference) = error, !resolver.missing.isEmpty {
                    throw .unregisteredReference(eventType: eventType, reference: reference, pointer: pointer)
                }
                throw .schema(error)
            }
            let fingerprint = SchemaReference.fingerprint(of: document, references: named)
            if let holder = try store.versions(withSchemaID: schemaID).first, holder.fingerprint != fingerprint {
                throw .schemaIDTaken(id: schemaID, eventType: eventType)
            }
            if let existing = all.first(where: { $0.schemaID == schemaID && !$0.isDeleted && (version == nil || $0.version == version) }) {
                return existing
            }
            guard !all.contains(where: { $0.version == number }) else {
                throw .conflictsWithRegistry(eventType: eventType, version: number, reason: "the version is registered already")
            }
            try store.importVersion(StoredVersion(eventType: eventType, version: number, schemaID: schemaID, fingerprint: fingerprint,
                                                  document: document, isDeleted: false,
                                                  registeredAt: StoredVersion.registrationTime(),
                                                  references: resolver.used.union(named.map { "\($0.eventType)/\($0.version)" }).sorted(),
                                                  namedReferences: named))
            guard let stored = try store.version(number, of: eventType) else { throw .unknownVersion(eventType: eventType, version: number) }
            return stored
        }
    }
}

import EventSchema
import EventUpcasting

extension SchemaRegistry {
    /// Registers upcaster files, as `strata sync Schemas Upcasters` registers them, in one
    /// transaction: an identical file already registered is left as it is (``SchemaRegistry/SyncResult/unchangedUpcasters``),
    /// a different one with the same start is a conflict, and the new ones must form, with those
    /// registered, the chains a catalog accepts.
    ///
    /// - Returns: the sync result, with no schema registrations.
    /// - Throws: ``RegistryError/conflictsWithRegistry(eventType:version:reason:)`` for a changed
    ///   file; ``RegistryError/folder(_:)`` naming the files of a chain a catalog would refuse.
    public func registerUpcasters(_ files: [(upcaster: Upcaster, document: JSONValue)]) throws(RegistryError) -> SyncResult {
        try store.write { store throws(RegistryError) in
            var result = SyncResult(registrations: [], newUpcasters: [], unchangedUpcasters: [])
            try Self.register(files, in: store, into: &result)
            return result
        }
    }
}

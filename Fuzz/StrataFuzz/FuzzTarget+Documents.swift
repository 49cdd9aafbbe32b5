import EventSchema
import EventUpcasting
import SchemaRegistry

extension FuzzTarget {
    /// What `strata --registry URL` and `Catalog(bundleDocument:)` read from a server: a registry
    /// snapshot (`GET /strata/v1/snapshot`) and a bundle document (`GET /strata/v1/bundle`). Either
    /// one is refused with a typed error or read into a value whose JSON reads back to the same
    /// value; a bundle document never names a file outside its folder.
    static func registryDocuments(_ bytes: [UInt8]) {
        if let value = try? JSONValue(parsing: bytes), let snapshot = try? RegistrySnapshot(json: value) {
            precondition((try? RegistrySnapshot(json: snapshot.json)) == snapshot, "a snapshot does not survive a round trip")
        }
        if let document = try? CatalogBundleDocument(parsing: bytes) {
            for path in document.files.keys {
                precondition(!path.hasPrefix("/") && !path.split(separator: "/").contains(".."), "a bundle file outside its folder: \(path)")
            }
            let again = try? CatalogBundleDocument(parsing: document.json.serializedBytes())
            precondition(again == document, "a bundle document does not survive a round trip")
        }
    }
}

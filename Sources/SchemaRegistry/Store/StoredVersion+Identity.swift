import EventSchema

extension StoredVersion {
    /// Whether `document` is this version's schema: the same `JSONValue.schemaIdentity`, so a
    /// file that differs from the registered document only in Strata's topology keywords
    /// (`x-context`, `x-producers`, `x-consumers`) is still this version.
    ///
    /// The registry keeps the document as first registered; the topology is read from the files.
    public func hasSameSchema(as document: JSONValue) -> Bool {
        schemaIdentity == document.schemaIdentity
    }

    /// This version's `JSONValue.schemaIdentity`: its fingerprint when the registered document
    /// has no topology keywords, as is the case for every version registered before they existed.
    public var schemaIdentity: String {
        document.hasTopologyAnnotations ? document.schemaIdentity : fingerprint
    }
}

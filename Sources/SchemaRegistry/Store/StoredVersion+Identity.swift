import EventSchema

extension StoredVersion {
    /// Whether `document` with `references` is this version's schema: the same
    /// `JSONValue.schemaIdentity` and the same references by name, so a file that differs from the
    /// registered document only in Strata's topology keywords (`x-context`, `x-producers`,
    /// `x-consumers`) is still this version, and the same text with other references is not.
    ///
    /// The registry keeps the document as first registered; the topology is read from the files.
    public func hasSameSchema(as document: JSONValue, references: [SchemaReference] = []) -> Bool {
        schemaIdentity == Self.schemaIdentity(of: document, references: references)
    }

    /// This version's identity: the fingerprint of its document without topology keywords, with
    /// its references by name; its fingerprint when the registered document has no topology
    /// keywords, as is the case for every version registered before they existed.
    public var schemaIdentity: String {
        document.hasTopologyAnnotations ? Self.schemaIdentity(of: document, references: namedReferences) : fingerprint
    }

    /// The identity of `document` with `references`, topology keywords set aside.
    static func schemaIdentity(of document: JSONValue, references: [SchemaReference]) -> String {
        references.isEmpty ? document.schemaIdentity
            : SchemaReference.fingerprint(of: document.removingTopologyAnnotations, references: references)
    }
}

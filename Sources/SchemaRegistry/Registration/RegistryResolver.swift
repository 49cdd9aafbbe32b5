import EventSchema
import Foundation

/// Resolves `strata:///Type/version.json` to registered schemas, recording what was used.
///
/// It reads through the transaction it was made in and is used only synchronously inside that
/// transaction, which is why it is `@unchecked Sendable`: the protocol asks for `Sendable`, but
/// this value never crosses a thread.
final class RegistryResolver: SchemaResolver, @unchecked Sendable {
    private let reader: any SchemaStoreReading
    /// Also resolve versions that are soft-deleted (reading old events needs them).
    private let includesDeleted: Bool
    /// The registered versions resolved, as `Type/version`.
    private(set) var used: Set<String> = []
    /// Registry URIs asked for that are not registered.
    private(set) var missing: [String] = []

    init(reader: any SchemaStoreReading, includesDeleted: Bool = true) {
        self.reader = reader
        self.includesDeleted = includesDeleted
    }

    func document(at uri: String) throws(SchemaError) -> JSONValue? {
        guard let (eventType, version) = RegistryURI.parse(uri) else { return nil }
        let stored: StoredVersion?
        do {
            stored = try reader.version(version, of: eventType)
        } catch {
            throw .resolverFailed(file: nil, reference: uri, reason: error.description)
        }
        guard let stored, includesDeleted || !stored.isDeleted else {
            missing.append(uri)
            return nil
        }
        used.insert("\(eventType)/\(version)")
        return stored.resolvedDocument
    }
}

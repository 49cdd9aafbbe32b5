import EventSchema
import Foundation

/// Parsed schema documents by fingerprint, for stores that keep documents as text.
///
/// A registered schema's document never changes, and a store keeps exactly one document per
/// fingerprint, so a parsed document can be reused by every later read: a registration that
/// compares a candidate with 50 earlier versions reads them (and parses them) several times. At
/// most ``capacity`` documents are kept; when full, all are dropped.
public final class StoredDocumentCache: @unchecked Sendable {
    /// How many documents are kept at most.
    public let capacity: Int
    private let lock = NSLock()
    private var documents: [String: JSONValue] = [:]

    /// Creates an empty cache.
    public init(capacity: Int = 4096) {
        self.capacity = capacity
    }

    /// The document stored as `text` under `fingerprint`, parsed once.
    ///
    /// - Throws: the parser's error when `text` is not JSON (nothing is kept then).
    public func document(fingerprint: String, text: String) throws(JSONSyntaxError) -> JSONValue {
        if let kept = lock.withLock({ documents[fingerprint] }) { return kept }
        let document = try JSONValue(parsing: text)
        lock.withLock {
            if documents.count >= capacity { documents.removeAll(keepingCapacity: true) }
            documents[fingerprint] = document
        }
        return document
    }
}

import EventSchema
import Foundation

/// The compatibility diff's models of registered versions, kept between registrations.
///
/// A registration under a transitive mode compares its candidate with every earlier version, and
/// reading a version into the diff's model (``SchemaDiff/Prepared``) costs more than comparing it:
/// kept, the next registration only compares. A model is a function of its version's document,
/// its base URI and the documents its references reach, so it is kept under the version's base
/// URI and fingerprint, and reused only while the resolver still supplies the same referenced
/// documents (a version that references nothing is reused as is). At most ``capacity`` models are
/// kept; when full, all are dropped.
public final class DiffModelCache: @unchecked Sendable {
    // Unchecked: `models` is only touched under `lock`; the models themselves are immutable and Sendable.

    /// How many models are kept at most.
    public let capacity: Int
    private let lock = NSLock()
    private var models: [String: SchemaDiff.Prepared] = [:]

    /// Creates an empty cache.
    public init(capacity: Int = 512) {
        self.capacity = capacity
    }

    /// How many models are kept now.
    public var count: Int { lock.withLock { models.count } }

    /// The diff's model of `version`, read once and then reused while the documents it references
    /// are unchanged.
    public func model(of version: StoredVersion, resolver: (any SchemaResolver)?) -> SchemaDiff.Prepared {
        let key = version.baseURI + " " + version.fingerprint
        if let kept = lock.withLock({ models[key] }), Self.isCurrent(kept, resolver: resolver) {
            return kept
        }
        let model = SchemaDiff.Prepared(version.resolvedDocument, baseURI: version.baseURI, resolver: resolver)
        lock.withLock {
            if models.count >= capacity { models.removeAll(keepingCapacity: true) }
            models[key] = model
        }
        return model
    }

    /// Whether `resolver` still supplies every document `model` was read with.
    private static func isCurrent(_ model: SchemaDiff.Prepared, resolver: (any SchemaResolver)?) -> Bool {
        let supplied = model.suppliedDocuments
        guard !supplied.isEmpty else { return true }
        guard let resolver else { return false }
        for (uri, document) in supplied {
            guard let current = try? resolver.document(at: uri), current == document else { return false }
        }
        return true
    }
}

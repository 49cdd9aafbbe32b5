import EventSchema
import Foundation

/// The compatibility diff's models of registered versions, kept between registrations.
///
/// A registration under a transitive mode compares its candidate with every earlier version, and
/// reading a version into the diff's model (`SchemaDiff.Prepared`) costs more than comparing it:
/// kept, the next registration only compares. A model is a function of its version's document,
/// its base URI and the documents its references reach, so it is kept under the version's base
/// URI and fingerprint, and reused only while the resolver still supplies the same referenced
/// documents (a version that references nothing is reused as is).
///
/// At most ``capacity`` models are kept (1,024 by default: the versions of a registry's busiest
/// types; a model of a 50-property schema takes some tens of kilobytes); when full, the quarter
/// used longest ago is dropped.
public final class DiffModelCache: @unchecked Sendable {
    // Unchecked: `models` and `clock` are only touched under `lock`; the models themselves are
    // immutable and Sendable.

    /// How many models are kept at most.
    public let capacity: Int
    private let lock = NSLock()
    private var models: [String: (model: SchemaDiff.Prepared, lastUse: UInt64)] = [:]
    /// Counts uses, to tell which models were used longest ago.
    private var clock: UInt64 = 0

    /// Creates an empty cache that keeps at most `capacity` models (at least one).
    public init(capacity: Int = 1024) {
        self.capacity = max(1, capacity)
    }

    /// How many models are kept now.
    public var count: Int { lock.withLock { models.count } }

    /// Whether a model of `version` is kept now.
    public func keeps(_ version: StoredVersion) -> Bool {
        let key = Self.key(of: version)
        return lock.withLock { models[key] != nil }
    }

    private static func key(of version: StoredVersion) -> String {
        version.baseURI + " " + version.fingerprint
    }

    /// The diff's model of `version`, read once and then reused while the documents it references
    /// are unchanged.
    public func model(of version: StoredVersion, resolver: (any SchemaResolver)?) -> SchemaDiff.Prepared {
        let key = Self.key(of: version)
        let kept = lock.withLock { () -> SchemaDiff.Prepared? in
            clock += 1
            models[key]?.lastUse = clock
            return models[key]?.model
        }
        if let kept, Self.isCurrent(kept, resolver: resolver) { return kept }
        let model = SchemaDiff.Prepared(version.resolvedDocument, baseURI: version.baseURI, resolver: resolver)
        lock.withLock {
            if models[key] == nil, models.count >= capacity { dropLeastRecentlyUsed() }
            clock += 1
            models[key] = (model, clock)
        }
        return model
    }

    /// Drops the quarter of the models used longest ago (at least one). Called under `lock`.
    private func dropLeastRecentlyUsed() {
        let oldest = models.sorted { $0.value.lastUse < $1.value.lastUse }.prefix(max(1, models.count / 4))
        for (key, _) in oldest { models.removeValue(forKey: key) }
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

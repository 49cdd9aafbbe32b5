import EventSchema
import Foundation

/// Recent answers of `GET /schemas/ids/{id}` (with or without `?subject=`), the call every
/// consumer makes for every schema id it meets.
///
/// A schema's document never changes, but which subjects hold its id can (a registration under
/// another subject, a delete), so an answer is kept for ``lifetime`` only, and this server's own
/// writes drop every kept answer at once. Another server on the same database is seen within
/// ``lifetime``. Only successful answers are kept, at most ``capacity`` of them.
final class LookupCache: @unchecked Sendable {
    /// How long an answer is kept.
    let lifetime: Duration
    /// How many answers are kept at most; when full, all are dropped.
    let capacity: Int
    private let lock = NSLock()
    private var answers: [String: (response: ConfluentResponse, expires: ContinuousClock.Instant)] = [:]

    init(lifetime: Duration, capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The key of a request the cache can answer, or `nil`.
    static func key(for request: ConfluentRequest) -> String? {
        guard request.method == "GET", request.segments.count == 3, request.segments[0] == "schemas",
              request.segments[1] == "ids" else { return nil }
        return request.segments[2] + "\u{0}" + (request.query["subject"] ?? "")
    }

    func answer(for request: ConfluentRequest) -> ConfluentResponse? {
        guard lifetime > .zero, let key = Self.key(for: request) else { return nil }
        let now = ContinuousClock.now
        return lock.withLock {
            guard let kept = answers[key] else { return nil }
            guard kept.expires > now else {
                answers[key] = nil
                return nil
            }
            return kept.response
        }
    }

    func keep(_ response: ConfluentResponse, for request: ConfluentRequest) {
        guard lifetime > .zero, response.status == 200, let key = Self.key(for: request) else { return }
        let encoded = ConfluentResponse(status: 200, body: .encoded(response.bytes), route: response.route)
        let expires = ContinuousClock.now + lifetime
        lock.withLock {
            if answers.count >= capacity { answers.removeAll(keepingCapacity: true) }
            answers[key] = (encoded, expires)
        }
    }

    func removeAll() {
        lock.withLock { answers.removeAll(keepingCapacity: true) }
    }
}

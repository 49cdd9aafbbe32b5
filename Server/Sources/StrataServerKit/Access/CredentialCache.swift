import Crypto
import Foundation

/// Basic credentials verified recently, so that a client that sends them with every request pays
/// bcrypt (slow on purpose: about a quarter of a second at cost 12) once per ``lifetime``, not per
/// request.
///
/// Entries are keyed by the SHA-256 of the whole `Authorization` header, so no password is kept;
/// only successful verifications are kept, at most ``capacity`` of them (when full, expired ones
/// are dropped, then all). Requests with the same header that arrive while it is being checked
/// wait for that one check (a client opening 32 connections at once costs one bcrypt, not 32).
final class CredentialCache: @unchecked Sendable {
    /// How long a verification is trusted.
    let lifetime: Duration
    /// How many verifications are kept at most.
    let capacity: Int
    private let lock = NSLock()
    private var entries: [SHA256Digest: (caller: Caller, expires: ContinuousClock.Instant)] = [:]
    private var checking: [SHA256Digest: Task<Caller?, Never>] = [:]

    init(lifetime: Duration, capacity: Int) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The key of a header.
    static func key(_ authorization: String) -> SHA256Digest {
        SHA256.hash(data: Data(authorization.utf8))
    }

    /// The caller verified for `key` within ``lifetime``, if any.
    func caller(for key: SHA256Digest) -> Caller? {
        let now = ContinuousClock.now
        return lock.withLock {
            guard let entry = entries[key] else { return nil }
            guard entry.expires > now else {
                entries[key] = nil
                return nil
            }
            return entry.caller
        }
    }

    /// The caller kept for `key`, or the one `check` finds (kept when found); concurrent calls for
    /// one key share one `check`.
    func caller(for key: SHA256Digest, checkingWith check: @escaping @Sendable () async -> Caller?) async -> Caller? {
        if let kept = caller(for: key) { return kept }
        let task = lock.withLock {
            if let running = checking[key] { return running }
            let task = Task { await check() }
            checking[key] = task
            return task
        }
        let found = await task.value
        // Kept before the check is forgotten, so that a caller finds one or the other.
        if let found { keep(found, for: key) }
        lock.withLock { if checking[key] == task { checking[key] = nil } }
        return found
    }

    /// Keeps a successful verification.
    func keep(_ caller: Caller, for key: SHA256Digest) {
        guard lifetime > .zero, capacity > 0 else { return }
        let now = ContinuousClock.now
        lock.withLock {
            if entries.count >= capacity { entries = entries.filter { $0.value.expires > now } }
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = (caller, now + lifetime)
        }
    }

    /// How many verifications are kept (tests).
    var count: Int { lock.withLock { entries.count } }
}

import Foundation
import NIOPosix

/// Runs blocking work on NIO's thread pool and waits for it at most a given time.
///
/// Work that is not done in time is not stopped (a thread cannot be stopped safely in the middle
/// of a store call): it finishes in the background within the registry's own bounds
/// (docs/limits.md) and its result is dropped; the caller has its answer already.
enum TimeLimit {
    /// How a limited run ended.
    enum Outcome<Value: Sendable>: Sendable {
        /// The work finished in time with this value.
        case finished(Value)
        /// The limit passed first; the work goes on in the background.
        case timedOut
        /// The thread pool is shutting down and did not run the work.
        case notRun
    }

    /// Runs `work` on `pool`, answering when it finishes or when `limit` has passed, whichever is first.
    static func run<Value: Sendable>(within limit: Duration, on pool: NIOThreadPool = .singleton,
                                     _ work: @escaping @Sendable () -> Value) async -> Outcome<Value> {
        await withCheckedContinuation { continuation in
            let answer = Answer(continuation)
            let timer = Task {
                try? await Task.sleep(for: limit)
                if !Task.isCancelled { answer.give(.timedOut) }
            }
            pool.submit { state in
                guard case .active = state else {
                    timer.cancel()
                    answer.give(.notRun)
                    return
                }
                let value = work()
                timer.cancel()
                answer.give(.finished(value))
            }
        }
    }

    /// The continuation, resumed by whichever of the work and the timer is first.
    private final class Answer<Value: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var continuation: CheckedContinuation<Outcome<Value>, Never>?

        init(_ continuation: CheckedContinuation<Outcome<Value>, Never>) {
            self.continuation = continuation
        }

        func give(_ outcome: Outcome<Value>) {
            let waiting = lock.withLock {
                defer { continuation = nil }
                return continuation
            }
            waiting?.resume(returning: outcome)
        }
    }
}

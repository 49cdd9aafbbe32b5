import Foundation

/// Runs deep recursion on a thread whose stack is large enough for it.
///
/// Evaluation, the compatibility diff and the diff's schema loader recurse once per level of
/// nesting, with frames of up to 15 KB a level in debug builds; a secondary thread on Apple
/// platforms has a 512 KB stack. So a recursion that reaches ``hopDepth`` levels continues on a
/// thread of its own with a ``stackSize`` stack, and the caller waits for it. Only schemas and
/// instances that deep pay for the thread; the levels beyond are bounded by
/// ``JSONSchema/maximumDepth``, which this stack holds many times over.
enum LargeStack {
    /// Levels of recursion that run on the caller's stack before continuing on a large one.
    static let hopDepth = 16
    /// The stack of the continuing thread: 64 MB of address space, touched only as far as used.
    static let stackSize = 64 << 20

    /// Runs `body` on a new thread with a ``stackSize`` stack and returns what it returns.
    ///
    /// - Complexity: the cost of starting a thread, then that of `body`.
    static func run<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        let outcome = withoutActuallyEscaping({ () -> Result<T, E> in
            do throws(E) { return .success(try body()) } catch { return .failure(error) }
        }) { escaping in
            let task = StackTask(escaping)
            let done = DispatchSemaphore(value: 0)
            let thread = Thread {
                task.run()
                done.signal()
            }
            thread.stackSize = stackSize
            thread.start()
            done.wait()
            return task.result!
        }
        return try outcome.get()
    }
}

/// A closure and its result, handed to one other thread while the caller waits for it.
///
/// The closure is released as soon as it has run, before the caller is told: it must not outlive
/// the `withoutActuallyEscaping` scope it came from.
private final class StackTask<T>: @unchecked Sendable {
    private var body: (() -> T)?
    private(set) var result: T?

    init(_ body: @escaping () -> T) { self.body = body }

    func run() {
        result = body?()
        body = nil
    }
}

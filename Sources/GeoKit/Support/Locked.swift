import Foundation

/// A value shared between threads, read and written only under a lock.
///
/// The lock is an `NSLock` (a pthread mutex) rather than `Synchronization.Mutex`: on Linux a contended
/// `Mutex` is handed over by the kernel (`FUTEX_LOCK_PI`) with no atomic access ThreadSanitizer can see,
/// so it reports the guarded value as raced (scripts/sanitize found one in the progress bar); pthread
/// mutexes are intercepted and understood. The cost is the same order for the short sections it guards
/// (progress counters, reductions per block).
public final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) { self.value = value }

    /// Runs `body` with the value, holding the lock.
    public func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

import Synchronization

/// Mutual exclusion for async code: one holder at a time, waiters served first come, first served.
///
/// A `Mutex` may not be held across a suspension point; a transaction whose body awaits needs a lock
/// that suspends its waiters instead of blocking their threads.
///
/// ```swift
/// let value = try await lock.withLock { try await transaction() }
/// ```
public final class AsyncMutex: Sendable {
    private struct State {
        var locked = false
        var waiters: [CheckedContinuation<Void, Never>] = []
        var head = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// Runs `body` while holding the lock.
    public func withLock<T, E: Error>(_ body: () async throws(E) -> T) async throws(E) -> T {
        await lock()
        defer { unlock() }
        return try await body()
    }

    /// Takes the lock if it is free; `false` (and nothing taken) when it is held.
    public func tryLock() -> Bool {
        state.withLock { state in
            guard !state.locked else { return false }
            state.locked = true
            return true
        }
    }

    /// Waits until the lock is free and takes it.
    public func lock() async {
        if tryLock() { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let handed = state.withLock { state in
                guard state.locked else {
                    state.locked = true
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if handed { continuation.resume() }
        }
    }

    /// Releases the lock, handing it straight to the longest waiter if there is one.
    public func unlock() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.head < state.waiters.count else {
                state.locked = false
                state.waiters.removeAll(keepingCapacity: true)
                state.head = 0
                return nil
            }
            let waiter = state.waiters[state.head]
            state.head += 1
            return waiter
        }
        next?.resume()
    }
}

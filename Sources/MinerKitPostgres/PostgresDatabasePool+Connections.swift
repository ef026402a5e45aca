import MinerKit
import PostgresNIO
import Synchronization

extension PostgresDatabasePool {
    /// Runs `body` on a pooled connection, waiting at most `wait` for one.
    ///
    /// PostgresNIO's pool holds a request until a connection frees up or can be opened, for as long as
    /// the database stays unreachable. A node serving HTTP must answer instead: past the wait the call
    /// fails with `.unavailable` (`database_unavailable`, 503 with `Retry-After`) and `body` never runs.
    /// Once `body` has started, this bound never interrupts it. `body` runs on the connection's event loop
    /// (``EventLoopTaskExecutor``), so awaiting a statement's reply costs no thread hop. A closed
    /// connection from the pool fails with ``PostgresFailure/retry(_:)`` before `body` runs.
    func withPooledConnection<T: Sendable>(waitingAtMost wait: Duration,
                                           _ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let race = LeaseRace()
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await self.client.withConnection { connection -> T? in
                    // The timer may have given up in the meantime: then `body` must not run, and the
                    // timer's `database_unavailable` is the answer (nil lets the group wait for it).
                    guard race.lease() else { return nil }
                    // PostgresNIO's pool can hand back a connection closed while it was out (the runner
                    // closes one a statement found lost); a statement sent on it would never complete.
                    guard !connection.isClosed else { throw PostgresFailure.retry("the pool handed out a closed connection") }
                    return try await withTaskExecutorPreference(EventLoopTaskExecutor(connection.eventLoop)) {
                        try await body(connection)
                    }
                }
            }
            group.addTask {
                try? await Task.sleep(for: wait)
                guard race.giveUp() else { return nil }
                throw MinerKitError(.unavailable, code: "database_unavailable",
                                    "no database connection came within \(wait.timeInterval) s: the database is unreachable or every connection is busy",
                                    retryAfter: 1)
            }
            // The first child to finish decides, except one that lost the race (nil): then the other's
            // outcome does. Leaving the group cancels a lease still waiting.
            while let next = try await group.next() {
                if let value = next {
                    group.cancelAll()
                    return value
                }
            }
            throw CancellationError()
        }
    }
}

/// A wait for a pooled connection, raced by the lease and a timer: exactly one of them wins.
private final class LeaseRace: Sendable {
    private let decided = Atomic<Bool>(false)

    /// The connection came first: `body` may run.
    func lease() -> Bool { decide() }

    /// The wait ran out first: the lease, when it comes, is handed back unused.
    func giveUp() -> Bool { decide() }

    private func decide() -> Bool {
        decided.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
    }
}

/// Carries a unit of work's body into the child task that runs it on a pooled connection.
///
/// `@unchecked Sendable` is safe here: the body runs in that one child task only, while the task that
/// owns it does nothing but wait for the child (so it is never called from two tasks at once), and it
/// does not outlive the call (`withoutActuallyEscaping` checks that).
struct UnitOfWorkBody<T>: @unchecked Sendable {
    let run: (PostgresTransaction) async throws -> T
}

import MinerKit
import PostgresNIO
import Synchronization

extension PostgresDatabasePool {
    /// Runs `body` on a pooled connection, waiting at most `wait` for one.
    ///
    /// PostgresNIO's pool holds a request until a connection frees up or can be opened, for as long as
    /// the database stays unreachable. A node serving HTTP must answer instead: past the wait the call
    /// fails with `.unavailable` (`database_unavailable`, 503 with `Retry-After`) and `body` never runs;
    /// so does it at once while the database is known to refuse connections, or when PostgresNIO's pool
    /// refuses the lease (its circuit breaker, open after a minute of failed connection attempts).
    /// Once `body` has started, this bound never interrupts it. `body` runs on the connection's event loop
    /// (``EventLoopTaskExecutor``), so awaiting a statement's reply costs no thread hop. A closed
    /// connection from the pool fails with ``PostgresFailure/retry(_:)`` before `body` runs.
    func withPooledConnection<T: Sendable>(waitingAtMost wait: Duration,
                                           _ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let slot = clients
        guard let client = slot.current() else { throw Self.unavailable("the database refuses connections") }
        let race = LeaseRace()
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                do {
                    return try await Self.lease(from: client, slot: slot, race: race, body)
                } catch where !(error is CancellationError) && race.giveUp() {
                    // The pool failed the lease itself: closed (renewed by the slot while this lease
                    // waited on it, unless the whole pool is closing) or refusing (circuit breaker).
                    if let error = error as? PSQLError, error.code == .poolClosed {
                        if slot.isClosed { throw error }
                        throw Self.unavailable("the database connection pool was renewed")
                    }
                    slot.reportUnreachable(waited: nil)
                    throw Self.unavailable("the connection pool gave up connecting to the database")
                }
            }
            group.addTask {
                do { try await Task.sleep(for: wait) } catch { return nil }
                guard race.giveUp() else { return nil }
                slot.reportUnreachable(waited: wait)
                throw Self.unavailable("no database connection came within \(wait.timeInterval) s: the database is unreachable or every connection is busy")
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

    /// Leases a connection from `client` and runs `body` on it, unless `race` was lost meanwhile (nil).
    private static func lease<T: Sendable>(from client: PostgresClient, slot: PostgresClientSlot, race: LeaseRace,
                                           _ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T? {
        try await client.withConnection { connection -> T? in
            // The timer may have given up in the meantime: then `body` must not run, and the
            // timer's `database_unavailable` is the answer (nil lets the group wait for it).
            guard race.lease() else { return nil }
            // PostgresNIO's pool can hand back a connection closed while it was out (the runner
            // closes one a statement found lost); a statement sent on it would never complete.
            guard !connection.isClosed else { throw PostgresFailure.retry("the pool handed out a closed connection") }
            return try await slot.counting {
                try await withTaskExecutorPreference(EventLoopTaskExecutor(connection.eventLoop)) {
                    try await body(connection)
                }
            }
        }
    }

    /// The answer when no connection can be had: 503 `database_unavailable`, try again in a second.
    static func unavailable(_ reason: String) -> MinerKitError {
        MinerKitError(.unavailable, code: "database_unavailable", reason, retryAfter: 1)
    }
}

/// A wait for a pooled connection, raced by the lease and a timer: exactly one of them wins.
private final class LeaseRace: Sendable {
    private let decided = Atomic<Bool>(false)

    /// The connection came first: `body` may run.
    func lease() -> Bool { decide() }

    /// The wait ran out, or the pool failed the lease, first: a connection that comes later is handed
    /// back unused, and an error `body` never saw is the pool's.
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

import Logging
import MinerKit
import PostgresNIO
import Synchronization

/// Group commit for a node's durable units of work: a unit that writes while other durable units are
/// running on the node commits without waiting for its WAL flush (`synchronous_commit` off, set in the
/// statement that sends its writes), then waits for one flush shared by every unit that committed so.
///
/// The flush is one statement that commits a transaction of its own synchronously. PostgreSQL writes its
/// WAL in order, so flushing that commit record flushes every commit before it. The statement also reports
/// what became of each waiting unit's transaction (`pg_xact_status`): if the server crashed between a
/// unit's commit and the flush, that transaction is gone and the unit runs again, as after a connection
/// lost during a synchronous `COMMIT`. A unit is acknowledged only once its flush is done, so what a client
/// was told is on disk. A unit alone on the node commits synchronously, as without group commit.
///
/// The first unit to wait leads: it runs the flush on its own connection for itself and every unit waiting
/// by then; units that commit during that flush wait for the next one, which the first of them leads.
final class PostgresGroupCommit: Sendable {
    private struct Waiter {
        var xid: String
        var turn: CheckedContinuation<Turn, any Error>
    }

    /// What a waiting unit is woken for.
    private enum Turn {
        case flushed(PostgresCommitOutcome)
        case lead
    }

    private struct State {
        var running = 0
        var flushing = false
        var waiting: [Waiter] = []
        var flushes = 0
    }

    private let state = Mutex(State())

    /// Counts a durable unit of work as running until the matching ``leave()``.
    func enter() { state.withLock { $0.running += 1 } }

    func leave() { state.withLock { $0.running -= 1 } }

    /// Whether another durable unit is running: then a unit's commit should join a shared flush.
    var othersRunning: Bool { state.withLock { $0.running > 1 } }

    /// How many shared flushes have run (for tests and benchmarks).
    var flushes: Int { state.withLock { $0.flushes } }

    /// Waits until transaction `xid`, committed without waiting for its flush, is on disk; what became of
    /// it. Runs the flush on `connection` when this unit leads.
    func awaitFlush(of xid: String, on connection: PostgresConnection, logger: Logger) async throws -> PostgresCommitOutcome {
        // Deciding to wait and joining the waiters happen under one lock, so a leader that finishes
        // meanwhile either sees this unit waiting or leaves the lead to it.
        let turn = try await withCheckedThrowingContinuation { turn in
            let leads = state.withLock { state -> Bool in
                guard state.flushing else {
                    state.flushing = true
                    return true
                }
                state.waiting.append(Waiter(xid: xid, turn: turn))
                return false
            }
            if leads { turn.resume(returning: .lead) }
        }
        if case .flushed(let outcome) = turn { return outcome }
        return try await lead(xid, on: connection, logger: logger)
    }

    /// Flushes for `xid` and every unit waiting now, wakes them, and hands the lead to the first unit
    /// that started waiting since.
    private func lead(_ xid: String, on connection: PostgresConnection, logger: Logger) async throws -> PostgresCommitOutcome {
        let batch = state.withLock { state in
            defer { state.waiting = [] }
            state.flushes += 1
            return state.waiting
        }
        let outcomes: Result<[String: PostgresCommitOutcome], any Error>
        do {
            outcomes = .success(try await Self.flush([xid] + batch.map(\.xid), on: connection, logger: logger))
        } catch {
            // A connection that failed a statement may be lost: the pool must not lend it again.
            try? await connection.close()
            outcomes = .failure(error)
        }
        state.withLock { state in
            if state.waiting.isEmpty {
                state.flushing = false
            } else {
                state.waiting.removeFirst().turn.resume(returning: .lead)
            }
        }
        for waiter in batch {
            waiter.turn.resume(with: outcomes.map { .flushed($0[waiter.xid] ?? .aborted) })
        }
        return try outcomes.get()[xid] ?? .aborted
    }

    /// Commits a transaction of its own synchronously, reading the status of `xids` in it. An id the
    /// server has not reached is one a crash took back: aborted.
    ///
    /// PostgreSQL flushes at commit only a transaction that wrote WAL (an id alone writes none), so the
    /// transaction writes a transactional logical-decoding message (`pg_logical_emit_message`: no table,
    /// any `wal_level`, executable by every role); flushing its commit record flushes all WAL before it.
    static func flush(_ xids: [String], on connection: PostgresConnection,
                      logger: Logger) async throws -> [String: PostgresCommitOutcome] {
        let result: EventLoopFuture<PostgresQueryResult> = connection.query("""
            SELECT x, CASE WHEN x::xid8 < flush.id THEN pg_xact_status(x::xid8) ELSE 'aborted' END
            FROM (SELECT pg_current_xact_id() AS id, pg_logical_emit_message(true, 'minerkit.group_commit', '')) AS flush,
                 unnest(\(xids)) AS x
            """, logger: logger)
        var outcomes: [String: PostgresCommitOutcome] = [:]
        for row in try await result.get().rows {
            let (xid, status) = try row.decode((String, String?).self)
            outcomes[xid] = status == "committed" ? .committed : .aborted
        }
        return outcomes
    }
}

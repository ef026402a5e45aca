import Logging
import MinerKit
import PostgresNIO
import Synchronization

/// One open transaction on one connection, as a unit of work sees it.
///
/// Every statement goes through ``query(_:)``, which remembers the first failure: PostgreSQL refuses
/// everything after a failed statement until the rollback, and the runner must know it even when the
/// unit of work caught the error and carried on (a `COMMIT` would then silently roll back).
public struct PostgresTransaction: Sendable {
    let connection: PostgresConnection
    let logger: Logger
    /// Commits with `synchronous_commit` off (``CommitDurability/deferred``).
    let deferred: Bool
    private let failure = FirstFailure()
    private let learned = LearnedTransactionID()

    init(connection: PostgresConnection, logger: Logger, deferred: Bool = false) {
        self.connection = connection
        self.logger = logger
        self.deferred = deferred
    }

    /// Runs `query`: its rows and how many rows it changed. A retryable failure (serialization failure,
    /// deadlock, lost connection) throws an internal error the runner recognises; any other failure
    /// throws a ``MinerKitError``.
    @discardableResult
    public func query(_ query: PostgresQuery) async throws -> PostgresQueryResult {
        do {
            let result: EventLoopFuture<PostgresQueryResult> = connection.query(query, logger: logger)
            return try await result.get()
        } catch {
            let classified = PostgresFailure.classify(error)
            failure.record(classified, connectionLost: PostgresFailure.isConnectionLoss(error))
            switch classified {
            case .retry: throw classified
            case .fail(let error): throw error
            }
        }
    }

    /// Runs the write `query` (an `INSERT`, `UPDATE` or `DELETE` without a `RETURNING` clause) with
    /// `RETURNING pg_current_xact_id()` added, and keeps the id: the runner then commits without asking
    /// for it in a statement of its own (one round trip fewer per unit of work). In a deferred
    /// transaction the same clause turns `synchronous_commit` off, which the commit would otherwise also
    /// do in that statement. A write that matched no row returns nothing and teaches nothing: the commit
    /// then asks, as before. The result's row count is the statement's, as without the clause.
    @discardableResult
    public func write(learningTransactionID query: PostgresQuery) async throws -> PostgresQueryResult {
        let clause = deferred
            ? " RETURNING pg_current_xact_id()::text, set_config('synchronous_commit', 'off', true)"
            : " RETURNING pg_current_xact_id()::text"
        let result = try await self.query(PostgresQuery(unsafeSQL: query.sql + clause, binds: query.binds))
        if let id = try result.rows.first?.decode(String.self, context: .default) {
            learned.set(id)
        }
        return result
    }

    /// The transaction's id, when a write through ``write(learningTransactionID:)`` returned it.
    var learnedTransactionID: String? { learned.value }

    /// The first statement failure, if any.
    var firstFailure: PostgresFailure? { failure.value.first }

    /// Whether a statement found the connection gone (or going: the server ended the session).
    var connectionLost: Bool { failure.value.connectionLost }

    /// Closes the connection when a statement found it lost, so the pool drops it instead of lending it
    /// again (a statement sent on it would never complete); whether it did.
    @discardableResult
    func closeIfConnectionLost() async -> Bool {
        guard connectionLost else { return false }
        try? await connection.close()
        return true
    }
}

/// The transaction id a write returned, shared by the copies of its ``PostgresTransaction``.
private final class LearnedTransactionID: Sendable {
    private let id = Mutex<String?>(nil)

    var value: String? { id.withLock { $0 } }

    func set(_ value: String) { id.withLock { $0 = value } }
}

/// The first failure of a transaction, shared by the copies of its ``PostgresTransaction``.
private final class FirstFailure: Sendable {
    private let state = Mutex<(first: PostgresFailure?, connectionLost: Bool)>((nil, false))

    var value: (first: PostgresFailure?, connectionLost: Bool) { state.withLock { $0 } }

    func record(_ failure: PostgresFailure, connectionLost: Bool) {
        state.withLock {
            if $0.first == nil { $0.first = failure }
            $0.connectionLost = $0.connectionLost || connectionLost
        }
    }
}

import Logging
import MinerKit
import PostgresNIO
import Synchronization

/// One open transaction on one connection, as a unit of work sees it.
///
/// Every statement goes through ``query(_:)`` or ``write(_:)``, which remember the first failure:
/// PostgreSQL refuses everything after a failed statement until the rollback, and the runner must know it
/// even when the unit of work caught the error and carried on (a `COMMIT` would then silently roll back).
/// Writes are queued and sent together, in one statement, before the next read or the commit.
public struct PostgresTransaction: Sendable {
    let connection: PostgresConnection
    let logger: Logger
    /// Commits with `synchronous_commit` off (``CommitDurability/deferred``).
    let deferred: Bool
    private let failure = FirstFailure()
    private let learned = LearnedTransactionID()
    private let queue = QueuedWrites()

    init(connection: PostgresConnection, logger: Logger, deferred: Bool = false) {
        self.connection = connection
        self.logger = logger
        self.deferred = deferred
    }

    /// Runs `query`: its rows and how many rows it changed. Writes queued by ``write(_:)`` are sent
    /// first, so the statement sees them. A retryable failure (serialization failure, deadlock, lost
    /// connection) throws an internal error the runner recognises; any other failure throws a
    /// ``MinerKitError``.
    @discardableResult
    public func query(_ query: PostgresQuery) async throws -> PostgresQueryResult {
        try await flush()
        return try await run(query)
    }

    /// Queues `write` to go with the unit's next writes, in one statement (``PostgresWriteBatch``): the
    /// queue is sent before the unit's next read or other statement, with a write that returns results
    /// (``write(_:returning:results:decode:)``), or just before `COMMIT`, and the statement that sends it
    /// also returns the transaction id, so the commit need not ask for it. A write of a row already
    /// queued sends the queue first. `write.check` runs when the write has run; what it throws fails the
    /// unit of work (the runner rolls it back).
    public func write(_ write: PostgresWrite) async throws {
        try await makeRoom(for: write)
        queue.append(write)
    }

    /// Sends the queued writes and `write` in one statement, now, and decodes `results`: expressions
    /// over `write`'s `returning` columns (the member is named `written`) or over the tables as they were
    /// before the statement (its members do not see each other's changes).
    func write<T>(_ write: PostgresWrite, returning: String, results: String,
                  decode: (inout PostgresColumns) throws -> T) async throws -> T {
        try await makeRoom(for: write)
        let batch = PostgresWriteBatch(writes: queue.take(), carrier: .init(write: write, returning: returning, results: results),
                                       deferred: deferred)
        let result = try await send(batch)
        guard let row = result.rows.first else {
            throw MinerKitError(.storage, code: "database_error", "a write with results returned no row")
        }
        var columns = PostgresColumns(row, from: batch.resultsColumn)
        return try decode(&columns)
    }

    /// Sends the queued writes now, if there are any.
    public func flush() async throws {
        let writes = queue.take()
        guard !writes.isEmpty else { return }
        _ = try await send(PostgresWriteBatch(writes: writes, carrier: nil, deferred: deferred))
    }

    /// Sends the queue first when it holds a write of `write`'s row (one statement cannot change a row twice).
    private func makeRoom(for write: PostgresWrite) async throws {
        if let row = write.row, queue.holds(row) { try await flush() }
    }

    private func send(_ batch: PostgresWriteBatch) async throws -> PostgresQueryResult {
        let result = try await run(batch.query)
        if let id = try batch.settle(result) { learned.set(id) }
        return result
    }

    private func run(_ query: PostgresQuery) async throws -> PostgresQueryResult {
        queue.countSent()
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

    /// The statements the unit has sent plus the writes it has queued and not sent. From a moment the
    /// queue is empty (as after any read), every statement or queued write takes it above where it stood,
    /// so what was read then is still what the transaction holds while it stands there.
    var statementsSent: Int { queue.sentAndQueued }

    /// The transaction's id, when a write through ``write(_:)`` returned it.
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

/// The writes a unit of work has queued and not yet sent, and how many statements it sent, shared by the
/// copies of its ``PostgresTransaction``.
private final class QueuedWrites: Sendable {
    private let state = Mutex<(writes: [PostgresWrite], sent: Int)>(([], 0))

    var sentAndQueued: Int { state.withLock { $0.sent + $0.writes.count } }

    func holds(_ row: String) -> Bool { state.withLock { $0.writes.contains { $0.row == row } } }

    func append(_ write: PostgresWrite) { state.withLock { $0.writes.append(write) } }

    func take() -> [PostgresWrite] { state.withLock { state in defer { state.writes = [] }; return state.writes } }

    func countSent() { state.withLock { $0.sent += 1 } }
}

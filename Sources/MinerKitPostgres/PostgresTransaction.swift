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
/// Statements written as a ``PostgresFragment`` run prepared (``rows(_:)``); a `PostgresQuery` runs
/// unnamed, parsed and planned at every run.
public struct PostgresTransaction: Sendable {
    let connection: PostgresConnection
    let logger: Logger
    /// Commits with `synchronous_commit` off (``CommitDurability/deferred``).
    let deferred: Bool
    /// The node's group commit, for a durable unit that writes.
    private let group: PostgresGroupCommit?
    private let statements: PostgresStatementCache
    private let state = TransactionState()

    init(connection: PostgresConnection, logger: Logger, statements: PostgresStatementCache, deferred: Bool = false,
         group: PostgresGroupCommit? = nil) {
        self.connection = connection
        self.logger = logger
        self.statements = statements
        self.deferred = deferred
        self.group = group
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

    /// Runs `statement` as a prepared statement (PostgreSQL parses and plans it once per connection)
    /// and returns its rows. Writes queued by ``write(_:)`` are sent first; failures are reported as
    /// ``query(_:)`` reports them.
    public func rows(_ statement: PostgresFragment) async throws -> [PostgresRow] {
        try await flush()
        return try await run(statement.statement)
    }

    /// Queues `write` to go with the unit's next writes, in one statement (``PostgresWriteBatch``): the
    /// queue is sent before the unit's next read or other statement, with a write that returns results
    /// (``write(_:returning:results:decode:)``), or just before `COMMIT`, and the statement that sends it
    /// also returns the transaction id, so the commit need not ask for it. A write of a row already
    /// queued sends the queue first. `write.check` runs when the write has run; what it throws fails the
    /// unit of work (the runner rolls it back).
    public func write(_ write: PostgresWrite) async throws {
        try await makeRoom(for: write)
        state.append(write)
    }

    /// Sends the queued writes and `write` in one statement, now, and decodes `results`: expressions
    /// over `write`'s `returning` columns (the member is named `written`) or over the tables as they were
    /// before the statement (its members do not see each other's changes).
    func write<T>(_ write: PostgresWrite, returning: String, results: String,
                  decode: (inout PostgresColumns) throws -> T) async throws -> T {
        try await makeRoom(for: write)
        let batch = PostgresWriteBatch(writes: state.takeWrites(), carrier: .init(write: write, returning: returning, results: results),
                                       deferred: commitsUnflushed())
        let rows = try await send(batch)
        guard let row = rows.first else {
            throw MinerKitError(.storage, code: "database_error", "a write with results returned no row")
        }
        var columns = PostgresColumns(row, from: batch.resultsColumn)
        return try decode(&columns)
    }

    /// Sends the queued writes now, if there are any.
    public func flush() async throws {
        let writes = state.takeWrites()
        guard !writes.isEmpty else { return }
        _ = try await send(PostgresWriteBatch(writes: writes, carrier: nil, deferred: commitsUnflushed()))
    }

    /// Sends the queue first when it holds a write of `write`'s row (one statement cannot change a row twice).
    private func makeRoom(for write: PostgresWrite) async throws {
        if let row = write.row, state.holdsWrite(of: row) { try await flush() }
    }

    /// Whether the unit's writes turn `synchronous_commit` off: it is deferred, or it joins a group commit
    /// because other durable units are running (then it stays joined: the setting lasts to the commit).
    private func commitsUnflushed() -> Bool {
        if deferred { return true }
        guard let group, group.othersRunning else { return state.joinedGroup }
        state.joinGroup()
        return true
    }

    private func send(_ batch: PostgresWriteBatch) async throws -> [PostgresRow] {
        let rows = try await run(batch.statement.statement)
        if let id = try batch.settle(rows) { state.learn(id) }
        return rows
    }

    private func run(_ query: PostgresQuery) async throws -> PostgresQueryResult {
        state.countSent()
        do {
            let result: EventLoopFuture<PostgresQueryResult> = connection.query(query, logger: logger)
            return try await result.get()
        } catch {
            throw recorded(PostgresFailure.classify(error), unusable: PostgresFailure.isConnectionLoss(error))
        }
    }

    /// Runs `statement` prepared, unless the cache is off or full, or the transaction has failed: a
    /// statement PostgresNIO fails to prepare stays failed on that connection, so none is prepared in a
    /// transaction that can only fail.
    private func run(_ statement: PostgresStatement) async throws -> [PostgresRow] {
        guard firstFailure == nil, let name = statements.name(for: statement) else {
            return try await run(statement.query).rows
        }
        state.countSent()
        do {
            return try await PostgresStatementCache.run(statement, named: name, on: connection, logger: logger)
        } catch {
            // PostgresNIO keeps a failed preparation's error for the statement's name on this connection
            // (and PostgreSQL rejects a prepared plan a schema change made stale), so after any failure
            // but a constraint violation (which only running can raise) the connection is not used again.
            throw recorded(PostgresFailure.classifyPrepared(error),
                           unusable: !PostgresFailure.isConstraintViolation(error))
        }
    }

    /// Records `failure` as the transaction's (the first one wins) and returns the error to throw.
    private func recorded(_ failure: PostgresFailure, unusable: Bool) -> any Error {
        state.record(failure, connectionUnusable: unusable)
        switch failure {
        case .retry: return failure
        case .fail(let error): return error
        }
    }

    /// The statements the unit has sent plus the writes it has queued and not sent. From a moment the
    /// queue is empty (as after any read), every statement or queued write takes it above where it stood,
    /// so what was read then is still what the transaction holds while it stands there.
    var statementsSent: Int { state.statementsSentAndQueued }

    /// The transaction's id, when a write through ``write(_:)`` returned it.
    var learnedTransactionID: String? { state.learnedTransactionID }

    /// The group commit whose shared flush the unit waits for after its `COMMIT`, if it joined one.
    var joinedGroup: PostgresGroupCommit? { state.joinedGroup ? group : nil }

    /// The first statement failure, if any.
    var firstFailure: PostgresFailure? { state.failure.first }

    /// Whether a statement found the connection gone (or going: the server ended the session), or left
    /// it unfit to use again (a prepared statement failed).
    var connectionUnusable: Bool { state.failure.connectionUnusable }

    /// Closes the connection when a statement found it lost or left it unfit, so the pool drops it
    /// instead of lending it again (a statement sent on a lost one would never complete); whether it did.
    @discardableResult
    func closeIfConnectionUnusable() async -> Bool {
        guard connectionUnusable else { return false }
        try? await connection.close()
        return true
    }
}

/// What a transaction has learned and left to send, shared by the copies of its ``PostgresTransaction``:
/// its first failure, the id a write returned, whether it joined a group commit, and its queued writes
/// with the count of statements sent.
private final class TransactionState: Sendable {
    private struct Values {
        var firstFailure: PostgresFailure?
        var connectionUnusable = false
        var learnedTransactionID: String?
        var joinedGroup = false
        var writes: [PostgresWrite] = []
        var sent = 0
    }

    private let values = Mutex(Values())

    var failure: (first: PostgresFailure?, connectionUnusable: Bool) {
        values.withLock { ($0.firstFailure, $0.connectionUnusable) }
    }

    /// Keeps `failure` if it is the first, and marks the connection unusable if `connectionUnusable`.
    func record(_ failure: PostgresFailure, connectionUnusable: Bool) {
        values.withLock {
            if $0.firstFailure == nil { $0.firstFailure = failure }
            $0.connectionUnusable = $0.connectionUnusable || connectionUnusable
        }
    }

    var learnedTransactionID: String? { values.withLock { $0.learnedTransactionID } }

    func learn(_ id: String) { values.withLock { $0.learnedTransactionID = id } }

    var joinedGroup: Bool { values.withLock { $0.joinedGroup } }

    func joinGroup() { values.withLock { $0.joinedGroup = true } }

    var statementsSentAndQueued: Int { values.withLock { $0.sent + $0.writes.count } }

    func holdsWrite(of row: String) -> Bool { values.withLock { $0.writes.contains { $0.row == row } } }

    func append(_ write: PostgresWrite) { values.withLock { $0.writes.append(write) } }

    func takeWrites() -> [PostgresWrite] { values.withLock { state in defer { state.writes = [] }; return state.writes } }

    func countSent() { values.withLock { $0.sent += 1 } }
}

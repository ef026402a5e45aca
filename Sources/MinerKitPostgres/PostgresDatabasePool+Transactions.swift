import MinerKit
import PostgresNIO

extension PostgresDatabasePool {
    /// Runs `body` as one transaction and returns what it returned.
    ///
    /// Writes run at READ COMMITTED: a unit of work gets serializable behaviour by locking what it reads
    /// (`FOR UPDATE`, `SKIP LOCKED`, advisory locks), as ``PostgresStore`` does. Reads
    /// (`readOnly: true`) run at REPEATABLE READ, so every statement sees one snapshot.
    ///
    /// `body` may run more than once: again from the start after a serialization failure (40001), a
    /// deadlock (40P01) or a connection lost before `COMMIT` was acknowledged, up to
    /// ``PostgresRetryPolicy/attempts`` runs with jittered waits. It must have no effect outside the
    /// transaction. Any other error rolls back and reaches the caller: errors `body` throws unchanged,
    /// database errors as ``MinerKitError`` (unique and other integrity violations as `.conflict`).
    ///
    /// **A connection lost during `COMMIT`** leaves the outcome unknown to the client. Before committing,
    /// a transaction that wrote anything asks for its transaction id (`pg_current_xact_id_if_assigned`);
    /// after such a loss the runner asks the server on another connection (`pg_xact_status`) whether
    /// that id committed: if it did, `body`'s result is returned (it is what was committed); if it
    /// aborted, `body` runs again. So a unit of work takes effect exactly once. Only if the server
    /// cannot say (unreachable for ~5 s) does the call fail with `.unavailable`
    /// (`commit_outcome_unknown`), and the caller cannot know whether the change was made.
    ///
    /// A ``CommitDurability/deferred`` write commits with `synchronous_commit` off (set in the statement
    /// that fetches the transaction id, so it costs no round trip): acknowledged before its WAL flush. A
    /// durable write that runs while other durable units do joins their group commit
    /// (``PostgresGroupCommit``): it commits the same way, then is acknowledged once a flush it shares with
    /// them is done.
    /// Writes sent through ``PostgresTransaction/write(_:)`` return the id themselves, and then the commit
    /// sends no statement but `COMMIT`.
    public func transaction<T: Sendable>(readOnly: Bool = false, durability: CommitDurability = .durable,
                                         _ body: (PostgresTransaction) async throws -> T) async throws -> T {
        try await retrying { try await self.attempt(readOnly: readOnly, durability: durability, body) }
    }

    /// Runs one statement outside any transaction (autocommit), again after a lost connection. Only for
    /// statements that are idempotent on their own: the runner cannot tell whether a lost one committed.
    @discardableResult
    public func execute(_ query: PostgresQuery) async throws -> PostgresQueryResult {
        try await retrying {
            do {
                return try await self.withPooledConnection(waitingAtMost: self.connectionWait) { connection in
                    let statement = PostgresTransaction(connection: connection, logger: self.logger, statements: self.statements)
                    do {
                        return try await statement.query(query)
                    } catch {
                        await statement.closeIfConnectionUnusable()
                        throw error
                    }
                }
            } catch {
                throw PostgresFailure.classify(error)
            }
        }
    }

    // MARK: Running once

    /// Calls `run` until it succeeds, fails for good, or the retry budget is spent.
    private func retrying<T>(_ run: () async throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await run()
            } catch PostgresFailure.retry(let reason) {
                guard attempt < retryPolicy.attempts else {
                    throw MinerKitError(.unavailable, code: "database_retries_exhausted",
                                        "gave up after \(attempt) attempts; last: \(reason)", retryAfter: 1)
                }
                attempt += 1
                try await Task.sleep(for: retryPolicy.delay(before: attempt))
            } catch PostgresFailure.fail(let error) {
                throw error
            }
        }
    }

    /// One run of `body` in its own transaction. Throws ``PostgresFailure/retry(_:)`` when the run may be
    /// repeated; any other error is final.
    private func attempt<T: Sendable>(readOnly: Bool, durability: CommitDurability,
                                      _ body: (PostgresTransaction) async throws -> T) async throws -> T {
        try await withoutActuallyEscaping(body) { body in
            try await attempt(readOnly: readOnly, durability: durability, UnitOfWorkBody(run: body))
        }
    }

    private func attempt<T: Sendable>(readOnly: Bool, durability: CommitDurability,
                                      _ work: UnitOfWorkBody<T>) async throws -> T {
        let logger = self.logger
        let outcome: Result<T, any Error>
        do {
            outcome = try await withPooledConnection(waitingAtMost: connectionWait) { connection in
                let body = work.run
                let group = !readOnly && durability == .durable ? self.groupCommit : nil
                let transaction = PostgresTransaction(connection: connection, logger: logger, statements: self.statements,
                                                      deferred: !readOnly && durability == .deferred, group: group)
                group?.enter()
                defer { group?.leave() }
                do {
                    try await transaction.query(readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN")
                } catch {
                    await transaction.closeIfConnectionUnusable()
                    throw error
                }
                let value: T
                do {
                    value = try await body(transaction)
                    // Queued writes go before COMMIT (their statement also returns the transaction id).
                    try await transaction.flush()
                } catch {
                    await self.rollBack(transaction)
                    // A retryable statement failure wins even if `body` caught it and threw something else.
                    if case .retry(let reason)? = transaction.firstFailure { return .failure(PostgresFailure.retry(reason)) }
                    if case .retry(let reason) = PostgresFailure.classify(error) { return .failure(PostgresFailure.retry(reason)) }
                    return .failure(PostgresFailure.fail(error))
                }
                if let failure = transaction.firstFailure {
                    // `body` swallowed a failed statement: the transaction cannot commit.
                    await self.rollBack(transaction)
                    return .failure(failure)
                }
                return try await self.commit(transaction, value: value, readOnly: readOnly)
            }
        } catch {
            throw PostgresFailure.classify(error)
        }
        return try outcome.get()
    }

    private func commit<T: Sendable>(_ transaction: PostgresTransaction, value: T,
                                     readOnly: Bool) async throws -> Result<T, any Error> {
        // A job write may have returned the id already (and, deferred, turned synchronous_commit off with it).
        var xid = transaction.learnedTransactionID
        if !readOnly, xid == nil {
            xid = transaction.deferred
                ? try await transaction.query("""
                    SELECT pg_current_xact_id_if_assigned()::text, set_config('synchronous_commit', 'off', true)
                    """).rows.first?.decode((String?, String).self).0 ?? nil
                : try await transaction.query("SELECT pg_current_xact_id_if_assigned()::text").rows.first?.decode(String?.self) ?? nil
        }
        do {
            let result: EventLoopFuture<PostgresQueryResult> = transaction.connection.query("COMMIT", logger: logger)
            guard try await result.get().metadata.command == "COMMIT" else {
                return .failure(PostgresFailure.fail(MinerKitError(.storage, code: "commit_rolled_back",
                                                                   "the server rolled the transaction back at COMMIT")))
            }
            if let group = transaction.joinedGroup, let xid {
                return try await flushed(value, xid: xid, group: group, on: transaction.connection)
            }
            return .success(value)
        } catch let error where PostgresFailure.isConnectionLoss(error) {
            try? await transaction.connection.close()
            // Nothing written means nothing to lose; otherwise ask the server what became of the transaction.
            guard let xid else { return .success(value) }
            switch try await commitOutcome(of: xid) {
            case .committed:
                // A unit that joined a group commit committed without its flush: it still needs one.
                guard let group = transaction.joinedGroup else { return .success(value) }
                return try await flushed(value, xid: xid, group: group, on: nil)
            case .aborted: return .failure(PostgresFailure.retry("the connection was lost during COMMIT, which did not commit"))
            }
        } catch {
            return .failure(PostgresFailure.classify(error))
        }
    }

    /// `value` once transaction `xid`, committed without waiting for its flush in `group`, is on disk; a
    /// run again if a crash took it back. When the shared flush fails (or `connection` is gone), the unit
    /// flushes alone on a pooled connection; if that fails too, nobody can say whether the commit will
    /// last (`commit_outcome_unknown`).
    private func flushed<T: Sendable>(_ value: T, xid: String, group: PostgresGroupCommit,
                                      on connection: PostgresConnection?) async throws -> Result<T, any Error> {
        let outcome: PostgresCommitOutcome
        do {
            guard let connection else { throw PostgresFailure.retry("the unit's connection is gone") }
            outcome = try await group.awaitFlush(of: xid, on: connection, logger: logger)
        } catch {
            do {
                outcome = try await retrying {
                    do {
                        return try await withPooledConnection(waitingAtMost: connectionWait) { connection in
                            try await PostgresGroupCommit.flush([xid], on: connection, logger: self.logger)[xid] ?? .aborted
                        }
                    } catch {
                        throw PostgresFailure.classify(error)
                    }
                }
            } catch {
                return .failure(PostgresFailure.fail(MinerKitError(
                    .unavailable, code: "commit_outcome_unknown",
                    "transaction \(xid) committed but its flush to disk could not be confirmed", retryAfter: 1)))
            }
        }
        switch outcome {
        case .committed: return .success(value)
        case .aborted: return .failure(PostgresFailure.retry("a crash took back a commit before its flush"))
        }
    }

    /// Rolls `transaction` back; a connection a statement found lost or left unfit is closed instead.
    ///
    /// The server rolls back a session that ends. Closing the connection before it goes back to the pool
    /// matters: after the server ends a session (`pg_terminate_backend`, a restart), PostgresNIO can still
    /// report the connection open for a moment, and a statement sent on it then never completes. Closed,
    /// the pool drops it and the retry gets a fresh connection.
    private func rollBack(_ transaction: PostgresTransaction) async {
        guard await !transaction.closeIfConnectionUnusable() else { return }
        let result: EventLoopFuture<PostgresQueryResult> = transaction.connection.query("ROLLBACK", logger: logger)
        do {
            _ = try await result.get()
        } catch {
            // A connection that fails its ROLLBACK is in no state to be used again.
            try? await transaction.connection.close()
        }
    }
}

import CSQLite
import Synchronization

/// The writer connection's queue: units of work run one at a time on the writer's own thread, and the
/// units that queued up while one ran commit together (group commit).
///
/// Each commit appends every page the transaction dirtied to the WAL, one `pwrite` per frame header and
/// page, and a busy coordinator's units dirty the same pages (the jobs table, its indexes, the receipts).
/// A batch writes each of those pages once, and the writer thread wakes once for it. A unit of work
/// keeps its own all-or-nothing: it runs inside a savepoint, and one that throws is rolled back to it
/// while the others in the batch go on. Every caller is answered after the batch's `COMMIT`, so nothing
/// is acknowledged before it is in the WAL; if the commit itself fails, every unit of the batch fails
/// with that error and none of their changes stays. Units are never retried.
///
/// With one caller at a time a batch is one unit in a plain `BEGIN IMMEDIATE` … `COMMIT`.
final class SQLiteWriteQueue: Sendable {
    /// Units of work one transaction takes at most, so the first caller of a long queue is not held back
    /// for long.
    static let maxBatch = 32

    private struct State {
        var queued: [any QueuedWrite] = []
        /// A drain task is running (or about to): new units join its next batch.
        var draining = false
    }

    /// Safe to share: only the drain task touches it, one at a time, on `executor`'s thread.
    private nonisolated(unsafe) let connection: SQLiteConnection
    private let executor: ThreadPoolExecutor
    private let state = Mutex(State())

    init(_ connection: SQLiteConnection, name: String) {
        self.connection = connection
        executor = ThreadPoolExecutor(name: name)
    }

    deinit { executor.shutdown() }

    /// Units of work waiting for the next batch; the ones of the batch running now are not counted.
    var queuedCount: Int { state.withLock { $0.queued.count } }

    /// Runs `body` as one unit of work on the writer connection and returns what it returned, once the
    /// transaction it ran in has committed.
    func write<T: Sendable>(_ body: (SQLiteConnection) async throws -> T) async throws -> T {
        try await withoutActuallyEscaping(body) { body in
            try await withCheckedThrowingContinuation { continuation in
                let unit = PendingWrite(body: body, continuation: continuation)
                let startDrain = state.withLock { state in
                    state.queued.append(unit)
                    guard !state.draining else { return false }
                    state.draining = true
                    return true
                }
                if startDrain { Task(executorPreference: executor) { await self.drain() } }
            }
        }
    }

    /// Runs batches until the queue is empty.
    private func drain() async {
        while true {
            let batch: [any QueuedWrite] = state.withLock { state in
                let taken = Array(state.queued.prefix(Self.maxBatch))
                state.queued.removeFirst(taken.count)
                if taken.isEmpty { state.draining = false }
                return taken
            }
            if batch.isEmpty { return }
            await run(batch)
        }
    }

    /// Runs `batch` in one transaction and answers every unit.
    private func run(_ batch: [any QueuedWrite]) async {
        do {
            try connection.run("BEGIN IMMEDIATE")
        } catch {
            for unit in batch { unit.finish(failing: error) }
            return
        }
        let shared = batch.count > 1
        for unit in batch {
            do {
                if shared { try connection.run("SAVEPOINT unit") }
                let succeeded = await unit.run(connection)
                connection.resetUsed()
                // A failure SQLite answers by rolling the whole transaction back (a full disk, an I/O
                // error) takes the batch's earlier units with it.
                if sqlite3_get_autocommit(connection.handle) != 0 {
                    abandon(batch, rolledBack)
                    return
                }
                if !shared, !succeeded {
                    try connection.run("ROLLBACK")
                    unit.finish(failing: nil)
                    return
                }
                if shared {
                    if !succeeded { try connection.run("ROLLBACK TO unit") }
                    try connection.run("RELEASE unit")
                }
            } catch {
                // The savepoint could not be set or undone: the transaction is in no state to commit.
                abandon(batch, error)
                return
            }
        }
        do {
            try connection.run("COMMIT")
        } catch {
            abandon(batch, error)
            return
        }
        for unit in batch { unit.finish(failing: nil) }
    }

    private var rolledBack: MinerKitError {
        MinerKitError(.storage, code: "transaction_rolled_back",
                      "SQLite rolled the transaction back after an error in a unit of work: \(connection.lastMessage)")
    }

    /// Rolls the transaction back and fails every unit of `batch` that had not failed on its own.
    private func abandon(_ batch: [any QueuedWrite], _ error: any Error) {
        connection.resetUsed()
        if sqlite3_get_autocommit(connection.handle) == 0 { try? connection.run("ROLLBACK") }
        for unit in batch { unit.finish(failing: error) }
    }
}

/// One queued unit of work, its body's type erased.
private protocol QueuedWrite: AnyObject, Sendable {
    /// Runs the body and keeps its outcome; whether it succeeded (its changes may stay).
    func run(_ connection: SQLiteConnection) async -> Bool
    /// Answers the caller: the kept outcome, or `error` when the transaction did not commit.
    func finish(failing error: (any Error)?)
}

/// `@unchecked Sendable` is safe here: the caller hands the unit over and only waits for the answer;
/// from then on only the drain task touches it (``run(_:)`` then ``finish(failing:)``, one after the
/// other on the writer's thread). The body is released before the caller is answered, so it does not
/// outlive the caller's `withoutActuallyEscaping`.
private final class PendingWrite<T: Sendable>: QueuedWrite, @unchecked Sendable {
    private var body: ((SQLiteConnection) async throws -> T)?
    private let continuation: CheckedContinuation<T, any Error>
    private var outcome: Result<T, any Error>?

    init(body: @escaping (SQLiteConnection) async throws -> T, continuation: CheckedContinuation<T, any Error>) {
        self.body = body
        self.continuation = continuation
    }

    func run(_ connection: SQLiteConnection) async -> Bool {
        guard let body else { return false }
        do {
            outcome = .success(try await body(connection))
            return true
        } catch {
            outcome = .failure(error)
            return false
        }
    }

    func finish(failing error: (any Error)?) {
        guard body != nil else { return }
        body = nil
        // A unit's own error is its answer, even when the batch failed after it.
        switch (outcome, error) {
        case (.failure(let own)?, _): continuation.resume(throwing: own)
        case (_, let error?): continuation.resume(throwing: error)
        case (.success(let value)?, nil): continuation.resume(returning: value)
        case (nil, nil):
            continuation.resume(throwing: MinerKitError(.internal, code: "unit_not_run", "the unit of work was answered before it ran"))
        }
    }
}

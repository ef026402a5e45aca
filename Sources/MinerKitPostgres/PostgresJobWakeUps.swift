import Logging
import MinerKit
import PostgresNIO
import Synchronization

/// Long-poll wake-ups across nodes by PostgreSQL `NOTIFY`: every node (the sender included) wakes its
/// own waiters when a notification arrives on its `LISTEN` connection. Waiting itself is local, in a
/// ``JobSignal``.
///
/// The database announces queued jobs itself: a trigger on `jobs` notifies, in the transaction that
/// inserts a queued job or moves one back to the queue, so the announcement is delivered exactly when
/// the job is committed and costs no statement or transaction of its own (``announcedByDatabase``).
/// ``announce(model:count:)`` still sends one, for work queued outside the `jobs` table.
///
/// The listening connection is a connection of its own, outside the pool. When it drops, it is
/// reconnected with growing pauses (up to 5 s); notifications sent meanwhile are lost, which costs a
/// waiter at most its poll timeout (announcements are best effort). When `NOTIFY` itself fails, the
/// announcement wakes this node's waiters directly.
public final class PostgresJobWakeUps: JobWakeUps {
    /// The notification channel.
    public static let channel = "minerkit_jobs"

    private let signal = JobSignal()
    private let database: PostgresDatabasePool
    private let listening = Mutex<PostgresConnection?>(nil)
    private let listener = Mutex<Task<Void, Never>?>(nil)

    private init(database: PostgresDatabasePool) {
        self.database = database
    }

    /// Wake-ups over `database`; returns once this node is listening, so no announcement made after it
    /// returns is missed.
    public static func start(database: PostgresDatabasePool) async throws -> PostgresJobWakeUps {
        let wakeUps = PostgresJobWakeUps(database: database)
        try await withCheckedThrowingContinuation { (ready: CheckedContinuation<Void, any Error>) in
            let task = Task { await wakeUps.listen(ready: ready) }
            wakeUps.listener.withLock { $0 = task }
        }
        return wakeUps
    }

    public var generation: UInt64 { signal.generation }

    public func wait(models: [String]?, since generation: UInt64, timeout: Duration) async {
        await signal.wait(models: models, since: generation, timeout: timeout)
    }

    /// Queued jobs are announced by the `jobs` trigger on commit (see the type's documentation).
    public var announcedByDatabase: Bool { true }

    public func announce(model: String, count: Int) async {
        do {
            try await database.execute("SELECT pg_notify(\(Self.channel), \("\(count) \(model)"))")
        } catch {
            signal.announce(model: model, count: count)
        }
    }

    /// Ends this node's waits, now and later (other nodes keep theirs).
    public func endWaits() async {
        signal.endWaits()
    }

    /// Stops listening and closes the listening connection.
    public func close() async {
        let task = listener.withLock { $0 }
        task?.cancel()
        try? await listening.withLock { $0 }?.close()
        await task?.value
    }

    // MARK: Listening

    /// Listens until cancelled, reconnecting after failures. `ready` is resumed once: when the first
    /// `LISTEN` is in place, or with the first connection's error.
    private func listen(ready: CheckedContinuation<Void, any Error>) async {
        var ready: CheckedContinuation<Void, any Error>? = ready
        var failures = 0
        while !Task.isCancelled {
            do {
                let connection = try await PostgresConnection.connect(
                    configuration: try database.connectionConfiguration(), id: 0, logger: database.logger)
                listening.withLock { $0 = connection }
                defer { listening.withLock { $0 = nil } }
                if Task.isCancelled {
                    try? await connection.close()
                    break
                }
                do {
                    try await connection.listen(on: Self.channel) { notifications in
                        ready?.resume()
                        ready = nil
                        failures = 0
                        for try await notification in notifications { deliver(notification.payload) }
                    }
                } catch {
                    try? await connection.close()
                    throw error
                }
                try? await connection.close()
            } catch {
                if let first = ready {
                    first.resume(throwing: PostgresFailure.isConnectionLoss(error)
                        ? MinerKitError(.unavailable, code: "database_unreachable",
                                        "cannot listen for job announcements on \(database.url)")
                        : error)
                    return
                }
            }
            failures += 1
            try? await Task.sleep(for: min(.seconds(5), .milliseconds(50) * (1 << min(failures, 7))))
        }
        ready?.resume(throwing: CancellationError())
    }

    /// Wakes local waiters for a notification payload, `"<count> <model>"`, or the trigger's
    /// `"<queue_seq>:1 <model>"` (the sequence keeps PostgreSQL from folding two jobs of one model
    /// queued in one transaction into one notification).
    private func deliver(_ payload: String) {
        var text = Substring(payload)
        if let colon = text.firstIndex(of: ":"), text[..<colon].allSatisfy(\.isNumber) { text = text[text.index(after: colon)...] }
        guard let space = text.firstIndex(of: " "), let count = Int(text[..<space]) else { return }
        signal.announce(model: String(text[text.index(after: space)...]), count: count)
    }
}

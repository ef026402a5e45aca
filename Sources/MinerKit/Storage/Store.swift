/// A transactional store for everything the coordinator keeps.
///
/// Work happens in **units of work**: async closures that read and write through the transaction they
/// are given, the way GRDB's `DatabasePool` works, but async so that a network database can sit behind
/// the same seam. Business rules live in the closures the core services pass in, never in a store, so
/// every store behaves the same (``StoreConformance`` in `MinerKitTesting` proves it).
///
/// ```swift
/// let job = try await store.write { db in
///     guard var job = try await db.nextQueuedJob(models: ["whisper"]) else { return nil }
///     try JobLifecycle.lease(&job, to: "miner-1", at: now, duration: 60)
///     try await db.update(job)
///     return job
/// }
/// ```
///
/// ## The contract every store gives
/// - **Pure and retryable.** A unit of work has no effect outside the transaction it is given: no
///   network calls, no rate-limit charges, no replay-cache entries, no wake-ups. A store may run the
///   same closure again from the start after a serialization failure, a deadlock or a connection lost
///   before the commit was acknowledged; only the last run's changes are kept. Effects that must happen
///   once (authentication side effects, announcing work) happen outside, before or after `write`.
/// - **All or nothing.** A closure that throws leaves no change behind; the error reaches the caller
///   unchanged (never retried).
/// - **Read your writes.** Inside one `write`, every read sees the changes made earlier in it.
/// - **Serializable writes.** Concurrent `write`s behave as if they ran one after another in some order.
///   Single-writer stores (SQLite, in-memory) get this by running one at a time; a multi-writer store
///   locks every row a write reads (`SELECT … FOR UPDATE`), claims queued jobs with
///   skip-locked semantics (two claimers never get the same job, and neither waits for the other), and
///   serializes ledger appends (``BlockWriting/lockLedger()``).
/// - **Consistent reads.** `read` sees one committed snapshot and cannot write.
public protocol Store: Sendable {
    /// Runs `body` on a consistent, read-only snapshot.
    func read<T: Sendable>(_ body: @Sendable (any StoreReader) async throws -> T) async throws -> T
    /// Runs `body` as one unit of work: committed if it returns, rolled back if it throws, and possibly
    /// run more than once (see the contract above).
    func write<T: Sendable>(_ body: @Sendable (any StoreWriter) async throws -> T) async throws -> T
    /// Runs `body` as ``write(_:)`` does, committed with `durability`: a store whose durable commits
    /// wait for a disk flush may acknowledge a ``CommitDurability/deferred`` one before its flush.
    func write<T: Sendable>(_ durability: CommitDurability,
                            _ body: @Sendable (any StoreWriter) async throws -> T) async throws -> T
}

extension Store {
    /// Stores that make no difference between durabilities run every unit of work the same way.
    public func write<T: Sendable>(_ durability: CommitDurability,
                                   _ body: @Sendable (any StoreWriter) async throws -> T) async throws -> T {
        try await write(body)
    }
}

/// Everything a read transaction can see.
public typealias StoreReader = JobReading & MinerReading & ReceiptReading & BlockReading & ClientKeyReading
    & MinerStatsReading & IdempotencyReading & ConsoleSessionReading

/// Everything a write transaction can do.
public typealias StoreWriter = JobWriting & MinerWriting & ReceiptWriting & BlockWriting & ClientKeyWriting
    & MinerStatsWriting & IdempotencyWriting & ConsoleSessionWriting

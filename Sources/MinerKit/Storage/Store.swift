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
/// - **Writes that decide on what they read.** Single-writer stores (SQLite, in-memory) run one `write`
///   at a time, so they are serializable outright. A multi-writer store (PostgreSQL, READ COMMITTED)
///   promises less, and exactly this: a row a write reads is locked (`SELECT … FOR UPDATE`) until it
///   ends; queued jobs are claimed with skip-locked semantics (two claimers never get the same job, and
///   neither waits for the other); a row found missing and then saved is inserted, and a concurrent
///   insert of it reruns the loser; and a decision on rows that *do not exist yet* holds only under a
///   named lock: ledger appends under ``BlockWriting/lockLedger()``, "this key is nobody's" under
///   ``ClientKeyWriting/lockKeys()``. A new rule of the read-absent-then-insert kind needs such a lock
///   or a constraint; the conformance suite races two such writes to show it.
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

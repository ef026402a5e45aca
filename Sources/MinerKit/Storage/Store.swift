/// A transactional store for everything the coordinator keeps.
///
/// Work happens in closures, the way GRDB's `DatabasePool` works: `read` sees one consistent snapshot,
/// `write` runs alone and commits only if the closure returns (a thrown error rolls every change back).
/// Business rules live in the closures the core services pass in, never in a store, so the in-memory
/// and SQLite stores behave the same.
///
/// ```swift
/// let job = try await store.write { db in
///     guard var job = try db.nextQueuedJob(models: ["whisper"]) else { return nil }
///     try JobLifecycle.lease(&job, to: "miner-1", at: now, duration: 60)
///     try db.update(job)
///     return job
/// }
/// ```
public protocol Store: Sendable {
    /// Runs `body` on a consistent read-only snapshot.
    func read<T: Sendable>(_ body: (any StoreReader) throws -> T) async throws -> T
    /// Runs `body` in an exclusive transaction; changes are kept only if it returns normally.
    func write<T: Sendable>(_ body: (any StoreWriter) throws -> T) async throws -> T
}

/// Everything a read transaction can see.
public typealias StoreReader = JobReading & MinerReading & ReceiptReading & BlockReading & ClientKeyReading
    & MinerStatsReading

/// Everything a write transaction can do.
public typealias StoreWriter = JobWriting & MinerWriting & ReceiptWriting & BlockWriting & ClientKeyWriting
    & MinerStatsWriting

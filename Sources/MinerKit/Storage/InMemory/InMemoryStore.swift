import Foundation

/// A store that keeps everything in process memory: for tests, simulations and benchmarks.
///
/// Units of work run one at a time under an async lock and keep an undo log, so a closure that throws
/// leaves no trace, exactly as with the SQLite store. It never retries a unit of work, and refuses one
/// started inside another (``UnitOfWorkNesting``).
public final class InMemoryStore: Store {
    private let lock = AsyncMutex()
    /// Safe to share: it is only touched by the unit of work holding `lock`, one at a time.
    private nonisolated(unsafe) let database = InMemoryDatabase()

    public init() {}

    public func read<T: Sendable>(_ body: @Sendable (any StoreReader) async throws -> T) async throws -> T {
        try await UnitOfWorkNesting.run(on: self) {
            try await lock.withLock { try await body(InMemoryTransaction(database)) }
        }
    }

    public func write<T: Sendable>(_ body: @Sendable (any StoreWriter) async throws -> T) async throws -> T {
        try await UnitOfWorkNesting.run(on: self) {
            try await lock.withLock {
                let transaction = InMemoryTransaction(database)
                do {
                    return try await body(transaction)
                } catch {
                    transaction.rollback()
                    throw error
                }
            }
        }
    }
}

/// The tables of an ``InMemoryStore``.
///
/// Jobs still queued or leased are kept as structs; finished jobs and all receipts are kept packed
/// (``PackedWriter``), a few hundred bytes each, so a long simulation's memory grows by well under a
/// kilobyte per finished job.
final class InMemoryDatabase {
    /// A queued or leased job with its places in the queue.
    struct LiveJob {
        var job: Job
        /// Queue sequence (see ``QueuePosition``), assigned at insert.
        var sequence: Int64
        /// Enqueue number while queued; a queue index entry is live only while it matches.
        var enqueue: UInt64?
    }

    /// Queued and leased jobs.
    var liveJobs: [String: LiveJob] = [:]
    /// Completed, failed and cancelled jobs, packed.
    var finishedJobs: [String: [UInt8]] = [:]
    /// Jobs oldest first (creation time, then insertion order), for listing.
    var jobOrder = JobListingIndex()
    var nextSequence: Int64 = 0
    var nextEnqueue: UInt64 = 0
    var queue = JobQueueIndex()
    /// Leased job ids by lease holder, so a miner's leases cost what it holds.
    var leasedByMiner: [String: Set<String>] = [:]
    /// Lease deadlines, earliest first, for finding lapsed leases.
    var deadlines = LeaseDeadlineIndex()
    var stateCounts: [JobState: Int] = [:]
    var miners: [String: Miner] = [:]
    var minerOrder: [String] = []
    /// Receipts by id, packed.
    var receipts: [String: [UInt8]] = [:]
    /// Receipt ids in sequence order; those before `firstUnsealed` are sealed.
    var receiptOrder: [String] = []
    var receiptByJob: [String: String] = [:]
    var firstUnsealed = 0
    var blocks: [Block] = []
    /// Where each block's receipts sit in `receiptOrder`, by height (receipts are sealed in order).
    var blockRanges: [Int: Range<Int>] = [:]
    /// Client keys by key hash.
    var clientKeys: [String: ClientKeyRecord] = [:]
    var minerStats: [String: MinerStats] = [:]
    /// Idempotency keys by client, then key.
    var idempotencyKeys: [String: [String: IdempotencyRecord]] = [:]
    /// Console sessions by session hash.
    var consoleSessions: [String: ConsoleSessionRecord] = [:]
    /// The strings packed records share.
    let strings = StringTable()

    /// The job with `id`, live or finished.
    func job(_ id: String) -> Job? { liveJobs[id]?.job ?? finishedJobs[id].map { Job(packed: $0, strings: strings) } }

    func receipt(_ id: String) -> ReceiptRecord? { receipts[id].map { ReceiptRecord(packed: $0, strings: strings) } }
}

/// One transaction over an ``InMemoryDatabase``, with an undo log for rollback.
final class InMemoryTransaction {
    let db: InMemoryDatabase
    private var undo: [(InMemoryDatabase) -> Void] = []

    init(_ db: InMemoryDatabase) { self.db = db }

    /// Records how to reverse a change made by this transaction.
    func onRollback(_ step: @escaping (InMemoryDatabase) -> Void) { undo.append(step) }

    func rollback() {
        for step in undo.reversed() { step(db) }
        undo.removeAll()
    }
}

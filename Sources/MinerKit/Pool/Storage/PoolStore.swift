import Foundation

/// Where a pool keeps its state, with the same units of work as ``Store`` and the same contract: `read`
/// sees one consistent snapshot; `write` is pure, all or nothing, reads its own writes, serializable,
/// and may be run more than once (see ``Store``).
///
/// Rules live in ``PoolService``; a store only finds and saves records, so every store behaves the same
/// (`PoolStoreConformance` in `MinerKitTesting` proves it).
public protocol PoolStore: Sendable {
    /// Runs `body` on a consistent read-only snapshot.
    func read<T: Sendable>(_ body: @Sendable (any PoolStoreReader) async throws -> T) async throws -> T
    /// Runs `body` as one unit of work: committed if it returns, rolled back if it throws, possibly run
    /// more than once.
    func write<T: Sendable>(_ body: @Sendable (any PoolStoreWriter) async throws -> T) async throws -> T
}

/// Everything a pool read transaction can see.
public protocol PoolStoreReader {
    /// The miner with `hotkey`, or `nil`.
    func miner(hotkey: String) async throws -> PoolMiner?
    /// Miners by reputation, highest first (ties: earliest registered, then by hotkey).
    func minersByReputation(limit: Int) async throws -> [PoolMiner]

    /// The algorithm with `id`, or `nil`.
    func algorithm(id: String) async throws -> PoolAlgorithm?
    /// The earliest stored algorithm of `taskType` with `contentHash` (ties: by id), or `nil`.
    func algorithm(taskType: String, contentHash: String) async throws -> PoolAlgorithm?
    /// Pending candidates (not seeds) of `taskType`, oldest first (ties: by id).
    func pendingCandidates(taskType: String, limit: Int) async throws -> [PoolAlgorithm]
    /// The seeds of `taskType`, whatever their status, in id order.
    func seeds(taskType: String) async throws -> [PoolAlgorithm]
    /// Scored algorithms, best score first (ties: earliest resolved, then by id), of `taskType` when given,
    /// with a score of at least `minScore` when given, verified (`verifiedAt` set) or not when `verified`
    /// is given.
    func scoredAlgorithms(taskType: String?, minScore: Double?, verified: Bool?, limit: Int) async throws -> [PoolAlgorithm]

    /// Stored evaluations of `algorithmID`, in the order they were first saved (saving a miner's evaluation
    /// again replaces it in place).
    func evaluations(algorithmID: String) async throws -> [PoolEvaluation]
    /// `miner`'s evaluation of `algorithmID`, or `nil`.
    func evaluation(algorithmID: String, miner: String) async throws -> PoolEvaluation?

    /// The lease or batch with `id`, or `nil`.
    func assignment(id: String) async throws -> PoolAssignment?
    /// The miner's active assignment, live or overdue.
    func activeAssignment(miner: String) async throws -> PoolAssignment?
    /// Active assignments whose deadline is at or before `date`, earliest first (ties: by id).
    func overdueAssignments(at date: Date, limit: Int) async throws -> [PoolAssignment]
    /// Leases (not batches) issued to `miner` in `window`, whatever their status.
    func leaseCount(miner: String, window: Int) async throws -> Int

    /// The SOTA of `taskType`, or `nil` before any algorithm of it is scored.
    func sota(taskType: String) async throws -> PoolSOTA?
    /// Every task type's SOTA, by task type.
    func allSOTA() async throws -> [PoolSOTA]

    /// `miner`'s stats for `window`, or `nil` when it did nothing then.
    func windowStats(miner: String, window: Int) async throws -> PoolWindowStats?
    /// Every miner's stats for `window`, by hotkey.
    func windowStats(window: Int) async throws -> [PoolWindowStats]
    /// Unsettled stats of windows before `window`, oldest window first (ties: by hotkey).
    func unsettledStats(before window: Int, limit: Int) async throws -> [PoolWindowStats]

    /// Store-wide counts for the monitor.
    func counts() async throws -> PoolCounts
}

/// Everything a pool write transaction can do: each `save` inserts or replaces the record with the same key
/// (a miner's hotkey, an algorithm's or assignment's id, an evaluation's algorithm and miner, a SOTA's task
/// type, a window's number and miner).
public protocol PoolStoreWriter: PoolStoreReader {
    func save(_ miner: PoolMiner) async throws
    func save(_ algorithm: PoolAlgorithm) async throws
    func save(_ evaluation: PoolEvaluation) async throws
    func save(_ assignment: PoolAssignment) async throws
    func save(_ sota: PoolSOTA) async throws
    func save(_ stats: PoolWindowStats) async throws
}

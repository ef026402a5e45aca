import Foundation

/// Where a pool keeps its state, with the same closure-based transactions as ``Store``: `read`
/// sees one consistent snapshot, `write` runs alone and keeps its changes only if the closure returns.
///
/// Rules live in ``PoolService``; a store only finds and saves records, so the in-memory and SQLite
/// stores behave the same.
public protocol PoolStore: Sendable {
    /// Runs `body` on a consistent read-only snapshot.
    func read<T: Sendable>(_ body: (any PoolStoreReader) throws -> T) async throws -> T
    /// Runs `body` in an exclusive transaction; changes are kept only if it returns normally.
    func write<T: Sendable>(_ body: (any PoolStoreWriter) throws -> T) async throws -> T
}

/// Everything a pool read transaction can see.
public protocol PoolStoreReader {
    /// The miner with `hotkey`, or `nil`.
    func miner(hotkey: String) throws -> PoolMiner?
    /// Miners by reputation, highest first (ties: earliest registered).
    func minersByReputation(limit: Int) throws -> [PoolMiner]

    /// The algorithm with `id`, or `nil`.
    func algorithm(id: String) throws -> PoolAlgorithm?
    /// The earliest algorithm of `taskType` with `contentHash`, or `nil`.
    func algorithm(taskType: String, contentHash: String) throws -> PoolAlgorithm?
    /// Pending candidates (not seeds) of `taskType`, oldest first.
    func pendingCandidates(taskType: String, limit: Int) throws -> [PoolAlgorithm]
    /// The seeds of `taskType`, in id order.
    func seeds(taskType: String) throws -> [PoolAlgorithm]
    /// Scored algorithms, best score first (ties: earliest resolved), optionally filtered.
    func scoredAlgorithms(taskType: String?, minScore: Double?, limit: Int) throws -> [PoolAlgorithm]

    /// Stored evaluations of `algorithmID`, in submission order.
    func evaluations(algorithmID: String) throws -> [PoolEvaluation]
    /// `miner`'s evaluation of `algorithmID`, or `nil`.
    func evaluation(algorithmID: String, miner: String) throws -> PoolEvaluation?

    /// The lease or batch with `id`, or `nil`.
    func assignment(id: String) throws -> PoolAssignment?
    /// The miner's active assignment, live or overdue.
    func activeAssignment(miner: String) throws -> PoolAssignment?
    /// Active assignments whose deadline is at or before `date`, earliest first.
    func overdueAssignments(at date: Date, limit: Int) throws -> [PoolAssignment]
    /// Leases (not batches) issued to `miner` in `window`.
    func leaseCount(miner: String, window: Int) throws -> Int

    /// The SOTA of `taskType`, or `nil` before any algorithm of it is scored.
    func sota(taskType: String) throws -> PoolSOTA?
    /// Every task type's SOTA, by task type.
    func allSOTA() throws -> [PoolSOTA]

    /// `miner`'s stats for `window`, or `nil` when it did nothing then.
    func windowStats(miner: String, window: Int) throws -> PoolWindowStats?
    /// Every miner's stats for `window`.
    func windowStats(window: Int) throws -> [PoolWindowStats]
    /// Unsettled stats of windows before `window`, oldest first.
    func unsettledStats(before window: Int, limit: Int) throws -> [PoolWindowStats]

    /// Store-wide counts for the monitor.
    func counts() throws -> PoolCounts
}

/// Everything a pool write transaction can do: each `save` inserts or replaces.
public protocol PoolStoreWriter: PoolStoreReader {
    func save(_ miner: PoolMiner) throws
    func save(_ algorithm: PoolAlgorithm) throws
    func save(_ evaluation: PoolEvaluation) throws
    func save(_ assignment: PoolAssignment) throws
    func save(_ sota: PoolSOTA) throws
    func save(_ stats: PoolWindowStats) throws
}

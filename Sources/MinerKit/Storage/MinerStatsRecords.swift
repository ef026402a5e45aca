import Foundation

/// Reading miner outcome counters and presence inside a transaction.
public protocol MinerStatsReading {
    /// The counters of `minerID`, or `nil` before its first outcome.
    func minerStats(id minerID: String) async throws -> MinerStats?
    /// The counters of each of `minerIDs` that has any, in one read (a page of miners costs one query).
    func minerStats(ids minerIDs: [String]) async throws -> [String: MinerStats]
    /// Up to `limit` miners with status `active` whose last heartbeat is before `cutoff`.
    func silentMiners(before cutoff: Date, limit: Int) async throws -> [Miner]
}

/// Changing miner outcome counters inside a write transaction.
public protocol MinerStatsWriting: MinerStatsReading {
    /// Inserts or replaces `stats`.
    func save(_ stats: MinerStats) async throws
    /// Adds each of `delta`'s counters to the miner's (from zero before its first outcome). A store
    /// that can does it in one statement, with no read; the default reads, adds and saves.
    func accumulate(_ delta: MinerStats) async throws
}

extension MinerStatsWriting {
    public func accumulate(_ delta: MinerStats) async throws {
        let stats = try await minerStats(id: delta.minerID) ?? MinerStats(minerID: delta.minerID)
        try await save(stats.adding(delta))
    }
}

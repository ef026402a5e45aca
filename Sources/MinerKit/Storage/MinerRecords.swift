/// Reading miners inside a transaction.
public protocol MinerReading {
    /// The miner with `id`, or `nil`.
    func miner(id: String) async throws -> Miner?
    /// Miners ordered by registration time.
    func miners(limit: Int, offset: Int) async throws -> [Miner]
    /// How many miners have `status` (all when `nil`).
    func minerCount(status: Miner.Status?) async throws -> Int
}

/// Changing miners inside a write transaction.
public protocol MinerWriting: MinerReading {
    /// Inserts or replaces `miner`.
    func save(_ miner: Miner) async throws
}

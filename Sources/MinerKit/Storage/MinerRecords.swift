/// Reading miners inside a transaction.
public protocol MinerReading {
    /// The miner with `id`, or `nil`.
    func miner(id: String) async throws -> Miner?
    /// Miners ordered by registration time.
    func miners(limit: Int, offset: Int) async throws -> [Miner]
    /// How many miners have `status` (all when `nil`).
    func minerCount(status: Miner.Status?) async throws -> Int
    /// Up to `limit` miners whose API key hash is `apiKeyHash`, ordered by id. Keys are per-miner random
    /// values, so one miner is the rule; the caller decides what more than one means.
    func miners(apiKeyHash: String, limit: Int) async throws -> [Miner]
}

/// Changing miners inside a write transaction.
public protocol MinerWriting: MinerReading {
    /// Inserts or replaces `miner`.
    func save(_ miner: Miner) async throws
}

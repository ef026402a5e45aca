import Foundation

extension SQLiteTransaction: ClientKeyWriting {
    func clientKey(hash keyHash: String) throws -> ClientKeyRecord? {
        try connection.statement("SELECT id, name, key_hash, created_at FROM client_keys WHERE key_hash = ?", keyHash)
            .firstRow { ClientKeyRecord(id: $0.string(0), name: $0.string(1), keyHash: $0.string(2), createdAt: $0.date(3)) }
    }

    func clientKeyCount() throws -> Int { Int(try connection.scalarInt("SELECT count(*) FROM client_keys")) }

    func lockKeys() {}

    func insert(_ key: ClientKeyRecord) throws {
        if try connection.statement("SELECT 1 FROM client_keys WHERE id = ? OR key_hash = ?", key.id, key.keyHash).step() {
            throw MinerKitError(.conflict, code: "client_key_exists", "client key \(key.id) already exists")
        }
        try connection.statement("INSERT INTO client_keys (id, name, key_hash, created_at) VALUES (?,?,?,?)",
                                 key.id, key.name, key.keyHash, key.createdAt).run()
    }
}

extension SQLiteTransaction: MinerStatsWriting {
    /// The columns a miner's counters are stored in, in ``decodedMinerStats(_:)``'s order.
    static let minerStatsColumns = "miner_id, completed, failed, expired, busy_seconds, gpu_seconds, earnings"

    func minerStats(id minerID: String) throws -> MinerStats? {
        try connection.statement("SELECT \(Self.minerStatsColumns) FROM miner_stats WHERE miner_id = ?", minerID)
            .firstRow(Self.decodedMinerStats)
    }

    func silentMiners(before cutoff: Date, limit: Int) throws -> [Miner] {
        let ids = try connection.statement(
            "SELECT id FROM miners WHERE status = 'active' AND last_heartbeat < ? ORDER BY last_heartbeat LIMIT ?",
            cutoff, limit).rows { $0.string(0) }
        return try ids.compactMap { try miner(id: $0) }
    }

    func save(_ stats: MinerStats) throws {
        try connection.statement("INSERT OR REPLACE INTO miner_stats (\(Self.minerStatsColumns)) VALUES (?,?,?,?,?,?,?)",
                                 binding: Self.values(of: stats)).run()
    }

    func accumulate(_ delta: MinerStats) throws {
        try connection.statement("""
            INSERT INTO miner_stats (\(Self.minerStatsColumns)) VALUES (?,?,?,?,?,?,?)
            ON CONFLICT (miner_id) DO UPDATE SET completed = completed + excluded.completed,
            failed = failed + excluded.failed, expired = expired + excluded.expired,
            busy_seconds = busy_seconds + excluded.busy_seconds, gpu_seconds = gpu_seconds + excluded.gpu_seconds,
            earnings = earnings + excluded.earnings
            """, binding: Self.values(of: delta)).run()
    }

    /// The counters in a row selected with ``minerStatsColumns`` first.
    static func decodedMinerStats(_ s: SQLiteStatement) -> MinerStats {
        MinerStats(minerID: s.string(0), completed: s.int(1), failed: s.int(2), expired: s.int(3),
                   busySeconds: s.double(4), gpuSeconds: s.double(5), earnings: s.double(6))
    }

    /// `stats` in ``minerStatsColumns`` order.
    private static func values(of stats: MinerStats) -> [any SQLiteValue] {
        [stats.minerID, stats.completed, stats.failed, stats.expired, stats.busySeconds, stats.gpuSeconds, stats.earnings]
    }
}

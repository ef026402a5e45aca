import Foundation

extension SQLiteTransaction: ClientKeyWriting {
    func clientKey(hash keyHash: String) throws -> ClientKeyRecord? {
        let statement = try connection.statement("SELECT id, name, key_hash, created_at FROM client_keys WHERE key_hash = ?")
        statement.bind(1, keyHash)
        guard try statement.step() else { return nil }
        return ClientKeyRecord(id: statement.string(0), name: statement.string(1), keyHash: statement.string(2),
                               createdAt: statement.date(3))
    }

    func clientKeyCount() throws -> Int { Int(try connection.scalarInt("SELECT count(*) FROM client_keys")) }

    func lockKeys() {}

    func insert(_ key: ClientKeyRecord) throws {
        let exists = try connection.statement("SELECT 1 FROM client_keys WHERE id = ? OR key_hash = ?")
        exists.bind(1, key.id)
        exists.bind(2, key.keyHash)
        if try exists.step() {
            throw MinerKitError(.conflict, code: "client_key_exists", "client key \(key.id) already exists")
        }
        let statement = try connection.statement("INSERT INTO client_keys (id, name, key_hash, created_at) VALUES (?,?,?,?)")
        statement.bind(1, key.id)
        statement.bind(2, key.name)
        statement.bind(3, key.keyHash)
        statement.bind(4, key.createdAt)
        try statement.run()
    }
}

extension SQLiteTransaction: MinerStatsWriting {
    func minerStats(id minerID: String) throws -> MinerStats? {
        let statement = try connection.statement("""
            SELECT completed, failed, expired, busy_seconds, gpu_seconds, earnings FROM miner_stats WHERE miner_id = ?
            """)
        statement.bind(1, minerID)
        guard try statement.step() else { return nil }
        return MinerStats(minerID: minerID, completed: statement.int(0), failed: statement.int(1),
                          expired: statement.int(2), busySeconds: statement.double(3),
                          gpuSeconds: statement.double(4), earnings: statement.double(5))
    }

    func silentMiners(before cutoff: Date, limit: Int) throws -> [Miner] {
        let statement = try connection.statement(
            "SELECT id FROM miners WHERE status = 'active' AND last_heartbeat < ? ORDER BY last_heartbeat LIMIT ?")
        statement.bind(1, cutoff)
        statement.bind(2, limit)
        var ids: [String] = []
        while try statement.step() { ids.append(statement.string(0)) }
        return try ids.compactMap { try miner(id: $0) }
    }

    func save(_ stats: MinerStats) throws {
        let statement = try connection.statement("""
            INSERT OR REPLACE INTO miner_stats (miner_id, completed, failed, expired, busy_seconds, gpu_seconds, earnings)
            VALUES (?,?,?,?,?,?,?)
            """)
        statement.bind(1, stats.minerID)
        statement.bind(2, stats.completed)
        statement.bind(3, stats.failed)
        statement.bind(4, stats.expired)
        statement.bind(5, stats.busySeconds)
        statement.bind(6, stats.gpuSeconds)
        statement.bind(7, stats.earnings)
        try statement.run()
    }

    func accumulate(_ delta: MinerStats) throws {
        let statement = try connection.statement("""
            INSERT INTO miner_stats (miner_id, completed, failed, expired, busy_seconds, gpu_seconds, earnings)
            VALUES (?,?,?,?,?,?,?)
            ON CONFLICT (miner_id) DO UPDATE SET completed = completed + excluded.completed,
            failed = failed + excluded.failed, expired = expired + excluded.expired,
            busy_seconds = busy_seconds + excluded.busy_seconds, gpu_seconds = gpu_seconds + excluded.gpu_seconds,
            earnings = earnings + excluded.earnings
            """)
        statement.bind(1, delta.minerID)
        statement.bind(2, delta.completed)
        statement.bind(3, delta.failed)
        statement.bind(4, delta.expired)
        statement.bind(5, delta.busySeconds)
        statement.bind(6, delta.gpuSeconds)
        statement.bind(7, delta.earnings)
        try statement.run()
    }
}

import Foundation

extension SQLitePoolTransaction {
    private static let minerColumns = """
        hotkey, reputation, registered_at, last_seen_at, evaluations, evolutions, agreements, disagreements,
        assignments_completed
        """

    func miner(hotkey: String) throws -> PoolMiner? {
        try connection.statement("SELECT \(Self.minerColumns) FROM pool_miners WHERE hotkey = ?", hotkey).firstRow(Self.miner)
    }

    func minersByReputation(limit: Int) throws -> [PoolMiner] {
        try connection.statement("""
            SELECT \(Self.minerColumns) FROM pool_miners ORDER BY reputation DESC, registered_at, hotkey LIMIT ?
            """, limit).rows(Self.miner)
    }

    func save(_ miner: PoolMiner) throws {
        try connection.statement("INSERT OR REPLACE INTO pool_miners (\(Self.minerColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                 miner.hotkey, miner.reputation, miner.registeredAt, miner.lastSeenAt, miner.evaluations,
                                 miner.evolutions, miner.agreements, miner.disagreements, miner.assignmentsCompleted).run()
    }

    private static func miner(_ s: SQLiteStatement) -> PoolMiner {
        var miner = PoolMiner(hotkey: s.string(0), at: s.date(2))
        miner.reputation = s.double(1)
        miner.lastSeenAt = s.date(3)
        miner.evaluations = s.int(4)
        miner.evolutions = s.int(5)
        miner.agreements = s.int(6)
        miner.disagreements = s.int(7)
        miner.assignmentsCompleted = s.int(8)
        return miner
    }
}

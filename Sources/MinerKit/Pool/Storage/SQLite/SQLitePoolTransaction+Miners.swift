import Foundation

extension SQLitePoolTransaction {
    private static let minerColumns = """
        hotkey, reputation, registered_at, last_seen_at, evaluations, evolutions, agreements, disagreements,
        assignments_completed
        """

    func miner(hotkey: String) throws -> PoolMiner? {
        try rows("SELECT \(Self.minerColumns) FROM pool_miners WHERE hotkey = ?", Self.miner) { $0.bind(1, hotkey) }.first
    }

    func minersByReputation(limit: Int) throws -> [PoolMiner] {
        try rows("""
            SELECT \(Self.minerColumns) FROM pool_miners ORDER BY reputation DESC, registered_at, hotkey LIMIT ?
            """, Self.miner) { $0.bind(1, limit) }
    }

    func save(_ miner: PoolMiner) throws {
        try run("INSERT OR REPLACE INTO pool_miners (\(Self.minerColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)") {
            $0.bind(1, miner.hotkey)
            $0.bind(2, miner.reputation)
            $0.bind(3, miner.registeredAt)
            $0.bind(4, miner.lastSeenAt)
            $0.bind(5, miner.evaluations)
            $0.bind(6, miner.evolutions)
            $0.bind(7, miner.agreements)
            $0.bind(8, miner.disagreements)
            $0.bind(9, miner.assignmentsCompleted)
        }
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

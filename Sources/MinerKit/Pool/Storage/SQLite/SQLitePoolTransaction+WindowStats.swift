import Foundation

extension SQLitePoolTransaction {
    private static let statsColumns = """
        window_number, miner, evaluations, evolutions, duplicates, agreements, disagreements, improvement_points,
        iterations, assignments_completed, settled, reputation_delta
        """

    func windowStats(miner: String, window: Int) throws -> PoolWindowStats? {
        try rows("SELECT \(Self.statsColumns) FROM pool_window_stats WHERE window_number = ? AND miner = ?",
                 Self.stats) { $0.bind(1, window); $0.bind(2, miner) }.first
    }

    func windowStats(window: Int) throws -> [PoolWindowStats] {
        try rows("SELECT \(Self.statsColumns) FROM pool_window_stats WHERE window_number = ? ORDER BY miner",
                 Self.stats) { $0.bind(1, window) }
    }

    func unsettledStats(before window: Int, limit: Int) throws -> [PoolWindowStats] {
        try rows("""
            SELECT \(Self.statsColumns) FROM pool_window_stats WHERE settled = 0 AND window_number < ?
            ORDER BY window_number, miner LIMIT ?
            """, Self.stats) { $0.bind(1, window); $0.bind(2, limit) }
    }

    func save(_ stats: PoolWindowStats) throws {
        try run("INSERT OR REPLACE INTO pool_window_stats (\(Self.statsColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)") {
            $0.bind(1, stats.windowNumber)
            $0.bind(2, stats.miner)
            $0.bind(3, stats.evaluations)
            $0.bind(4, stats.evolutions)
            $0.bind(5, stats.duplicates)
            $0.bind(6, stats.agreements)
            $0.bind(7, stats.disagreements)
            $0.bind(8, stats.improvementPoints)
            $0.bind(9, stats.iterations)
            $0.bind(10, stats.assignmentsCompleted)
            $0.bind(11, stats.settled ? 1 : 0)
            $0.bind(12, stats.reputationDelta)
        }
    }

    private static func stats(_ s: SQLiteStatement) -> PoolWindowStats {
        var stats = PoolWindowStats(miner: s.string(1), windowNumber: s.int(0))
        stats.evaluations = s.int(2)
        stats.evolutions = s.int(3)
        stats.duplicates = s.int(4)
        stats.agreements = s.int(5)
        stats.disagreements = s.int(6)
        stats.improvementPoints = s.double(7)
        stats.iterations = s.int(8)
        stats.assignmentsCompleted = s.int(9)
        stats.settled = s.int(10) != 0
        stats.reputationDelta = s.double(11)
        return stats
    }
}

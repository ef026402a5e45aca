import Foundation

extension SQLitePoolTransaction {
    private static let statsColumns = """
        window_number, miner, evaluations, evolutions, duplicates, agreements, disagreements, improvement_points,
        iterations, assignments_completed, settled, reputation_delta
        """

    func windowStats(miner: String, window: Int) throws -> PoolWindowStats? {
        try connection.statement("SELECT \(Self.statsColumns) FROM pool_window_stats WHERE window_number = ? AND miner = ?",
                                 window, miner).firstRow(Self.stats)
    }

    func windowStats(window: Int) throws -> [PoolWindowStats] {
        try connection.statement("SELECT \(Self.statsColumns) FROM pool_window_stats WHERE window_number = ? ORDER BY miner",
                                 window).rows(Self.stats)
    }

    func unsettledStats(before window: Int, limit: Int) throws -> [PoolWindowStats] {
        try connection.statement("""
            SELECT \(Self.statsColumns) FROM pool_window_stats WHERE settled = 0 AND window_number < ?
            ORDER BY window_number, miner LIMIT ?
            """, window, limit).rows(Self.stats)
    }

    func save(_ stats: PoolWindowStats) throws {
        try connection.statement("""
            INSERT OR REPLACE INTO pool_window_stats (\(Self.statsColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, stats.windowNumber, stats.miner, stats.evaluations, stats.evolutions, stats.duplicates, stats.agreements,
            stats.disagreements, stats.improvementPoints, stats.iterations, stats.assignmentsCompleted, stats.settled,
            stats.reputationDelta).run()
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

import Foundation
import MinerKit
import PostgresNIO

extension PostgresPoolTransaction {
    private static let statsColumns = """
        window_number, miner, evaluations, evolutions, duplicates, agreements, disagreements, improvement_points,
        iterations, assignments_completed, settled, reputation_delta
        """

    func windowStats(miner: String, window: Int) async throws -> PoolWindowStats? {
        let stats = try await sql.query("""
            SELECT \(unescaped: Self.statsColumns) FROM pool_window_stats
            WHERE window_number = \(window) AND miner = \(miner)\(unescaped: forUpdate)
            """).rows.map(Self.stats).first
        noteMissing(Self.key(miner, window), if: stats != nil)
        return stats
    }

    func windowStats(window: Int) async throws -> [PoolWindowStats] {
        try await sql.query("""
            SELECT \(unescaped: Self.statsColumns) FROM pool_window_stats WHERE window_number = \(window)
            ORDER BY miner\(unescaped: forUpdate)
            """).rows.map(Self.stats)
    }

    func unsettledStats(before window: Int, limit: Int) async throws -> [PoolWindowStats] {
        // SKIP LOCKED: stats another unit of work is settling right now are left to it.
        try await sql.query("""
            SELECT \(unescaped: Self.statsColumns) FROM pool_window_stats WHERE NOT settled AND window_number < \(window)
            ORDER BY window_number, miner LIMIT \(limit)\(unescaped: forUpdateSkipLocked)
            """).rows.map(Self.stats)
    }

    func save(_ stats: PoolWindowStats) async throws {
        try await save(Self.key(stats.miner, stats.windowNumber), update: """
            UPDATE pool_window_stats SET evaluations = \(stats.evaluations), evolutions = \(stats.evolutions),
            duplicates = \(stats.duplicates), agreements = \(stats.agreements), disagreements = \(stats.disagreements),
            improvement_points = \(stats.improvementPoints), iterations = \(stats.iterations),
            assignments_completed = \(stats.assignmentsCompleted), settled = \(stats.settled),
            reputation_delta = \(stats.reputationDelta)
            WHERE window_number = \(stats.windowNumber) AND miner = \(stats.miner)
            """, insert: """
            INSERT INTO pool_window_stats (\(unescaped: Self.statsColumns)) VALUES (\(stats.windowNumber), \(stats.miner),
            \(stats.evaluations), \(stats.evolutions), \(stats.duplicates), \(stats.agreements), \(stats.disagreements),
            \(stats.improvementPoints), \(stats.iterations), \(stats.assignmentsCompleted), \(stats.settled),
            \(stats.reputationDelta))
            ON CONFLICT DO NOTHING
            """)
    }

    private static func key(_ miner: String, _ window: Int) -> String { "the stats of \(miner) in window \(window)" }

    private static func stats(_ row: PostgresRow) throws -> PoolWindowStats {
        var c = PostgresColumns(row)
        let window = try c.next(Int.self)
        var stats = PoolWindowStats(miner: try c.next(), windowNumber: window)
        stats.evaluations = try c.next()
        stats.evolutions = try c.next()
        stats.duplicates = try c.next()
        stats.agreements = try c.next()
        stats.disagreements = try c.next()
        stats.improvementPoints = try c.next()
        stats.iterations = try c.next()
        stats.assignmentsCompleted = try c.next()
        stats.settled = try c.next()
        stats.reputationDelta = try c.next()
        return stats
    }
}

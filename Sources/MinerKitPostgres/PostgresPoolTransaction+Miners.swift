import Foundation
import MinerKit
import PostgresNIO

extension PostgresPoolTransaction {
    private static let minerColumns = """
        hotkey, reputation, registered_at, last_seen_at, evaluations, evolutions, agreements, disagreements,
        assignments_completed
        """

    func miner(hotkey: String) async throws -> PoolMiner? {
        let miner = try await sql.query("""
            SELECT \(unescaped: Self.minerColumns) FROM pool_miners WHERE hotkey = \(hotkey)\(unescaped: forUpdate)
            """).rows.map(Self.miner).first
        noteMissing(Self.key(hotkey), if: miner != nil)
        return miner
    }

    func minersByReputation(limit: Int) async throws -> [PoolMiner] {
        try await sql.query("""
            SELECT \(unescaped: Self.minerColumns) FROM pool_miners ORDER BY reputation DESC, registered_at, hotkey
            LIMIT \(limit)\(unescaped: forUpdate)
            """).rows.map(Self.miner)
    }

    func save(_ miner: PoolMiner) async throws {
        try await save(Self.key(miner.hotkey), update: """
            UPDATE pool_miners SET reputation = \(miner.reputation),
            registered_at = \(miner.registeredAt.timeIntervalSince1970), last_seen_at = \(miner.lastSeenAt.timeIntervalSince1970),
            evaluations = \(miner.evaluations), evolutions = \(miner.evolutions), agreements = \(miner.agreements),
            disagreements = \(miner.disagreements), assignments_completed = \(miner.assignmentsCompleted)
            WHERE hotkey = \(miner.hotkey)
            """, insert: """
            INSERT INTO pool_miners (\(unescaped: Self.minerColumns)) VALUES (\(miner.hotkey), \(miner.reputation),
            \(miner.registeredAt.timeIntervalSince1970), \(miner.lastSeenAt.timeIntervalSince1970), \(miner.evaluations),
            \(miner.evolutions), \(miner.agreements), \(miner.disagreements), \(miner.assignmentsCompleted))
            ON CONFLICT DO NOTHING
            """)
    }

    private static func key(_ hotkey: String) -> String { "pool miner \(hotkey)" }

    private static func miner(_ row: PostgresRow) throws -> PoolMiner {
        var c = PostgresColumns(row)
        let hotkey = try c.next(String.self), reputation = try c.next(Double.self)
        var miner = PoolMiner(hotkey: hotkey, at: try c.date())
        miner.reputation = reputation
        miner.lastSeenAt = try c.date()
        miner.evaluations = try c.next()
        miner.evolutions = try c.next()
        miner.agreements = try c.next()
        miner.disagreements = try c.next()
        miner.assignmentsCompleted = try c.next()
        return miner
    }
}

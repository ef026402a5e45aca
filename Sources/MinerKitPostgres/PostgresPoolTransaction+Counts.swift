import MinerKit
import PostgresNIO

extension PostgresPoolTransaction {
    /// One statement: every count from the same snapshot, in one round trip.
    func counts() async throws -> PoolCounts {
        let result = try await sql.query("""
            SELECT (SELECT count(*) FROM pool_miners),
                   (SELECT count(*) FROM pool_assignments WHERE status = 'active'),
                   (SELECT count(*) FROM pool_assignments WHERE status = 'completed'),
                   (SELECT count(*) FROM pool_assignments WHERE status = 'expired'),
                   (SELECT count(*) FROM pool_algorithms WHERE NOT is_seed AND status = 'pending'),
                   (SELECT count(*) FROM pool_algorithms WHERE NOT is_seed AND status = 'scored'),
                   (SELECT count(*) FROM pool_algorithms WHERE NOT is_seed AND status = 'unresolved'),
                   (SELECT count(*) FROM pool_evaluations)
            """)
        var counts = PoolCounts()
        guard let row = result.rows.first else { return counts }
        var c = PostgresColumns(row)
        counts.miners = try c.next()
        counts.activeAssignments = try c.next()
        counts.completedAssignments = try c.next()
        counts.expiredAssignments = try c.next()
        counts.pendingAlgorithms = try c.next()
        counts.scoredAlgorithms = try c.next()
        counts.unresolvedAlgorithms = try c.next()
        counts.evaluations = try c.next()
        return counts
    }
}

extension SQLitePoolTransaction {
    func counts() throws -> PoolCounts {
        var counts = PoolCounts()
        counts.miners = try count("SELECT count(*) FROM pool_miners")
        let assignments = "SELECT count(*) FROM pool_assignments WHERE status = ?"
        counts.activeAssignments = try count(assignments, PoolAssignment.Status.active.rawValue)
        counts.completedAssignments = try count(assignments, PoolAssignment.Status.completed.rawValue)
        counts.expiredAssignments = try count(assignments, PoolAssignment.Status.expired.rawValue)
        let candidates = "SELECT count(*) FROM pool_algorithms WHERE is_seed = 0 AND status = ?"
        counts.pendingAlgorithms = try count(candidates, PoolAlgorithm.Status.pending.rawValue)
        counts.scoredAlgorithms = try count(candidates, PoolAlgorithm.Status.scored.rawValue)
        counts.unresolvedAlgorithms = try count(candidates, PoolAlgorithm.Status.unresolved.rawValue)
        counts.evaluations = try count("SELECT count(*) FROM pool_evaluations")
        return counts
    }
}

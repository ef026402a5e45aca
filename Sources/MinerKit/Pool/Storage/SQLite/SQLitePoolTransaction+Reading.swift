import Foundation

extension SQLitePoolTransaction: PoolStoreReader {
    func miner(hotkey: String) throws -> PoolMiner? {
        try rows("SELECT body FROM pool_miners WHERE hotkey = ?", PoolMiner.self) { $0.bind(1, hotkey) }.first
    }

    func minersByReputation(limit: Int) throws -> [PoolMiner] {
        try rows("SELECT body FROM pool_miners ORDER BY reputation DESC, registered_at, hotkey LIMIT ?",
                 PoolMiner.self) { $0.bind(1, limit) }
    }

    func algorithm(id: String) throws -> PoolAlgorithm? {
        try rows("SELECT body FROM pool_algorithms WHERE id = ?", PoolAlgorithm.self) { $0.bind(1, id) }.first
    }

    func algorithm(taskType: String, contentHash: String) throws -> PoolAlgorithm? {
        try rows("""
            SELECT body FROM pool_algorithms WHERE task_type = ? AND content_hash = ? ORDER BY created_at, id LIMIT 1
            """, PoolAlgorithm.self) { $0.bind(1, taskType); $0.bind(2, contentHash) }.first
    }

    func pendingCandidates(taskType: String, limit: Int) throws -> [PoolAlgorithm] {
        try rows("""
            SELECT body FROM pool_algorithms WHERE task_type = ? AND status = 'pending' AND is_seed = 0
            ORDER BY created_at, id LIMIT ?
            """, PoolAlgorithm.self) { $0.bind(1, taskType); $0.bind(2, limit) }
    }

    func seeds(taskType: String) throws -> [PoolAlgorithm] {
        try rows("SELECT body FROM pool_algorithms WHERE task_type = ? AND is_seed = 1 ORDER BY id",
                 PoolAlgorithm.self) { $0.bind(1, taskType) }
    }

    func scoredAlgorithms(taskType: String?, minScore: Double?, limit: Int) throws -> [PoolAlgorithm] {
        try rows("""
            SELECT body FROM pool_algorithms
            WHERE status = 'scored' AND (?1 IS NULL OR task_type = ?1) AND (?2 IS NULL OR score >= ?2)
            ORDER BY score DESC, resolved_at, id LIMIT ?3
            """, PoolAlgorithm.self) { $0.bind(1, taskType); $0.bind(2, minScore); $0.bind(3, limit) }
    }

    func evaluations(algorithmID: String) throws -> [PoolEvaluation] {
        try rows("SELECT body FROM pool_evaluations WHERE algorithm_id = ? ORDER BY rowid",
                 PoolEvaluation.self) { $0.bind(1, algorithmID) }
    }

    func evaluation(algorithmID: String, miner: String) throws -> PoolEvaluation? {
        try rows("SELECT body FROM pool_evaluations WHERE algorithm_id = ? AND miner = ?",
                 PoolEvaluation.self) { $0.bind(1, algorithmID); $0.bind(2, miner) }.first
    }

    func assignment(id: String) throws -> PoolAssignment? {
        try rows("SELECT body FROM pool_assignments WHERE id = ?", PoolAssignment.self) { $0.bind(1, id) }.first
    }

    func activeAssignment(miner: String) throws -> PoolAssignment? {
        try rows("SELECT body FROM pool_assignments WHERE miner = ? AND status = 'active' LIMIT 1",
                 PoolAssignment.self) { $0.bind(1, miner) }.first
    }

    func overdueAssignments(at date: Date, limit: Int) throws -> [PoolAssignment] {
        try rows("""
            SELECT body FROM pool_assignments WHERE status = 'active' AND timeout_at <= ? ORDER BY timeout_at, id LIMIT ?
            """, PoolAssignment.self) { $0.bind(1, date); $0.bind(2, limit) }
    }

    func leaseCount(miner: String, window: Int) throws -> Int {
        try count("SELECT count(*) FROM pool_assignments WHERE miner = ? AND window = ? AND kind = 'lease'") {
            $0.bind(1, miner); $0.bind(2, window)
        }
    }

    func sota(taskType: String) throws -> PoolSOTA? {
        try rows("SELECT body FROM pool_sota WHERE task_type = ?", PoolSOTA.self) { $0.bind(1, taskType) }.first
    }

    func allSOTA() throws -> [PoolSOTA] {
        try rows("SELECT body FROM pool_sota ORDER BY task_type", PoolSOTA.self)
    }

    func windowStats(miner: String, window: Int) throws -> PoolWindowStats? {
        try rows("SELECT body FROM pool_window_stats WHERE window = ? AND miner = ?", PoolWindowStats.self) {
            $0.bind(1, window); $0.bind(2, miner)
        }.first
    }

    func windowStats(window: Int) throws -> [PoolWindowStats] {
        try rows("SELECT body FROM pool_window_stats WHERE window = ? ORDER BY miner", PoolWindowStats.self) {
            $0.bind(1, window)
        }
    }

    func unsettledStats(before window: Int, limit: Int) throws -> [PoolWindowStats] {
        try rows("""
            SELECT body FROM pool_window_stats WHERE settled = 0 AND window < ? ORDER BY window, miner LIMIT ?
            """, PoolWindowStats.self) { $0.bind(1, window); $0.bind(2, limit) }
    }

    func counts() throws -> PoolCounts {
        var counts = PoolCounts()
        counts.miners = try count("SELECT count(*) FROM pool_miners")
        counts.activeAssignments = try count("SELECT count(*) FROM pool_assignments WHERE status = 'active'")
        counts.completedAssignments = try count("SELECT count(*) FROM pool_assignments WHERE status = 'completed'")
        counts.expiredAssignments = try count("SELECT count(*) FROM pool_assignments WHERE status = 'expired'")
        let byStatus = "SELECT count(*) FROM pool_algorithms WHERE is_seed = 0 AND status = ?"
        counts.pendingAlgorithms = try count(byStatus) { $0.bind(1, "pending") }
        counts.scoredAlgorithms = try count(byStatus) { $0.bind(1, "scored") }
        counts.unresolvedAlgorithms = try count(byStatus) { $0.bind(1, "unresolved") }
        counts.evaluations = try count("SELECT count(*) FROM pool_evaluations")
        return counts
    }
}

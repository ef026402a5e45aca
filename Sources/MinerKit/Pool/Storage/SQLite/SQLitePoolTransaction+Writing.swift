extension SQLitePoolTransaction: PoolStoreWriter {
    func save(_ miner: PoolMiner) throws {
        let body = try encode(miner)
        try run("INSERT OR REPLACE INTO pool_miners (hotkey, reputation, registered_at, body) VALUES (?, ?, ?, ?)") {
            $0.bind(1, miner.hotkey); $0.bind(2, miner.reputation); $0.bind(3, miner.registeredAt); $0.bind(4, body)
        }
    }

    func save(_ algorithm: PoolAlgorithm) throws {
        let body = try encode(algorithm)
        try run("""
            INSERT OR REPLACE INTO pool_algorithms
                (id, task_type, content_hash, is_seed, status, score, created_at, resolved_at, body)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """) {
            $0.bind(1, algorithm.id); $0.bind(2, algorithm.taskType); $0.bind(3, algorithm.contentHash)
            $0.bind(4, algorithm.isSeed ? 1 : 0); $0.bind(5, algorithm.status.rawValue)
            $0.bind(6, algorithm.consensusScore); $0.bind(7, algorithm.createdAt); $0.bind(8, algorithm.resolvedAt)
            $0.bind(9, body)
        }
    }

    func save(_ evaluation: PoolEvaluation) throws {
        let body = try encode(evaluation)
        try run("""
            INSERT INTO pool_evaluations (algorithm_id, miner, body) VALUES (?, ?, ?)
            ON CONFLICT (algorithm_id, miner) DO UPDATE SET body = excluded.body
            """) {
            $0.bind(1, evaluation.algorithmID); $0.bind(2, evaluation.miner); $0.bind(3, body)
        }
    }

    func save(_ assignment: PoolAssignment) throws {
        let body = try encode(assignment)
        try run("""
            INSERT OR REPLACE INTO pool_assignments (id, miner, kind, window, status, timeout_at, body)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """) {
            $0.bind(1, assignment.id); $0.bind(2, assignment.miner); $0.bind(3, assignment.kind.rawValue)
            $0.bind(4, assignment.windowNumber); $0.bind(5, assignment.status.rawValue)
            $0.bind(6, assignment.timeoutAt); $0.bind(7, body)
        }
    }

    func save(_ sota: PoolSOTA) throws {
        let body = try encode(sota)
        try run("INSERT OR REPLACE INTO pool_sota (task_type, body) VALUES (?, ?)") {
            $0.bind(1, sota.taskType); $0.bind(2, body)
        }
    }

    func save(_ stats: PoolWindowStats) throws {
        let body = try encode(stats)
        try run("INSERT OR REPLACE INTO pool_window_stats (window, miner, settled, body) VALUES (?, ?, ?, ?)") {
            $0.bind(1, stats.windowNumber); $0.bind(2, stats.miner); $0.bind(3, stats.settled ? 1 : 0); $0.bind(4, body)
        }
    }
}

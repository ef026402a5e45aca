import Foundation

extension SQLitePoolTransaction {
    private static let algorithmColumns = """
        id, task_type, dsl, content_hash, parent_ids, submitter, is_seed, status, consensus_score, evaluation_count,
        in_flight, created_at, window_number, resolved_at, verified_by, verified_at
        """

    func algorithm(id: String) throws -> PoolAlgorithm? {
        try connection.statement("SELECT \(Self.algorithmColumns) FROM pool_algorithms WHERE id = ?", id).firstRow(Self.algorithm)
    }

    func algorithm(taskType: String, contentHash: String) throws -> PoolAlgorithm? {
        try connection.statement("""
            SELECT \(Self.algorithmColumns) FROM pool_algorithms WHERE task_type = ? AND content_hash = ?
            ORDER BY created_at, id LIMIT 1
            """, taskType, contentHash).firstRow(Self.algorithm)
    }

    func pendingCandidates(taskType: String, limit: Int) throws -> [PoolAlgorithm] {
        try connection.statement("""
            SELECT \(Self.algorithmColumns) FROM pool_algorithms
            WHERE task_type = ? AND status = 'pending' AND is_seed = 0 ORDER BY created_at, id LIMIT ?
            """, taskType, limit).rows(Self.algorithm)
    }

    func seeds(taskType: String) throws -> [PoolAlgorithm] {
        try connection.statement("SELECT \(Self.algorithmColumns) FROM pool_algorithms WHERE task_type = ? AND is_seed = 1 ORDER BY id",
                                 taskType).rows(Self.algorithm)
    }

    func scoredAlgorithms(taskType: String?, minScore: Double?, verified: Bool?, limit: Int) throws -> [PoolAlgorithm] {
        // The verified flag binds NULL (any), 1 (verified only) or 0 (unverified only).
        // Two statements, so that each filter finds its own index.
        guard let taskType else {
            return try connection.statement("""
                SELECT \(Self.algorithmColumns) FROM pool_algorithms
                WHERE status = 'scored' AND (?1 IS NULL OR consensus_score >= ?1)
                  AND (?3 IS NULL OR (verified_at IS NOT NULL) = ?3)
                ORDER BY consensus_score DESC, resolved_at, id LIMIT ?2
                """, minScore, limit, verified).rows(Self.algorithm)
        }
        return try connection.statement("""
            SELECT \(Self.algorithmColumns) FROM pool_algorithms
            WHERE status = 'scored' AND task_type = ?1 AND (?2 IS NULL OR consensus_score >= ?2)
              AND (?4 IS NULL OR (verified_at IS NOT NULL) = ?4)
            ORDER BY consensus_score DESC, resolved_at, id LIMIT ?3
            """, taskType, minScore, limit, verified).rows(Self.algorithm)
    }

    func save(_ algorithm: PoolAlgorithm) throws {
        try connection.statement("""
            INSERT OR REPLACE INTO pool_algorithms (\(Self.algorithmColumns))
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, algorithm.id, algorithm.taskType, algorithm.dsl, algorithm.contentHash, Self.idList(algorithm.parentIDs),
            algorithm.submitter, algorithm.isSeed, algorithm.status.rawValue, algorithm.consensusScore,
            algorithm.evaluationCount, algorithm.inFlight, algorithm.createdAt, algorithm.windowNumber,
            algorithm.resolvedAt, algorithm.verifiedBy, algorithm.verifiedAt).run()
    }

    private static func algorithm(_ s: SQLiteStatement) throws -> PoolAlgorithm {
        let record = "algorithm \(s.string(0))"
        var algorithm = PoolAlgorithm(id: s.string(0), taskType: s.string(1), dsl: s.string(2),
                                      parentIDs: try ids(s, 4, of: record), submitter: s.optionalString(5),
                                      isSeed: s.int(6) != 0, createdAt: s.date(11), windowNumber: s.int(12))
        // The stored hash, not one computed again: it is what the record was found by.
        algorithm.contentHash = s.string(3)
        algorithm.status = try value(s, 7, of: record)
        algorithm.consensusScore = s.optionalDouble(8)
        algorithm.evaluationCount = s.int(9)
        algorithm.inFlight = s.int(10)
        algorithm.resolvedAt = s.optionalDate(13)
        algorithm.verifiedBy = s.optionalString(14)
        algorithm.verifiedAt = s.optionalDate(15)
        return algorithm
    }
}

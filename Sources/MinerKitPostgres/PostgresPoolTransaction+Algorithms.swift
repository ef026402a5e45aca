import Foundation
import MinerKit
import PostgresNIO

extension PostgresPoolTransaction {
    private static let algorithmColumns = """
        id, task_type, dsl, content_hash, parent_ids, submitter, is_seed, status, consensus_score, evaluation_count,
        in_flight, created_at, window_number, resolved_at, verified_by, verified_at
        """

    func algorithm(id: String) async throws -> PoolAlgorithm? {
        let algorithm = try await algorithms("""
            SELECT \(unescaped: Self.algorithmColumns) FROM pool_algorithms WHERE id = \(id)\(unescaped: forUpdate)
            """).first
        noteMissing(Self.key(id), if: algorithm != nil)
        return algorithm
    }

    func algorithm(taskType: String, contentHash: String) async throws -> PoolAlgorithm? {
        // Not finding one lets a new candidate in: two writers with the same DSL take turns.
        try await lock(.contentHash, taskType + "\n" + contentHash)
        return try await algorithms("""
            SELECT \(unescaped: Self.algorithmColumns) FROM pool_algorithms
            WHERE task_type = \(taskType) AND content_hash = \(contentHash)
            ORDER BY created_at, id LIMIT 1\(unescaped: forUpdate)
            """).first
    }

    func pendingCandidates(taskType: String, limit: Int) async throws -> [PoolAlgorithm] {
        try await algorithms("""
            SELECT \(unescaped: Self.algorithmColumns) FROM pool_algorithms
            WHERE task_type = \(taskType) AND status = 'pending' AND NOT is_seed
            ORDER BY created_at, id LIMIT \(limit)\(unescaped: forUpdate)
            """)
    }

    func seeds(taskType: String) async throws -> [PoolAlgorithm] {
        try await algorithms("""
            SELECT \(unescaped: Self.algorithmColumns) FROM pool_algorithms WHERE task_type = \(taskType) AND is_seed
            ORDER BY id\(unescaped: forUpdate)
            """)
    }

    func scoredAlgorithms(taskType: String?, minScore: Double?, verified: Bool?, limit: Int) async throws -> [PoolAlgorithm] {
        try await algorithms("""
            SELECT \(unescaped: Self.algorithmColumns) FROM pool_algorithms
            WHERE status = 'scored' AND (\(taskType)::text IS NULL OR task_type = \(taskType))
              AND (\(minScore)::float8 IS NULL OR consensus_score >= \(minScore))
              AND (\(verified)::boolean IS NULL OR (verified_at IS NOT NULL) = \(verified))
            ORDER BY consensus_score DESC, resolved_at, id LIMIT \(limit)\(unescaped: forUpdate)
            """)
    }

    func save(_ algorithm: PoolAlgorithm) async throws {
        let dsl = Data(algorithm.dsl.utf8)
        try await save(Self.key(algorithm.id), update: """
            UPDATE pool_algorithms SET task_type = \(algorithm.taskType), dsl = \(dsl),
            content_hash = \(algorithm.contentHash), parent_ids = \(algorithm.parentIDs),
            submitter = \(algorithm.submitter), is_seed = \(algorithm.isSeed), status = \(algorithm.status.rawValue),
            consensus_score = \(algorithm.consensusScore), evaluation_count = \(algorithm.evaluationCount),
            in_flight = \(algorithm.inFlight), created_at = \(algorithm.createdAt.timeIntervalSince1970),
            window_number = \(algorithm.windowNumber), resolved_at = \(algorithm.resolvedAt?.timeIntervalSince1970),
            verified_by = \(algorithm.verifiedBy), verified_at = \(algorithm.verifiedAt?.timeIntervalSince1970)
            WHERE id = \(algorithm.id)
            """, insert: """
            INSERT INTO pool_algorithms (\(unescaped: Self.algorithmColumns)) VALUES (\(algorithm.id), \(algorithm.taskType),
            \(dsl), \(algorithm.contentHash), \(algorithm.parentIDs), \(algorithm.submitter), \(algorithm.isSeed),
            \(algorithm.status.rawValue), \(algorithm.consensusScore), \(algorithm.evaluationCount), \(algorithm.inFlight),
            \(algorithm.createdAt.timeIntervalSince1970), \(algorithm.windowNumber),
            \(algorithm.resolvedAt?.timeIntervalSince1970), \(algorithm.verifiedBy),
            \(algorithm.verifiedAt?.timeIntervalSince1970))
            ON CONFLICT DO NOTHING
            """)
    }

    private static func key(_ id: String) -> String { "algorithm \(id)" }

    private func algorithms(_ query: PostgresQuery) async throws -> [PoolAlgorithm] {
        try await sql.query(query).rows.map(Self.algorithm)
    }

    private static func algorithm(_ row: PostgresRow) throws -> PoolAlgorithm {
        var c = PostgresColumns(row)
        let id = try c.next(String.self), taskType = try c.next(String.self)
        let dslBytes = try c.next(Data.self)
        guard let dsl = String(data: dslBytes, encoding: .utf8) else {
            throw MinerKitError(.storage, code: "database_corrupt", "algorithm \(id) has a DSL that is not UTF-8")
        }
        let contentHash = try c.next(String.self), parentIDs = try c.next([String].self)
        let submitter = try c.next(String?.self), isSeed = try c.next(Bool.self), status = try c.next(String.self)
        let consensusScore = try c.next(Double?.self), evaluationCount = try c.next(Int.self)
        let inFlight = try c.next(Int.self)
        var algorithm = PoolAlgorithm(id: id, taskType: taskType, dsl: dsl, parentIDs: parentIDs, submitter: submitter,
                                      isSeed: isSeed, createdAt: try c.date(), windowNumber: try c.next())
        // The stored hash, not one computed again: it is what the record was found by.
        algorithm.contentHash = contentHash
        algorithm.status = try value(status, of: "algorithm \(id)")
        algorithm.consensusScore = consensusScore
        algorithm.evaluationCount = evaluationCount
        algorithm.inFlight = inFlight
        algorithm.resolvedAt = try c.optionalDate()
        algorithm.verifiedBy = try c.next()
        algorithm.verifiedAt = try c.optionalDate()
        return algorithm
    }
}

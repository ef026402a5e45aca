import Foundation

extension SQLitePoolTransaction {
    private static let evaluationColumns = "algorithm_id, miner, score, window_number, submitted_at"

    func evaluations(algorithmID: String) throws -> [PoolEvaluation] {
        try connection.statement("SELECT \(Self.evaluationColumns) FROM pool_evaluations WHERE algorithm_id = ? ORDER BY seq",
                                 algorithmID).rows(Self.evaluation)
    }

    func evaluation(algorithmID: String, miner: String) throws -> PoolEvaluation? {
        try connection.statement("SELECT \(Self.evaluationColumns) FROM pool_evaluations WHERE algorithm_id = ? AND miner = ?",
                                 algorithmID, miner).firstRow(Self.evaluation)
    }

    /// Replacing an evaluation keeps its place (`seq`) in submission order.
    func save(_ evaluation: PoolEvaluation) throws {
        try connection.statement("""
            INSERT INTO pool_evaluations (\(Self.evaluationColumns)) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (algorithm_id, miner) DO UPDATE SET score = excluded.score,
                window_number = excluded.window_number, submitted_at = excluded.submitted_at
            """, evaluation.algorithmID, evaluation.miner, evaluation.score, evaluation.windowNumber,
            evaluation.submittedAt).run()
    }

    private static func evaluation(_ s: SQLiteStatement) -> PoolEvaluation {
        PoolEvaluation(algorithmID: s.string(0), miner: s.string(1), score: s.double(2), windowNumber: s.int(3),
                       submittedAt: s.date(4))
    }
}

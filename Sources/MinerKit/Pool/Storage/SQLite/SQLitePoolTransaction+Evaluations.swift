import Foundation

extension SQLitePoolTransaction {
    private static let evaluationColumns = "algorithm_id, miner, score, window_number, submitted_at"

    func evaluations(algorithmID: String) throws -> [PoolEvaluation] {
        try rows("SELECT \(Self.evaluationColumns) FROM pool_evaluations WHERE algorithm_id = ? ORDER BY seq",
                 Self.evaluation) { $0.bind(1, algorithmID) }
    }

    func evaluation(algorithmID: String, miner: String) throws -> PoolEvaluation? {
        try rows("SELECT \(Self.evaluationColumns) FROM pool_evaluations WHERE algorithm_id = ? AND miner = ?",
                 Self.evaluation) { $0.bind(1, algorithmID); $0.bind(2, miner) }.first
    }

    /// Replacing an evaluation keeps its place (`seq`) in submission order.
    func save(_ evaluation: PoolEvaluation) throws {
        try run("""
            INSERT INTO pool_evaluations (\(Self.evaluationColumns)) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (algorithm_id, miner) DO UPDATE SET score = excluded.score,
                window_number = excluded.window_number, submitted_at = excluded.submitted_at
            """) {
            $0.bind(1, evaluation.algorithmID)
            $0.bind(2, evaluation.miner)
            $0.bind(3, evaluation.score)
            $0.bind(4, evaluation.windowNumber)
            $0.bind(5, evaluation.submittedAt)
        }
    }

    private static func evaluation(_ s: SQLiteStatement) -> PoolEvaluation {
        PoolEvaluation(algorithmID: s.string(0), miner: s.string(1), score: s.double(2), windowNumber: s.int(3),
                       submittedAt: s.date(4))
    }
}

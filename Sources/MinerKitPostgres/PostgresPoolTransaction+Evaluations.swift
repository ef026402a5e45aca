import Foundation
import MinerKit
import PostgresNIO

extension PostgresPoolTransaction {
    private static let evaluationColumns = "algorithm_id, miner, score, window_number, submitted_at"

    func evaluations(algorithmID: String) async throws -> [PoolEvaluation] {
        try await sql.query("""
            SELECT \(unescaped: Self.evaluationColumns) FROM pool_evaluations WHERE algorithm_id = \(algorithmID)
            ORDER BY seq\(unescaped: forUpdate)
            """).rows.map(Self.evaluation)
    }

    func evaluation(algorithmID: String, miner: String) async throws -> PoolEvaluation? {
        let evaluation = try await sql.query("""
            SELECT \(unescaped: Self.evaluationColumns) FROM pool_evaluations
            WHERE algorithm_id = \(algorithmID) AND miner = \(miner)\(unescaped: forUpdate)
            """).rows.map(Self.evaluation).first
        noteMissing(Self.key(algorithmID, miner), if: evaluation != nil)
        return evaluation
    }

    /// Replacing an evaluation keeps its sequence, so its place in the order first saved.
    func save(_ evaluation: PoolEvaluation) async throws {
        try await save(Self.key(evaluation.algorithmID, evaluation.miner), update: """
            UPDATE pool_evaluations SET score = \(evaluation.score), window_number = \(evaluation.windowNumber),
            submitted_at = \(evaluation.submittedAt.timeIntervalSince1970)
            WHERE algorithm_id = \(evaluation.algorithmID) AND miner = \(evaluation.miner)
            """, insert: """
            INSERT INTO pool_evaluations (\(unescaped: Self.evaluationColumns)) VALUES (\(evaluation.algorithmID),
            \(evaluation.miner), \(evaluation.score), \(evaluation.windowNumber), \(evaluation.submittedAt.timeIntervalSince1970))
            ON CONFLICT DO NOTHING
            """)
    }

    private static func key(_ algorithmID: String, _ miner: String) -> String {
        "the evaluation of \(algorithmID) by \(miner)"
    }

    private static func evaluation(_ row: PostgresRow) throws -> PoolEvaluation {
        var c = PostgresColumns(row)
        return PoolEvaluation(algorithmID: try c.next(), miner: try c.next(), score: try c.next(),
                              windowNumber: try c.next(), submittedAt: try c.date())
    }
}

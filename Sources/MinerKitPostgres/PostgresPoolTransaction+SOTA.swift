import Foundation
import MinerKit
import PostgresNIO

extension PostgresPoolTransaction {
    private static let sotaColumns = "task_type, algorithm_id, score, updated_at"

    func sota(taskType: String) async throws -> PoolSOTA? {
        let sota = try await sql.query("""
            SELECT \(unescaped: Self.sotaColumns) FROM pool_sota WHERE task_type = \(taskType)\(unescaped: forUpdate)
            """).rows.map(Self.sota).first
        noteMissing(Self.key(taskType), if: sota != nil)
        return sota
    }

    func allSOTA() async throws -> [PoolSOTA] {
        try await sql.query("SELECT \(unescaped: Self.sotaColumns) FROM pool_sota ORDER BY task_type\(unescaped: forUpdate)")
            .rows.map(Self.sota)
    }

    func save(_ sota: PoolSOTA) async throws {
        try await save(Self.key(sota.taskType), update: """
            UPDATE pool_sota SET algorithm_id = \(sota.algorithmID), score = \(sota.score),
            updated_at = \(sota.updatedAt.timeIntervalSince1970) WHERE task_type = \(sota.taskType)
            """, insert: """
            INSERT INTO pool_sota (\(unescaped: Self.sotaColumns))
            VALUES (\(sota.taskType), \(sota.algorithmID), \(sota.score), \(sota.updatedAt.timeIntervalSince1970))
            ON CONFLICT DO NOTHING
            """)
    }

    private static func key(_ taskType: String) -> String { "the SOTA of \(taskType)" }

    private static func sota(_ row: PostgresRow) throws -> PoolSOTA {
        var c = PostgresColumns(row)
        return PoolSOTA(taskType: try c.next(), algorithmID: try c.next(), score: try c.next(), updatedAt: try c.date())
    }
}

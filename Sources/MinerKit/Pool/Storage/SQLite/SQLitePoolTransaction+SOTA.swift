import Foundation

extension SQLitePoolTransaction {
    private static let sotaColumns = "task_type, algorithm_id, score, updated_at"

    func sota(taskType: String) throws -> PoolSOTA? {
        try connection.statement("SELECT \(Self.sotaColumns) FROM pool_sota WHERE task_type = ?", taskType).firstRow(Self.sota)
    }

    func allSOTA() throws -> [PoolSOTA] {
        try connection.statement("SELECT \(Self.sotaColumns) FROM pool_sota ORDER BY task_type").rows(Self.sota)
    }

    func save(_ sota: PoolSOTA) throws {
        try connection.statement("INSERT OR REPLACE INTO pool_sota (\(Self.sotaColumns)) VALUES (?, ?, ?, ?)",
                                 sota.taskType, sota.algorithmID, sota.score, sota.updatedAt).run()
    }

    private static func sota(_ s: SQLiteStatement) -> PoolSOTA {
        PoolSOTA(taskType: s.string(0), algorithmID: s.string(1), score: s.double(2), updatedAt: s.date(3))
    }
}

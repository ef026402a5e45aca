import Foundation

extension SQLitePoolTransaction {
    private static let sotaColumns = "task_type, algorithm_id, score, updated_at"

    func sota(taskType: String) throws -> PoolSOTA? {
        try rows("SELECT \(Self.sotaColumns) FROM pool_sota WHERE task_type = ?", Self.sota) { $0.bind(1, taskType) }.first
    }

    func allSOTA() throws -> [PoolSOTA] {
        try rows("SELECT \(Self.sotaColumns) FROM pool_sota ORDER BY task_type", Self.sota)
    }

    func save(_ sota: PoolSOTA) throws {
        try run("INSERT OR REPLACE INTO pool_sota (\(Self.sotaColumns)) VALUES (?, ?, ?, ?)") {
            $0.bind(1, sota.taskType)
            $0.bind(2, sota.algorithmID)
            $0.bind(3, sota.score)
            $0.bind(4, sota.updatedAt)
        }
    }

    private static func sota(_ s: SQLiteStatement) -> PoolSOTA {
        PoolSOTA(taskType: s.string(0), algorithmID: s.string(1), score: s.double(2), updatedAt: s.date(3))
    }
}

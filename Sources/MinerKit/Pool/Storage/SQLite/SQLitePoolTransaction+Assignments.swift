import Foundation

extension SQLitePoolTransaction {
    private static let assignmentColumns = """
        id, kind, miner, task_type, window_number, issued_at, timeout_at, evolve_budget, evaluate_ids, parent_ids,
        status
        """

    func assignment(id: String) throws -> PoolAssignment? {
        try connection.statement("SELECT \(Self.assignmentColumns) FROM pool_assignments WHERE id = ?", id)
            .firstRow(Self.assignment)
    }

    // The active-assignment queries name their partial index: without `ANALYZE` statistics the planner
    // prefers the status index used for counting, which holds every assignment ever issued.

    func activeAssignment(miner: String) throws -> PoolAssignment? {
        try connection.statement("""
            SELECT \(Self.assignmentColumns) FROM pool_assignments INDEXED BY pool_assignments_active_miner
            WHERE miner = ? AND status = 'active' LIMIT 1
            """, miner).firstRow(Self.assignment)
    }

    func overdueAssignments(at date: Date, limit: Int) throws -> [PoolAssignment] {
        try connection.statement("""
            SELECT \(Self.assignmentColumns) FROM pool_assignments INDEXED BY pool_assignments_deadline
            WHERE status = 'active' AND timeout_at <= ? ORDER BY timeout_at, id LIMIT ?
            """, date, limit).rows(Self.assignment)
    }

    func leaseCount(miner: String, window: Int) throws -> Int {
        try count("SELECT count(*) FROM pool_assignments WHERE miner = ? AND window_number = ? AND kind = 'lease'",
                  miner, window)
    }

    func save(_ assignment: PoolAssignment) throws {
        try connection.statement("""
            INSERT OR REPLACE INTO pool_assignments (\(Self.assignmentColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, assignment.id, assignment.kind.rawValue, assignment.miner, assignment.taskType, assignment.windowNumber,
            assignment.issuedAt, assignment.timeoutAt, assignment.evolveBudget, Self.idList(assignment.evaluateIDs),
            Self.idList(assignment.parentIDs), assignment.status.rawValue).run()
    }

    private static func assignment(_ s: SQLiteStatement) throws -> PoolAssignment {
        let record = "assignment \(s.string(0))"
        var assignment = PoolAssignment(id: s.string(0), kind: try value(s, 1, of: record), miner: s.string(2),
                                        taskType: s.string(3), windowNumber: s.int(4), issuedAt: s.date(5),
                                        timeoutAt: s.date(6), evolveBudget: s.int(7),
                                        evaluateIDs: try ids(s, 8, of: record), parentIDs: try ids(s, 9, of: record))
        assignment.status = try value(s, 10, of: record)
        return assignment
    }
}

import Foundation

extension SQLitePoolTransaction {
    private static let assignmentColumns = """
        id, kind, miner, task_type, window_number, issued_at, timeout_at, evolve_budget, evaluate_ids, parent_ids,
        status
        """

    func assignment(id: String) throws -> PoolAssignment? {
        try rows("SELECT \(Self.assignmentColumns) FROM pool_assignments WHERE id = ?", Self.assignment) {
            $0.bind(1, id)
        }.first
    }

    // The active-assignment queries name their partial index: without `ANALYZE` statistics the planner
    // prefers the status index used for counting, which holds every assignment ever issued.

    func activeAssignment(miner: String) throws -> PoolAssignment? {
        try rows("""
            SELECT \(Self.assignmentColumns) FROM pool_assignments INDEXED BY pool_assignments_active_miner
            WHERE miner = ? AND status = 'active' LIMIT 1
            """, Self.assignment) { $0.bind(1, miner) }.first
    }

    func overdueAssignments(at date: Date, limit: Int) throws -> [PoolAssignment] {
        try rows("""
            SELECT \(Self.assignmentColumns) FROM pool_assignments INDEXED BY pool_assignments_deadline
            WHERE status = 'active' AND timeout_at <= ? ORDER BY timeout_at, id LIMIT ?
            """, Self.assignment) { $0.bind(1, date); $0.bind(2, limit) }
    }

    func leaseCount(miner: String, window: Int) throws -> Int {
        try count("SELECT count(*) FROM pool_assignments WHERE miner = ? AND window_number = ? AND kind = 'lease'") {
            $0.bind(1, miner); $0.bind(2, window)
        }
    }

    func save(_ assignment: PoolAssignment) throws {
        try run("""
            INSERT OR REPLACE INTO pool_assignments (\(Self.assignmentColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """) {
            $0.bind(1, assignment.id)
            $0.bind(2, assignment.kind.rawValue)
            $0.bind(3, assignment.miner)
            $0.bind(4, assignment.taskType)
            $0.bind(5, assignment.windowNumber)
            $0.bind(6, assignment.issuedAt)
            $0.bind(7, assignment.timeoutAt)
            $0.bind(8, assignment.evolveBudget)
            $0.bind(9, Self.idList(assignment.evaluateIDs))
            $0.bind(10, Self.idList(assignment.parentIDs))
            $0.bind(11, assignment.status.rawValue)
        }
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

import Foundation
import MinerKit
import PostgresNIO

extension PostgresPoolTransaction {
    private static let assignmentColumns = """
        id, kind, miner, task_type, window_number, issued_at, timeout_at, evolve_budget, evaluate_ids, parent_ids,
        status
        """

    func assignment(id: String) async throws -> PoolAssignment? {
        let assignment = try await assignments("""
            SELECT \(unescaped: Self.assignmentColumns) FROM pool_assignments WHERE id = \(id)\(unescaped: forUpdate)
            """).first
        noteMissing(Self.key(id), if: assignment != nil)
        return assignment
    }

    func activeAssignment(miner: String) async throws -> PoolAssignment? {
        // Finding none lets a new assignment in: two requests of one miner take turns.
        try await lock(.minerAssignments, miner)
        return try await assignments("""
            SELECT \(unescaped: Self.assignmentColumns) FROM pool_assignments WHERE miner = \(miner) AND status = 'active'
            ORDER BY id LIMIT 1\(unescaped: forUpdate)
            """).first
    }

    func overdueAssignments(at date: Date, limit: Int) async throws -> [PoolAssignment] {
        // SKIP LOCKED: an assignment another unit of work holds is being submitted or expired right now.
        try await assignments("""
            SELECT \(unescaped: Self.assignmentColumns) FROM pool_assignments
            WHERE status = 'active' AND timeout_at <= \(date.timeIntervalSince1970)
            ORDER BY timeout_at, id LIMIT \(limit)\(unescaped: forUpdateSkipLocked)
            """)
    }

    func leaseCount(miner: String, window: Int) async throws -> Int {
        // A count cannot lock rows; the miner's lock keeps it from changing until this unit of work ends.
        try await lock(.minerAssignments, miner)
        let result = try await sql.query("""
            SELECT count(*) FROM pool_assignments WHERE miner = \(miner) AND window_number = \(window) AND kind = 'lease'
            """)
        return try result.rows.first?.decode(Int.self) ?? 0
    }

    func save(_ assignment: PoolAssignment) async throws {
        try await save(Self.key(assignment.id), update: """
            UPDATE pool_assignments SET kind = \(assignment.kind.rawValue), miner = \(assignment.miner),
            task_type = \(assignment.taskType), window_number = \(assignment.windowNumber),
            issued_at = \(assignment.issuedAt.timeIntervalSince1970), timeout_at = \(assignment.timeoutAt.timeIntervalSince1970),
            evolve_budget = \(assignment.evolveBudget), evaluate_ids = \(assignment.evaluateIDs),
            parent_ids = \(assignment.parentIDs), status = \(assignment.status.rawValue)
            WHERE id = \(assignment.id)
            """, insert: """
            INSERT INTO pool_assignments (\(unescaped: Self.assignmentColumns)) VALUES (\(assignment.id),
            \(assignment.kind.rawValue), \(assignment.miner), \(assignment.taskType), \(assignment.windowNumber),
            \(assignment.issuedAt.timeIntervalSince1970), \(assignment.timeoutAt.timeIntervalSince1970),
            \(assignment.evolveBudget), \(assignment.evaluateIDs), \(assignment.parentIDs), \(assignment.status.rawValue))
            ON CONFLICT DO NOTHING
            """)
    }

    private static func key(_ id: String) -> String { "assignment \(id)" }

    private func assignments(_ query: PostgresQuery) async throws -> [PoolAssignment] {
        try await sql.query(query).rows.map(Self.assignment)
    }

    private static func assignment(_ row: PostgresRow) throws -> PoolAssignment {
        var c = PostgresColumns(row)
        let id = try c.next(String.self), kind = try c.next(String.self)
        var assignment = PoolAssignment(id: id, kind: try value(kind, of: "assignment \(id)"), miner: try c.next(),
                                        taskType: try c.next(), windowNumber: try c.next(), issuedAt: try c.date(),
                                        timeoutAt: try c.date(), evolveBudget: try c.next(), evaluateIDs: try c.next(),
                                        parentIDs: try c.next())
        assignment.status = try value(try c.next(String.self), of: "assignment \(id)")
        return assignment
    }
}

import PostgresNIO

/// The writes a unit of work has queued, as the one statement that sends them (see
/// ``PostgresTransaction/write(_:)``).
///
/// One write alone goes as itself with `RETURNING pg_current_xact_id()::text` added (the statement
/// `minerkit-bench postgres` measures against pgbench). Several go as data-modifying `WITH` members, one
/// per write, under a `SELECT` of each member's row count and the transaction id; the last may be a
/// *carrier*, whose own result columns come after those (``Carrier``). Members of one statement share
/// its snapshot and do not see each other's changes, which is why writes of one row are never batched
/// together and a read always sends the queue first.
struct PostgresWriteBatch {
    /// A write whose caller needs more than its row count: `results`, expressions over its `RETURNING`
    /// columns (the member is named `written`) or over the tables as they were before the statement.
    struct Carrier {
        var write: PostgresWrite
        var returning: String
        var results: String
    }

    let writes: [PostgresWrite]
    let carrier: Carrier?
    /// The unit commits with `synchronous_commit` off, which this statement sets.
    let deferred: Bool

    private var isPlain: Bool { carrier == nil && writes.count == 1 }

    private var allWrites: [PostgresWrite] { writes + (carrier.map { [$0.write] } ?? []) }

    /// Where the carrier's results start in the statement's row: after the counts, the id and the setting.
    var resultsColumn: Int { allWrites.count + 1 + (deferred ? 1 : 0) }

    var statement: PostgresFragment {
        let setting = deferred ? ", set_config('synchronous_commit', 'off', true)" : ""
        if isPlain {
            var statement = writes[0].statement
            statement.append(" RETURNING pg_current_xact_id()::text\(unescaped: setting)")
            return statement
        }
        var statement: PostgresFragment = ""
        var members: [String] = []
        for write in writes {
            statement.append(members.isEmpty ? "WITH w0 AS (" : ", w\(unescaped: String(members.count)) AS (")
            members.append("w\(members.count)")
            statement.append(write.statement)
            statement.append(" RETURNING pg_current_xact_id()::text AS xid)")
        }
        if let carrier {
            statement.append(members.isEmpty ? "WITH written AS (" : ", written AS (")
            members.append("written")
            statement.append(carrier.write.statement)
            statement.append(" RETURNING pg_current_xact_id()::text AS xid, \(unescaped: carrier.returning))")
        }
        let counts = members.map { "(SELECT count(*) FROM \($0))" }.joined(separator: ", ")
        let id = "(" + members.map { "SELECT xid FROM \($0)" }.joined(separator: " UNION ALL ") + " LIMIT 1)"
        statement.append(" SELECT \(unescaped: counts), \(unescaped: id)\(unescaped: setting)")
        if let carrier { statement.append(", \(unescaped: carrier.results)") }
        return statement
    }

    /// Runs every write's check on the rows the statement returned; the transaction id it reported, if any.
    func settle(_ rows: [PostgresRow]) throws -> String? {
        // A plain write returns one row per row it changed.
        if isPlain { try writes[0].check(rows.count) }
        guard let row = rows.first else { return nil }
        var columns = PostgresColumns(row)
        if !isPlain {
            for write in allWrites { try write.check(try columns.next(Int.self)) }
        }
        return try columns.next(String?.self)
    }
}

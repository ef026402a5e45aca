/// One `INSERT`, `UPDATE` or `DELETE` a unit of work hands to ``PostgresTransaction/write(_:)``, which
/// may send it together with the unit's other writes, in one statement.
///
/// ```swift
/// try await transaction.write(PostgresWrite("UPDATE jobs SET state = \(state) WHERE id = \(id)",
///                                           row: "jobs \(id)") { changed in
///     guard changed == 1 else { throw MinerKitError(.notFound, code: "job_not_found", "no job \(id)") }
/// })
/// ```
public struct PostgresWrite: Sendable {
    /// The statement, without a `RETURNING` clause.
    public var statement: PostgresFragment
    /// The row it changes, when it changes one: two writes of one row never travel in one statement
    /// (a statement cannot change a row twice).
    public var row: String?
    /// Judges the number of rows the statement changed, once it has run; what it throws fails the unit.
    public var check: @Sendable (Int) throws -> Void

    public init(_ statement: PostgresFragment, row: String? = nil,
                check: @escaping @Sendable (Int) throws -> Void = { _ in }) {
        self.statement = statement
        self.row = row
        self.check = check
    }
}

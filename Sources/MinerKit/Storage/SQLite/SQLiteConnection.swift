import CSQLite

/// One SQLite connection with a cache of prepared statements.
///
/// Not thread-safe by itself: ``SQLiteDatabasePool`` owns each connection behind a lock.
final class SQLiteConnection {
    let handle: OpaquePointer
    let path: String
    private var statements: [String: SQLiteStatement] = [:]
    /// Statements handed out since the last ``resetUsed()``; a statement left mid-result keeps a
    /// read snapshot open, so every transaction resets them before it ends.
    private var used: [SQLiteStatement] = []

    /// Opens `path` read-write (creating it) or read-only.
    init(path: String, readOnly: Bool) throws {
        var db: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
            | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError.make(rc, message, path: path)
        }
        self.handle = db
        self.path = path
        sqlite3_extended_result_codes(db, 1)
    }

    deinit {
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more SQL statements that return no rows.
    func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        defer { sqlite3_free(message) }
        guard rc == SQLITE_OK else {
            throw SQLiteError.make(rc, message.map { String(cString: $0) } ?? lastMessage, path: path)
        }
    }

    /// A prepared statement for `sql`, reused across calls (reset and unbound before it is returned),
    /// with `values` bound to its first placeholders in order.
    func statement(_ sql: String, _ values: any SQLiteValue...) throws -> SQLiteStatement {
        try statement(sql, binding: values)
    }

    /// ``statement(_:_:)`` with the values given as a list.
    func statement(_ sql: String, binding values: [any SQLiteValue]) throws -> SQLiteStatement {
        let statement = try cached(sql)
        used.append(statement)
        for (offset, value) in values.enumerated() { value.bind(to: statement, at: Int32(offset + 1)) }
        return statement
    }

    /// Runs one statement that returns no rows, prepared once (`BEGIN`, `COMMIT`, savepoints).
    func run(_ sql: String) throws {
        let statement = try cached(sql)
        defer { statement.reset() }
        try statement.run()
    }

    private func cached(_ sql: String) throws -> SQLiteStatement {
        if let cached = statements[sql] {
            cached.reset()
            return cached
        }
        var raw: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &raw, nil)
        guard rc == SQLITE_OK, let raw else { throw SQLiteError.make(rc, lastMessage, path: path) }
        let statement = SQLiteStatement(raw, connection: self)
        statements[sql] = statement
        return statement
    }

    /// Reads a single integer from a query such as `PRAGMA user_version`.
    func scalarInt(_ sql: String) throws -> Int64 {
        let statement = try statement(sql)
        defer { resetUsed() }
        guard try statement.step() else { return 0 }
        return statement.int64(0)
    }

    /// Runs `body` in a read transaction (`BEGIN` … `COMMIT`: one snapshot throughout); rolls back if it
    /// throws. Writes go through ``SQLiteWriteQueue``.
    func readTransaction<T>(_ body: () async throws -> T) async throws -> T {
        try run("BEGIN")
        do {
            let value = try await body()
            resetUsed()
            try run("COMMIT")
            return value
        } catch {
            resetUsed()
            try? run("ROLLBACK")
            throw error
        }
    }

    /// Resets every statement used since the last call, ending their hold on the snapshot.
    func resetUsed() {
        for statement in used { statement.reset() }
        used.removeAll(keepingCapacity: true)
    }

    var lastMessage: String { String(cString: sqlite3_errmsg(handle)) }
}

import CSQLite

/// Turns SQLite result codes into ``MinerKitError``s with a clear message.
enum SQLiteError {
    /// Runs `body`, turning a uniqueness or key violation into `conflict` (the table's own clear error).
    @discardableResult
    static func onConstraint<T>(_ conflict: @autoclosure () -> MinerKitError, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as MinerKitError where error.code == "constraint_violation" {
            throw conflict()
        }
    }

    static func make(_ code: Int32, _ message: String, path: String) -> MinerKitError {
        switch code & 0xff {
        case SQLITE_NOTADB:
            MinerKitError(.storage, code: "not_a_database",
                          "\(path) is not a SQLite database (or is encrypted): \(message)")
        case SQLITE_CORRUPT:
            MinerKitError(.storage, code: "database_corrupt", "\(path) is corrupt: \(message)")
        case SQLITE_BUSY, SQLITE_LOCKED:
            MinerKitError(.unavailable, code: "database_busy", "the database is busy", retryAfter: 1)
        case SQLITE_CANTOPEN:
            MinerKitError(.storage, code: "database_cannot_open", "cannot open \(path): \(message)")
        case SQLITE_CONSTRAINT:
            MinerKitError(.conflict, code: "constraint_violation", "the change conflicts with stored data: \(message)")
        case SQLITE_FULL:
            // The request was fine: the service cannot store anything until space is freed (503).
            // A client sees this detail (503s are not logged), so it names no path.
            MinerKitError(.unavailable, code: "database_full", "the disk holding the database is full", retryAfter: 30)
        case SQLITE_READONLY:
            MinerKitError(.storage, code: "database_read_only", "\(path) is read-only: \(message)")
        default:
            MinerKitError(.storage, code: "sqlite_error", "SQLite error \(code): \(message)")
        }
    }
}

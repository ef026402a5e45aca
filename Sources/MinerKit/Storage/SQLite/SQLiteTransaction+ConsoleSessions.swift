import Foundation

extension SQLiteTransaction: ConsoleSessionWriting {
    func consoleSession(hash: String) throws -> ConsoleSessionRecord? {
        let statement = try connection.statement(
            "SELECT client_key_hash, created_at, expires_at FROM console_sessions WHERE session_hash = ?")
        statement.bind(1, hash)
        guard try statement.step() else { return nil }
        return ConsoleSessionRecord(sessionHash: hash, clientKeyHash: statement.string(0), createdAt: statement.date(1),
                                    expiresAt: statement.date(2))
    }

    func insert(_ session: ConsoleSessionRecord) throws {
        let statement = try connection.statement(
            "INSERT INTO console_sessions (session_hash, client_key_hash, created_at, expires_at) VALUES (?,?,?,?)")
        statement.bind(1, session.sessionHash)
        statement.bind(2, session.clientKeyHash)
        statement.bind(3, session.createdAt)
        statement.bind(4, session.expiresAt)
        try statement.run()
    }

    func deleteConsoleSession(hash: String) throws -> Bool {
        let statement = try connection.statement("DELETE FROM console_sessions WHERE session_hash = ?")
        statement.bind(1, hash)
        try statement.run()
        return statement.changes == 1
    }

    func deleteConsoleSessions(expiredBefore cutoff: Date, limit: Int) throws -> Int {
        let statement = try connection.statement("""
            DELETE FROM console_sessions WHERE session_hash IN
            (SELECT session_hash FROM console_sessions WHERE expires_at < ? LIMIT ?)
            """)
        statement.bind(1, cutoff)
        statement.bind(2, limit)
        try statement.run()
        return statement.changes
    }
}

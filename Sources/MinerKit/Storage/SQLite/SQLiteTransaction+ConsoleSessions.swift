import Foundation

extension SQLiteTransaction: ConsoleSessionWriting {
    func consoleSession(hash: String) throws -> ConsoleSessionRecord? {
        try connection.statement(
            "SELECT client_key_hash, created_at, expires_at FROM console_sessions WHERE session_hash = ?", hash
        ).firstRow {
            ConsoleSessionRecord(sessionHash: hash, clientKeyHash: $0.string(0), createdAt: $0.date(1), expiresAt: $0.date(2))
        }
    }

    func insert(_ session: ConsoleSessionRecord) throws {
        try connection.statement(
            "INSERT INTO console_sessions (session_hash, client_key_hash, created_at, expires_at) VALUES (?,?,?,?)",
            session.sessionHash, session.clientKeyHash, session.createdAt, session.expiresAt).run()
    }

    func deleteConsoleSession(hash: String) throws -> Bool {
        try connection.statement("DELETE FROM console_sessions WHERE session_hash = ?", hash).run() == 1
    }

    func deleteConsoleSessions(expiredBefore cutoff: Date, limit: Int) throws -> Int {
        try connection.statement("""
            DELETE FROM console_sessions WHERE session_hash IN
            (SELECT session_hash FROM console_sessions WHERE expires_at < ? LIMIT ?)
            """, cutoff, limit).run()
    }
}

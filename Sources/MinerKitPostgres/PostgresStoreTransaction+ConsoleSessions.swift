import Foundation
import MinerKit
import PostgresNIO

/// Console sessions, one row per session id hash.
extension PostgresStoreTransaction: ConsoleSessionWriting {
    func consoleSession(hash: String) async throws -> ConsoleSessionRecord? {
        let result = try await sql.query("""
            SELECT client_key_hash, created_at, expires_at FROM console_sessions WHERE session_hash = \(hash)
            """)
        guard let row = result.rows.first else { return nil }
        var c = PostgresColumns(row)
        return ConsoleSessionRecord(sessionHash: hash, clientKeyHash: try c.next(), createdAt: try c.date(), expiresAt: try c.date())
    }

    func insert(_ session: ConsoleSessionRecord) async throws {
        _ = try await sql.query("""
            INSERT INTO console_sessions (session_hash, client_key_hash, created_at, expires_at)
            VALUES (\(session.sessionHash), \(session.clientKeyHash), \(session.createdAt.timeIntervalSince1970),
                    \(session.expiresAt.timeIntervalSince1970))
            """)
    }

    func deleteConsoleSession(hash: String) async throws -> Bool {
        let result = try await sql.query("DELETE FROM console_sessions WHERE session_hash = \(hash)")
        return result.metadata.rows == 1
    }

    func deleteConsoleSessions(expiredBefore cutoff: Date, limit: Int) async throws -> Int {
        let result = try await sql.query("""
            DELETE FROM console_sessions WHERE session_hash IN (
                SELECT session_hash FROM console_sessions WHERE expires_at < \(cutoff.timeIntervalSince1970)
                LIMIT \(limit) FOR UPDATE SKIP LOCKED)
            """)
        return result.metadata.rows ?? 0
    }
}

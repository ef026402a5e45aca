import Foundation

extension InMemoryTransaction: ConsoleSessionWriting {
    func consoleSession(hash: String) throws -> ConsoleSessionRecord? {
        db.consoleSessions[hash]
    }

    func insert(_ session: ConsoleSessionRecord) throws {
        let previous = db.consoleSessions[session.sessionHash]
        db.consoleSessions[session.sessionHash] = session
        onRollback { db in db.consoleSessions[session.sessionHash] = previous }
    }

    func deleteConsoleSession(hash: String) throws -> Bool {
        guard let removed = db.consoleSessions.removeValue(forKey: hash) else { return false }
        onRollback { db in db.consoleSessions[hash] = removed }
        return true
    }

    func deleteConsoleSessions(expiredBefore cutoff: Date, limit: Int) throws -> Int {
        let expired = db.consoleSessions.values.filter { $0.expiresAt < cutoff }.prefix(limit)
        for session in expired { _ = try deleteConsoleSession(hash: session.sessionHash) }
        return expired.count
    }
}

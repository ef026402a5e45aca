import Foundation

/// A console visitor's sign-in: the session id in the visitor's cookie stands for a client key, so
/// the key itself never travels in a cookie. Only the SHA-256 of the session id is stored, so a copy
/// of the database signs nobody in. Kept in the store, so every node sharing it knows the session.
public struct ConsoleSessionRecord: Sendable, Equatable {
    /// Hex SHA-256 of the session id the cookie carries.
    public var sessionHash: String
    /// The hash of the client key the session signs in as (``ClientKeyRecord/keyHash``).
    public var clientKeyHash: String
    public var createdAt: Date
    /// When the session ends; a session past it signs nobody in and is deleted by maintenance.
    public var expiresAt: Date

    public init(sessionHash: String, clientKeyHash: String, createdAt: Date, expiresAt: Date) {
        self.sessionHash = sessionHash
        self.clientKeyHash = clientKeyHash
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// Reading console sessions inside a transaction.
public protocol ConsoleSessionReading {
    /// The session whose id hashes to `hash` (expired or not), or `nil`.
    func consoleSession(hash: String) async throws -> ConsoleSessionRecord?
}

/// Writing console sessions inside a write transaction.
public protocol ConsoleSessionWriting: ConsoleSessionReading {
    /// Stores a new session (its hash is fresh: 256 random bits).
    func insert(_ session: ConsoleSessionRecord) async throws
    /// Deletes the session whose id hashes to `hash`; whether there was one.
    func deleteConsoleSession(hash: String) async throws -> Bool
    /// Deletes up to `limit` sessions that expired before `cutoff`; returns how many.
    func deleteConsoleSessions(expiredBefore cutoff: Date, limit: Int) async throws -> Int
}

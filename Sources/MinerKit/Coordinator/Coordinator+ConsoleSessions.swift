import Foundation

extension Coordinator {
    /// How long a console sign-in lasts, in seconds (12 h); maintenance deletes it after.
    public static let consoleSessionLifetime: TimeInterval = 12 * 60 * 60

    /// Signs a console visitor in as the client `credentials` authenticate (401 otherwise): stores a new
    /// session (only its hash) and returns its id, which the console keeps in a cookie instead of the key.
    public func startConsoleSession(_ credentials: ClientCredentials) async throws -> ConsoleSessionID {
        let now = clock.now()
        let id = ConsoleSessionID.generate()
        try await store.write { db in
            let client = try await CredentialCheck.client(credentials, at: now, in: db)
            try await db.insert(ConsoleSessionRecord(sessionHash: id.hash, clientKeyHash: client.keyHash, createdAt: now,
                                                     expiresAt: now.addingTimeInterval(Self.consoleSessionLifetime)))
        }
        return id
    }

    /// Signs the session out (deletes it on every node); an unknown or expired session changes nothing.
    public func endConsoleSession(_ id: ConsoleSessionID) async throws {
        _ = try await store.write { db in try await db.deleteConsoleSession(hash: id.hash) }
    }
}

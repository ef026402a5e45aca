import Foundation

/// A client's API key as stored: only its hash.
public struct ClientKeyRecord: Sendable, Equatable {
    /// Public name of the key (`ck_…`); jobs and receipts name their client by it.
    public var id: String
    /// Human label given at creation.
    public var name: String
    /// Hex SHA-256 of the key text (see ``APIKey/hash``).
    public var keyHash: String
    public var createdAt: Date

    public init(id: String, name: String, keyHash: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.keyHash = keyHash
        self.createdAt = createdAt
    }
}

/// Reading client keys inside a transaction.
public protocol ClientKeyReading {
    /// The key whose hash is `keyHash`, or `nil`.
    func clientKey(hash keyHash: String) async throws -> ClientKeyRecord?
    func clientKeyCount() async throws -> Int
}

/// Adding client keys inside a write transaction.
public protocol ClientKeyWriting: ClientKeyReading {
    /// Stores a new key; a duplicate id or hash is a conflict.
    func insert(_ key: ClientKeyRecord) async throws
    /// Serializes the units of work that check a key text is nobody's (no client's, no miner's) before
    /// storing it, until this one ends: a key must find exactly one owner. Single-writer stores need
    /// nothing; PostgreSQL takes a transaction-scoped advisory lock (key registrations are rare).
    func lockKeys() async throws
}

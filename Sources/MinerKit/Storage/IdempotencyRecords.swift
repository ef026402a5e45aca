import Foundation

/// A client's `Idempotency-Key` and the submit it answered: the same client sending the same key again
/// gets that job back instead of a new one (see ``Coordinator/submitJob(_:credentials:idempotencyKey:)``).
public struct IdempotencyRecord: Sendable, Equatable {
    /// The client the key belongs to: keys are scoped per client.
    public var client: String
    /// The key as the client sent it.
    public var key: String
    /// SHA-256 (hex) of the submission the key first came with (``JobSubmission/fingerprint``).
    public var requestHash: String
    /// The job that submission created.
    public var jobID: String
    /// When the key was first used; it is kept at least ``Coordinator/idempotencyKeyLifetime`` after.
    public var createdAt: Date

    public init(client: String, key: String, requestHash: String, jobID: String, createdAt: Date) {
        self.client = client
        self.key = key
        self.requestHash = requestHash
        self.jobID = jobID
        self.createdAt = createdAt
    }
}

/// Reading idempotency keys inside a transaction.
public protocol IdempotencyReading {
    /// The record of `key` for `client`, or `nil`.
    func idempotencyRecord(client: String, key: String) async throws -> IdempotencyRecord?
}

/// Writing idempotency keys inside a write transaction.
public protocol IdempotencyWriting: IdempotencyReading {
    /// Stores `record` unless its client already used its key; returns the record already stored then
    /// (and stores nothing), `nil` when `record` was stored. Uniqueness of (client, key) is the store's:
    /// a multi-writer store enforces it with a unique constraint (`ON CONFLICT`), so of two units of
    /// work inserting the same key concurrently, one stores it and the other reads it once the first
    /// commits; never a read followed by an insert.
    func claimIdempotencyKey(_ record: IdempotencyRecord) async throws -> IdempotencyRecord?
    /// Deletes up to `limit` records created before `cutoff`; returns how many.
    func deleteIdempotencyKeys(createdBefore cutoff: Date, limit: Int) async throws -> Int
}

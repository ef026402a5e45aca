import Foundation
import MinerKit
import PostgresNIO

/// Idempotency keys: the primary key (client, key) decides which submit owns a key. Of two units of work
/// inserting the same key, the second's `INSERT … ON CONFLICT DO NOTHING` waits for the first to commit,
/// inserts nothing, and its next statement (READ COMMITTED: a fresh snapshot) reads the first's row; if
/// the first rolled back, the second's insert goes through. No read comes before the insert.
extension PostgresStoreTransaction: IdempotencyWriting {
    func idempotencyRecord(client: String, key: String) async throws -> IdempotencyRecord? {
        let result = try await sql.query("""
            SELECT request_hash, job_id, created_at FROM idempotency_keys WHERE client = \(client) AND key = \(key)
            """)
        guard let row = result.rows.first else { return nil }
        var c = PostgresColumns(row)
        return IdempotencyRecord(client: client, key: key, requestHash: try c.next(), jobID: try c.next(), createdAt: try c.date())
    }

    func claimIdempotencyKey(_ record: IdempotencyRecord) async throws -> IdempotencyRecord? {
        let result = try await sql.query("""
            INSERT INTO idempotency_keys (client, key, request_hash, job_id, created_at)
            VALUES (\(record.client), \(record.key), \(record.requestHash), \(record.jobID), \(record.createdAt.timeIntervalSince1970))
            ON CONFLICT DO NOTHING
            """)
        if result.metadata.rows == 1 { return nil }
        guard let stored = try await idempotencyRecord(client: record.client, key: record.key) else {
            // Swept between the two statements (it was past its lifetime): run the unit of work again.
            throw PostgresFailure.retry("idempotency key \(record.key) vanished while being read")
        }
        return stored
    }

    func deleteIdempotencyKeys(createdBefore cutoff: Date, limit: Int) async throws -> Int {
        let result = try await sql.query("""
            DELETE FROM idempotency_keys WHERE (client, key) IN (
                SELECT client, key FROM idempotency_keys WHERE created_at < \(cutoff.timeIntervalSince1970)
                LIMIT \(limit) FOR UPDATE SKIP LOCKED)
            """)
        return result.metadata.rows ?? 0
    }
}

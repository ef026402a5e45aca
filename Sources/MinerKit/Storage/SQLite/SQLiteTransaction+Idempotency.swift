import Foundation

extension SQLiteTransaction: IdempotencyWriting {
    func idempotencyRecord(client: String, key: String) throws -> IdempotencyRecord? {
        try connection.statement(
            "SELECT request_hash, job_id, created_at FROM idempotency_keys WHERE client = ? AND key = ?", client, key
        ).firstRow {
            IdempotencyRecord(client: client, key: key, requestHash: $0.string(0), jobID: $0.string(1), createdAt: $0.date(2))
        }
    }

    func claimIdempotencyKey(_ record: IdempotencyRecord) throws -> IdempotencyRecord? {
        // The primary key decides: the insert changes no row when the client used the key already.
        let inserted = try connection.statement("""
            INSERT INTO idempotency_keys (client, key, request_hash, job_id, created_at) VALUES (?,?,?,?,?)
            ON CONFLICT DO NOTHING
            """, record.client, record.key, record.requestHash, record.jobID, record.createdAt).run()
        return inserted == 1 ? nil : try idempotencyRecord(client: record.client, key: record.key)
    }

    func deleteIdempotencyKeys(createdBefore cutoff: Date, limit: Int) throws -> Int {
        try connection.statement("""
            DELETE FROM idempotency_keys WHERE rowid IN
            (SELECT rowid FROM idempotency_keys WHERE created_at < ? LIMIT ?)
            """, cutoff, limit).run()
    }
}

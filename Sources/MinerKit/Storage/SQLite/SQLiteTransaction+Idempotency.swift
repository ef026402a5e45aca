import Foundation

extension SQLiteTransaction: IdempotencyWriting {
    func idempotencyRecord(client: String, key: String) throws -> IdempotencyRecord? {
        let statement = try connection.statement(
            "SELECT request_hash, job_id, created_at FROM idempotency_keys WHERE client = ? AND key = ?")
        statement.bind(1, client)
        statement.bind(2, key)
        guard try statement.step() else { return nil }
        return IdempotencyRecord(client: client, key: key, requestHash: statement.string(0), jobID: statement.string(1),
                                 createdAt: statement.date(2))
    }

    func claimIdempotencyKey(_ record: IdempotencyRecord) throws -> IdempotencyRecord? {
        // The primary key decides: the insert changes no row when the client used the key already.
        let statement = try connection.statement("""
            INSERT INTO idempotency_keys (client, key, request_hash, job_id, created_at) VALUES (?,?,?,?,?)
            ON CONFLICT DO NOTHING
            """)
        statement.bind(1, record.client)
        statement.bind(2, record.key)
        statement.bind(3, record.requestHash)
        statement.bind(4, record.jobID)
        statement.bind(5, record.createdAt)
        try statement.run()
        return statement.changes == 1 ? nil : try idempotencyRecord(client: record.client, key: record.key)
    }

    func deleteIdempotencyKeys(createdBefore cutoff: Date, limit: Int) throws -> Int {
        let statement = try connection.statement("""
            DELETE FROM idempotency_keys WHERE rowid IN
            (SELECT rowid FROM idempotency_keys WHERE created_at < ? LIMIT ?)
            """)
        statement.bind(1, cutoff)
        statement.bind(2, limit)
        try statement.run()
        return statement.changes
    }
}

import Foundation

extension InMemoryTransaction: IdempotencyWriting {
    func idempotencyRecord(client: String, key: String) throws -> IdempotencyRecord? {
        db.idempotencyKeys[client]?[key]
    }

    func claimIdempotencyKey(_ record: IdempotencyRecord) throws -> IdempotencyRecord? {
        if let stored = db.idempotencyKeys[record.client]?[record.key] { return stored }
        db.idempotencyKeys[record.client, default: [:]][record.key] = record
        onRollback { db in db.idempotencyKeys[record.client]?[record.key] = nil }
        return nil
    }

    func deleteIdempotencyKeys(createdBefore cutoff: Date, limit: Int) throws -> Int {
        var deleted = 0
        for (client, records) in db.idempotencyKeys {
            for (key, record) in records where record.createdAt < cutoff {
                guard deleted < limit else { return deleted }
                db.idempotencyKeys[client]?[key] = nil
                onRollback { db in db.idempotencyKeys[client, default: [:]][key] = record }
                deleted += 1
            }
            if db.idempotencyKeys[client]?.isEmpty == true { db.idempotencyKeys[client] = nil }
        }
        return deleted
    }
}

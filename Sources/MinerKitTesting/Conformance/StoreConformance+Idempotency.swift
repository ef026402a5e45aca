import Foundation
import MinerKit

extension StoreConformance {
    static func idempotencyRecord(_ client: String, _ key: String, job: String, at seconds: Double = 1_700_000_000) -> IdempotencyRecord {
        IdempotencyRecord(client: client, key: key, requestHash: "hash-of-\(job)", jobID: job,
                          createdAt: Date(timeIntervalSince1970: seconds))
    }

    static let idempotencyChecks: [Check] = [
        check("an idempotency key is stored once per client; a second claim gets the first record") { store, expect in
            let first = idempotencyRecord("c1", "k", job: "job-1")
            let claims = try await store.write { db in
                (try await db.claimIdempotencyKey(first),
                 try await db.claimIdempotencyKey(idempotencyRecord("c1", "k", job: "job-2")),
                 try await db.claimIdempotencyKey(idempotencyRecord("c2", "k", job: "job-3")))
            }
            try expect.equal(claims.0, nil, "the first claim stores the key")
            try expect.equal(claims.1, first, "the same client's second claim returns the first record")
            try expect.equal(claims.2, nil, "keys are scoped per client")
            let stored = try await store.read { db in
                (try await db.idempotencyRecord(client: "c1", key: "k"), try await db.idempotencyRecord(client: "c1", key: "other"))
            }
            try expect.equal(stored.0, first, "read back")
            try expect.equal(stored.1, nil, "an unused key")
        },
        check("a key claimed in a unit of work that throws is not kept") { store, expect in
            do {
                try await store.write { db in
                    _ = try await db.claimIdempotencyKey(idempotencyRecord("c1", "k", job: "job-1"))
                    throw Abort()
                }
            } catch is Abort {}
            try expect.equal(try await store.read { try await $0.idempotencyRecord(client: "c1", key: "k") }, nil, "rolled back")
            try expect.equal(try await store.write { try await $0.claimIdempotencyKey(idempotencyRecord("c1", "k", job: "job-2")) },
                             nil, "claimable again")
        },
        check("keys older than the cutoff are deleted, at most the limit at a time") { store, expect in
            try await store.write { db in
                for (i, seconds) in [100.0, 200, 300].enumerated() {
                    _ = try await db.claimIdempotencyKey(idempotencyRecord("c1", "k\(i)", job: "job-\(i)", at: seconds))
                }
            }
            let cutoff = Date(timeIntervalSince1970: 250)
            try expect.equal(try await store.write { try await $0.deleteIdempotencyKeys(createdBefore: cutoff, limit: 1) }, 1, "limited")
            try expect.equal(try await store.write { try await $0.deleteIdempotencyKeys(createdBefore: cutoff, limit: 10) }, 1, "the rest")
            let left = try await store.read { db in
                var keys: [String] = []
                for key in ["k0", "k1", "k2"] {
                    if try await db.idempotencyRecord(client: "c1", key: key) != nil { keys.append(key) }
                }
                return keys
            }
            try expect.equal(left, ["k2"], "the newer key stays")
        },
        check("concurrent claims of one key: exactly one stores it, the others read it") { store, expect in
            let results = try await withThrowingTaskGroup(of: (String, IdempotencyRecord?).self) { group in
                for i in 0..<8 {
                    group.addTask {
                        let job = "job-\(i)"
                        return (job, try await store.write { try await $0.claimIdempotencyKey(idempotencyRecord("c1", "k", job: job)) })
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let winners = results.filter { $0.1 == nil }.map(\.0)
            try expect.equal(winners.count, 1, "claims that stored the key")
            try expect.that(results.allSatisfy { $0.1 == nil || $0.1?.jobID == winners.first }, "every other claim read the winner's record")
        },
    ]
}

import Foundation
import MinerKit

extension StoreConformance {
    static let minerChecks: [Check] = [
        check("a miner is found by its API key hash, ordered by id, at most the limit") { store, expect in
            let now = Date(timeIntervalSince1970: 1_700_000_000)
            let key = APIKey.generate(), other = APIKey.generate()
            try await store.write { db in
                for (id, hash) in [("m-b", key.hash), ("m-a", key.hash), ("m-c", other.hash), ("m-d", nil)] {
                    try await db.save(Miner(id: id, apiKeyHash: hash, registeredAt: now))
                }
            }
            let (both, first, none) = try await store.read { db in
                (try await db.miners(apiKeyHash: key.hash, limit: 5).map(\.id),
                 try await db.miners(apiKeyHash: key.hash, limit: 1).map(\.id),
                 try await db.miners(apiKeyHash: APIKey.generate().hash, limit: 5).map(\.id))
            }
            try expect.equal(both, ["m-a", "m-b"], "miners holding the key")
            try expect.equal(first, ["m-a"], "limited")
            try expect.equal(none, [], "no miner holds an unknown key")
        },
        check("a lease keeps whether the miner has acknowledged it") { store, expect in
            let clock = ManualTimeSource()
            let q = queue(store, clock)
            let polled = try await q.submit(submission("polled"))
            let claimed = try await q.submit(submission("claimed"))
            let unknown = try await store.write { [now = clock.now()] db in
                try await q.leaseNext(db, minerID: "m1", models: nil, at: now, acknowledged: false)
            }
            try expect.equal(unknown?.id, polled.id, "leased first in dispatch order")
            _ = try await q.lease(jobID: claimed.id, minerID: "m1")
            let (first, second) = try await store.read { db in
                (try await db.job(id: polled.id)?.lease?.acknowledged, try await db.job(id: claimed.id)?.lease?.acknowledged)
            }
            try expect.equal(first, false, "a polled lease starts unacknowledged")
            try expect.equal(second, true, "a claimed lease is acknowledged")
            let renewed = try await q.renew(jobID: polled.id, minerID: "m1", token: unknown?.lease?.token ?? 0)
            try expect.equal(renewed.lease?.acknowledged, true, "renewal acknowledges")
            try expect.equal(try await store.read { try await $0.job(id: polled.id)?.lease?.acknowledged }, true, "stored")
        },
    ]
}

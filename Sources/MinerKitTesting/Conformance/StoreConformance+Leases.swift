import Foundation
import MinerKit

extension StoreConformance {
    static let leaseChecks: [Check] = [
        check("a deferred unit of work commits, and rolls back when it throws, like a durable one") { store, expect in
            let job = Job(client: "client-1", model: "echo", input: "x", createdAt: Date(timeIntervalSince1970: 1_000))
            try await store.write(.deferred) { db in try await db.insert(job) }
            try expect.equal(try await store.read { try await $0.job(id: job.id)?.id }, Optional(job.id), "committed")
            do {
                try await store.write(.deferred) { db in
                    var leased = try await db.job(id: job.id)!
                    try JobLifecycle.lease(&leased, to: "m1", at: Date(timeIntervalSince1970: 1_001), duration: 10)
                    try await db.update(leased)
                    throw Abort()
                }
            } catch is Abort {}
            try expect.equal(try await store.read { try await $0.job(id: job.id)?.state }, Optional(JobState.queued), "rolled back")
        },
        check("claiming a named job twice is a conflict") { store, expect in
            let q = queue(store)
            let job = try await q.submit(submission())
            try expect.equal(try await q.lease(jobID: job.id, minerID: "m1").lease?.minerID, "m1", "holder")
            try await expect.error(.conflict, "job_already_claimed") { _ = try await q.lease(jobID: job.id, minerID: "m2") }
        },
        check("a lapsed lease goes back to the queue; the old holder's late result is refused") { store, expect in
            let clock = ManualTimeSource()
            let q = queue(store, clock, policy: LeasePolicy(leaseDuration: 10, maxAttempts: 2))
            let job = try await q.submit(submission())
            guard let first = try await q.leaseNext(minerID: "slow", models: nil)?.lease else { return try expect.that(false, "no lease") }
            clock.advance(by: 11)
            guard let second = try await q.leaseNext(minerID: "fast", models: nil) else { return try expect.that(false, "no second lease") }
            try expect.equal(second.id, job.id, "same job")
            try expect.that(second.lease!.token > first.token, "fencing token grows")
            try expect.equal(second.attempts, 1, "attempts")
            try await expect.error(.conflict, "lease_not_held") {
                try await q.complete(jobID: job.id, minerID: "slow", token: first.token, result: "late")
            }
            try await q.complete(jobID: job.id, minerID: "fast", token: second.lease!.token, result: "on time")
            try expect.equal(try await q.job(id: job.id).result, "on time", "result")
        },
        check("after the attempt limit a lapsing job fails for good with its reason") { store, expect in
            let clock = ManualTimeSource()
            let q = queue(store, clock, policy: LeasePolicy(leaseDuration: 10, maxAttempts: 2))
            let job = try await q.submit(submission())
            _ = try await q.leaseNext(minerID: "m1", models: nil)
            clock.advance(by: 10)
            try expect.equal(try await q.reapExpired().map(\.state), [.queued], "first lapse requeues")
            guard let again = try await q.leaseNext(minerID: "m2", models: nil) else { return try expect.that(false, "no lease") }
            clock.advance(by: 10)
            try await expect.error(.conflict, "lease_expired") {
                try await q.complete(jobID: job.id, minerID: "m2", token: again.lease!.token, result: "late")
            }
            try expect.equal(try await q.reapExpired().map(\.state), [.failed], "second lapse dead-letters")
            let dead = try await q.job(id: job.id)
            try expect.that(dead.state == .failed && dead.attempts == 2, "dead letter: \(dead.state), \(dead.attempts)")
            try expect.that(dead.failureReason?.contains("m2") == true, "reason names the holder")
            try expect.equal(try await q.leaseNext(minerID: "m3", models: nil)?.id, nil, "nothing to lease")
        },
        check("lapsed leases are found earliest deadline first, at most the limit") { store, expect in
            let clock = ManualTimeSource()
            let q = queue(store, clock, policy: LeasePolicy(leaseDuration: 10))
            var leased: [String] = []
            for i in 0..<3 {
                _ = try await q.submit(submission("\(i)"))
                if let job = try await q.leaseNext(minerID: "m", models: nil) { leased.append(job.id) }
                clock.advance(by: 1)
            }
            clock.advance(by: 8)  // the first two leases (deadlines +10, +11) have lapsed, the third (+12) not
            let lapsed = try await store.read { try await $0.jobCount(state: .leased) }
            try expect.equal(lapsed, 3, "leased before reaping")
            let found = try await store.write { [now = clock.now()] db in try await db.expiredLeases(at: now, limit: 1).map(\.id) }
            try expect.equal(found, [leased[0]], "earliest first, limited")
            try expect.equal(try await q.reapExpired().map(\.id), [leased[0], leased[1]], "reaped in deadline order")
        },
        check("a lease rolled back and granted again at the same instant lapses once") { store, expect in
            let clock = ManualTimeSource()
            let q = queue(store, clock, policy: LeasePolicy(leaseDuration: 10, maxAttempts: 5))
            let job = try await q.submit(submission())
            do {
                try await store.write { [now = clock.now()] db in
                    _ = try await q.leaseNext(db, minerID: "m1", models: nil, at: now)
                    throw Abort()
                }
            } catch is Abort {}
            _ = try await q.leaseNext(minerID: "m1", models: nil)
            clock.advance(by: 10)
            try expect.equal(try await q.reapExpired().map(\.id), [job.id], "lapses once")
            try expect.equal(try await q.job(id: job.id).attempts, 1, "one attempt")
        },
        check("renew extends the lease of its holder only") { store, expect in
            let clock = ManualTimeSource()
            let q = queue(store, clock, policy: LeasePolicy(leaseDuration: 10))
            _ = try await q.submit(submission())
            guard let job = try await q.leaseNext(minerID: "m1", models: nil), let lease = job.lease else {
                return try expect.that(false, "no lease")
            }
            clock.advance(by: 8)
            _ = try await q.renew(jobID: job.id, minerID: "m1", token: lease.token)
            try await expect.error(.conflict, "lease_not_held") {
                _ = try await q.renew(jobID: job.id, minerID: "m2", token: lease.token)
            }
            clock.advance(by: 8)
            try expect.that(try await q.reapExpired().isEmpty, "renewed lease did not lapse")
            try expect.equal(try await store.read { try await $0.leasedJobs(minerID: "m1") }.map(\.id), [job.id], "held")
            try await q.release(jobID: job.id, minerID: "m1", token: lease.token)
            try expect.equal(try await q.job(id: job.id).state, .queued, "released")
        },
    ]
}

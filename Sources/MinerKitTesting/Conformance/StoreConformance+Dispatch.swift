import Foundation
import MinerKit

extension StoreConformance {
    static let dispatchChecks: [Check] = [
        check("the next job is the highest priority, then the first queued, among the miner's models") { store, expect in
            let clock = ManualTimeSource()
            let q = queue(store, clock)
            let old = try await q.submit(submission("old"))
            clock.advance(by: 1)
            let young = try await q.submit(submission("young"))
            clock.advance(by: 1)
            let urgent = try await q.submit(submission("urgent", priority: 5))
            let other = try await q.submit(submission("other", model: "whisper"))
            try expect.equal(try await q.leaseNext(minerID: "m", models: ["echo"])?.id, urgent.id, "priority first")
            try expect.equal(try await q.leaseNext(minerID: "m", models: ["echo"])?.id, old.id, "then queue order")
            try expect.equal(try await q.leaseNext(minerID: "m", models: nil)?.id, young.id, "any model")
            try expect.equal(try await q.leaseNext(minerID: "m", models: ["echo"])?.id, nil, "echo drained")
            try expect.equal(try await q.leaseNext(minerID: "m", models: ["echo", "whisper"])?.id, other.id, "second model")
        },
        check("ties in priority and time go in the order the store accepted the jobs, across models") { store, expect in
            // One instant for every job: only the stored queue sequence can order them.
            let q = queue(store)
            let models = ["b", "a", "c", "a", "b", "c", "a"]
            var ids: [String] = []
            for (i, model) in models.enumerated() { ids.append(try await q.submit(submission("\(i)", model: model)).id) }
            var leased: [String] = []
            while let job = try await q.leaseNext(minerID: "m", models: ["c", "a", "b", "a"]) { leased.append(job.id) }
            try expect.equal(leased, ids, "dispatch order of equal-priority jobs submitted at one instant")
        },
        check("a requeued job keeps its place: before jobs queued after it") { store, expect in
            let clock = ManualTimeSource()
            let q = queue(store, clock, policy: LeasePolicy(leaseDuration: 10, maxAttempts: 5))
            let first = try await q.submit(submission("first"))
            let second = try await q.submit(submission("second"))
            guard let leased = try await q.leaseNext(minerID: "m1", models: nil), let token = leased.lease?.token else {
                return try expect.that(false, "nothing leased")
            }
            try expect.equal(leased.id, first.id, "first leased first")
            let third = try await q.submit(submission("third"))
            try await q.release(jobID: first.id, minerID: "m1", token: token)
            try expect.equal(try await q.leaseNext(minerID: "m2", models: nil)?.id, first.id, "released job goes first")
            clock.advance(by: 11)
            _ = try await q.reapExpired()
            try expect.equal(try await q.leaseNext(minerID: "m3", models: nil)?.id, first.id, "lapsed job goes first again")
            try expect.equal(try await q.leaseNext(minerID: "m3", models: nil)?.id, second.id, "then the second")
            try expect.equal(try await q.leaseNext(minerID: "m3", models: nil)?.id, third.id, "then the third")
        },
        check("jobs the caller passes over are skipped, the rest keep dispatch order, and stay queued") { store, expect in
            let q = queue(store)
            var ids: [String] = []
            for (i, model) in ["echo", "whisper", "echo", "echo"].enumerated() {
                ids.append(try await q.submit(submission("\(i)", model: model)).id)
            }
            let picks = try await store.write { [ids] db in
                [try await db.nextQueuedJob(models: nil, excluding: [ids[0], ids[1]])?.id,
                 try await db.nextQueuedJob(models: ["echo"], excluding: [ids[0]])?.id,
                 try await db.nextQueuedJob(models: ["whisper", "echo"], excluding: [ids[1], ids[2]])?.id,
                 try await db.nextQueuedJob(models: ["echo"], excluding: [ids[0], ids[2], ids[3]])?.id]
            }
            try expect.equal(picks, [ids[2], ids[2], ids[0], nil], "passed over")
            try expect.equal(try await q.leaseNext(minerID: "m", models: nil)?.id, ids[0], "skipped jobs are still first")
            let eligible = try await store.write { db in
                try await q.nextQueued(db, models: ["echo"]) { $0.input == "3" }?.id
            }
            try expect.equal(eligible, ids[3], "the first the caller accepts")
        },
    ]
}

import Foundation
import MinerKit

extension StoreConformance {
    static let jobChecks: [Check] = [
        check("a submitted job reads back exactly") { store, expect in
            let q = queue(store)
            let job = try await q.submit(submission("héllo ✓"))
            try expect.equal(try await q.job(id: job.id), job, "stored job")
            try await expect.error(.notFound, "job_not_found") { _ = try await q.job(id: "job_missing") }
            try await expect.error(.conflict, "job_exists") { try await store.write { db in try await db.insert(job) } }
        },
        check("listing filters by state and client, newest first, with limit and offset") { store, expect in
            let clock = ManualTimeSource()
            let q = queue(store, clock)
            var ids: [String] = []
            for i in 0..<5 {
                clock.advance(by: 1)
                ids.append(try await q.submit(submission("\(i)")).id)
            }
            _ = try await q.cancel(jobID: ids[1])
            try expect.equal(try await q.list(JobQuery(limit: 10)).map(\.id), ids.reversed(), "all jobs")
            try expect.equal(try await q.list(JobQuery(limit: 2, offset: 1)).map(\.id), [ids[3], ids[2]], "a page")
            try expect.equal(try await q.list(JobQuery(state: .cancelled)).map(\.id), [ids[1]], "cancelled jobs")
            try expect.that(try await q.list(JobQuery(client: "nobody")).isEmpty, "another client's listing is empty")
            try expect.equal(try await store.read { try await $0.jobCount(state: .queued) }, 4, "queued count")
            try expect.equal(try await store.read { try await $0.jobCount(state: nil) }, 5, "job count")
            let counts = try await store.read { try await $0.jobCounts() }
            try expect.equal(counts, [.queued: 4, .leased: 0, .completed: 0, .failed: 0, .cancelled: 1], "counts by state")
        },
        check("complete stores the result and its digest; a wrong digest is refused") { store, expect in
            let q = queue(store)
            _ = try await q.submit(submission())
            guard let leased = try await q.leaseNext(minerID: "m1", models: nil), let token = leased.lease?.token else {
                return try expect.that(false, "nothing leased")
            }
            try await expect.error(.validation, "result_hash_mismatch") {
                try await q.complete(jobID: leased.id, minerID: "m1", token: token, result: "out", resultHash: "sha256:00")
            }
            let done = try await q.complete(jobID: leased.id, minerID: "m1", token: token, result: "out",
                                            resultHash: ResultDigest.of("out"), metrics: .object(["ms": .number(3)]))
            try expect.that(done.state == .completed && done.result == "out", "completed with its result")
            try expect.equal(try await q.job(id: leased.id), done, "stored completion")
            try await expect.error(.conflict, "job_completed") { _ = try await q.cancel(jobID: leased.id) }
        },
        check("an update stores a job's progress and keeps what it was submitted with") { store, expect in
            let q = queue(store)
            let job = try await q.submit(submission("kept input"))
            var changed = job
            changed.client = "someone else"
            changed.model = "other"
            changed.input = "other input"
            changed.params = .object(["changed": .bool(true)])
            changed.createdAt = job.createdAt.addingTimeInterval(-3600)
            changed.priority = 7
            changed.attempts = 2
            changed.updatedAt = job.createdAt.addingTimeInterval(5)
            try await store.write { [changed] db in try await db.update(changed) }
            var expected = job
            expected.priority = 7
            expected.attempts = 2
            expected.updatedAt = changed.updatedAt
            try expect.equal(try await q.job(id: job.id), expected, "stored job after the update")
            try await expect.error(.notFound, "job_not_found") {
                var missing = job
                missing.id = "job_missing"
                try await store.write { [missing] db in try await db.update(missing) }
            }
        },
        check("a unit of work that throws leaves no trace") { store, expect in
            let q = queue(store)
            let kept = try await q.submit(submission("kept"))
            do {
                try await store.write { db in
                    guard var job = try await db.job(id: kept.id) else { return }
                    try JobLifecycle.lease(&job, to: "m1", at: job.createdAt, duration: 60)
                    try await db.update(job)
                    try await db.insert(Job(id: "job_ghost", client: "c", model: "echo", input: "", createdAt: job.createdAt))
                    try await db.save(Miner(id: "ghost-miner", registeredAt: job.createdAt))
                    try await db.save(MinerStats(minerID: "ghost-miner", completed: 1))
                    throw Abort()
                }
                try expect.that(false, "the unit of work did not throw")
            } catch is Abort {}
            try expect.equal(try await q.job(id: kept.id).state, .queued, "state after rollback")
            try expect.that(try await store.read { try await $0.job(id: "job_ghost") } == nil, "inserted job rolled back")
            try expect.that(try await store.read { try await $0.miner(id: "ghost-miner") } == nil, "miner rolled back")
            try expect.that(try await store.read { try await $0.minerStats(id: "ghost-miner") } == nil, "stats rolled back")
            try expect.equal(try await q.leaseNext(minerID: "m2", models: nil)?.id, kept.id, "job still leasable")
        },
        check("read your writes inside one unit of work") { store, expect in
            let t = Date(timeIntervalSince1970: 1_700_000_000)
            let seen = try await store.write { db in
                try await db.insert(Job(id: "job_a", client: "c", model: "echo", input: "", createdAt: t))
                try await db.save(Miner(id: "m", registeredAt: t))
                return (try await db.job(id: "job_a")?.id, try await db.miner(id: "m")?.id,
                        try await db.nextQueuedJob(models: ["echo"])?.id, try await db.jobCount(state: .queued))
            }
            try expect.that(seen.0 == "job_a" && seen.1 == "m" && seen.2 == "job_a" && seen.3 == 1,
                            "writes not visible to later reads: \(seen)")
        },
        check("miners and their counters save, update and list in registration order") { store, expect in
            let t = Date(timeIntervalSince1970: 1_700_000_000)
            var a = Miner(id: "a", capabilities: ["echo"], maxConcurrent: 2, region: "eu",
                          attributes: .object(["gpu_type": .string("v100")]), apiKeyHash: "h", registeredAt: t)
            let b = Miner(id: "b", registeredAt: t.addingTimeInterval(1))
            try await store.write { [a] db in try await db.save(a); try await db.save(b) }
            a.status = .offline
            a.lastHeartbeat = t.addingTimeInterval(5)
            try await store.write { [a] db in try await db.save(a) }
            try expect.equal(try await store.read { try await $0.miner(id: "a") }, Optional(a), "updated miner")
            try expect.equal(try await store.read { try await $0.miners(limit: 10, offset: 0) }.map(\.id), ["a", "b"], "order")
            try expect.equal(try await store.read { try await $0.minerCount(status: .offline) }, 1, "offline count")
            try expect.equal(try await store.read { try await $0.silentMiners(before: t.addingTimeInterval(3), limit: 10) }.map(\.id),
                             ["b"], "silent active miners")
            let stats = MinerStats(minerID: "a", completed: 3, failed: 1, expired: 2, busySeconds: 1.5, gpuSeconds: 2.5, earnings: 0.75)
            try await store.write { db in try await db.save(stats) }
            try expect.equal(try await store.read { try await $0.minerStats(id: "a") }, Optional(stats), "stats")
        },
        check("counters accumulate from zero, and concurrent additions lose nothing") { store, expect in
            try await store.write { db in try await db.accumulate(MinerStats(minerID: "m", completed: 1, earnings: 0.5)) }
            try expect.equal(try await store.read { try await $0.minerStats(id: "m") },
                             Optional(MinerStats(minerID: "m", completed: 1, earnings: 0.5)), "first outcome")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await store.write { db in
                            try await db.accumulate(MinerStats(minerID: "m", failed: 1, expired: 2, busySeconds: 1.5,
                                                               gpuSeconds: 0.25))
                        }
                    }
                }
                try await group.waitForAll()
            }
            try expect.equal(try await store.read { try await $0.minerStats(id: "m") },
                             Optional(MinerStats(minerID: "m", completed: 1, failed: 8, expired: 16, busySeconds: 12,
                                                 gpuSeconds: 2, earnings: 0.5)), "eight more")
            try expect.that(try await store.read { try await $0.minerStats(id: "other") } == nil, "another miner untouched")
        },
        check("client keys are found by hash; a duplicate hash is a conflict") { store, expect in
            let record = ClientKeyRecord(id: "ck_1", name: "demo", keyHash: String(repeating: "ab", count: 32),
                                         createdAt: Date(timeIntervalSince1970: 1_700_000_000))
            try await store.write { db in try await db.insert(record) }
            try expect.equal(try await store.read { try await $0.clientKey(hash: record.keyHash) }, Optional(record), "key by hash")
            try expect.equal(try await store.read { try await $0.clientKeyCount() }, 1, "key count")
            var twin = record
            twin.id = "ck_2"
            try await expect.error(.conflict, "client_key_exists") { [twin] in
                try await store.write { db in try await db.insert(twin) }
            }
        },
    ]
}

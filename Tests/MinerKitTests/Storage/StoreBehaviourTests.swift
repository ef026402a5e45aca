import Foundation
import Testing
@testable import MinerKit

/// One behavioural suite, run against every store: they must be indistinguishable.
@Suite("Store behaviour")
struct StoreBehaviourTests {
    private func queue(_ kind: StoreKind, clock: ManualTimeSource = ManualTimeSource(),
                       policy: LeasePolicy = LeasePolicy()) throws -> JobQueue {
        JobQueue(store: try kind.make(), clock: clock, policy: policy)
    }

    private func submission(_ input: String = "x", model: String = "echo", priority: Int = 0) -> JobSubmission {
        JobSubmission(client: "client-1", model: model, input: input, params: .object(["k": .number(1)]),
                      price: 0.5, priority: priority)
    }

    @Test("a submitted job reads back exactly", arguments: StoreKind.allCases)
    func roundTrip(kind: StoreKind) async throws {
        let q = try queue(kind)
        let job = try await q.submit(submission("héllo ✓"))
        #expect(try await q.job(id: job.id) == job)
        await expectError(.notFound, "job_not_found") { _ = try await q.job(id: "job_missing") }
    }

    @Test("listing filters by state and client, newest first, with limit and offset", arguments: StoreKind.allCases)
    func listing(kind: StoreKind) async throws {
        let clock = ManualTimeSource()
        let q = try queue(kind, clock: clock)
        var ids: [String] = []
        for i in 0..<5 {
            clock.advance(by: 1)
            ids.append(try await q.submit(submission("\(i)")).id)
        }
        _ = try await q.cancel(jobID: ids[1])
        #expect(try await q.list(JobQuery(limit: 10)).map(\.id) == ids.reversed())
        #expect(try await q.list(JobQuery(limit: 2, offset: 1)).map(\.id) == [ids[3], ids[2]])
        #expect(try await q.list(JobQuery(state: .cancelled)).map(\.id) == [ids[1]])
        #expect(try await q.list(JobQuery(client: "nobody")).isEmpty)
        #expect(try await q.store.read { try $0.jobCount(state: .queued) } == 4)
    }

    @Test("the next job is the highest priority, then the oldest, among the miner's models", arguments: StoreKind.allCases)
    func dispatchOrder(kind: StoreKind) async throws {
        let clock = ManualTimeSource()
        let q = try queue(kind, clock: clock)
        let old = try await q.submit(submission("old"))
        clock.advance(by: 1)
        let young = try await q.submit(submission("young"))
        clock.advance(by: 1)
        let urgent = try await q.submit(submission("urgent", priority: 5))
        let other = try await q.submit(submission("other", model: "whisper"))
        #expect(try await q.leaseNext(minerID: "m", models: ["echo"])?.id == urgent.id)
        #expect(try await q.leaseNext(minerID: "m", models: ["echo"])?.id == old.id)
        #expect(try await q.leaseNext(minerID: "m", models: nil)?.id == young.id)
        #expect(try await q.leaseNext(minerID: "m", models: ["echo"]) == nil)
        #expect(try await q.leaseNext(minerID: "m", models: ["echo", "whisper"])?.id == other.id)
    }

    @Test("claiming a named job twice is a conflict", arguments: StoreKind.allCases)
    func claimTwice(kind: StoreKind) async throws {
        let q = try queue(kind)
        let job = try await q.submit(submission())
        let leased = try await q.lease(jobID: job.id, minerID: "m1")
        #expect(leased.lease?.minerID == "m1")
        await expectError(.conflict, "job_already_claimed") { _ = try await q.lease(jobID: job.id, minerID: "m2") }
    }

    @Test("complete stores the result and its digest; a wrong digest is refused", arguments: StoreKind.allCases)
    func completion(kind: StoreKind) async throws {
        let q = try queue(kind)
        _ = try await q.submit(submission())
        let leased = try #require(try await q.leaseNext(minerID: "m1", models: nil))
        let token = try #require(leased.lease?.token)
        await expectError(.validation, "result_hash_mismatch") {
            try await q.complete(jobID: leased.id, minerID: "m1", token: token, result: "out", resultHash: "sha256:00")
        }
        let done = try await q.complete(jobID: leased.id, minerID: "m1", token: token, result: "out",
                                        resultHash: ResultDigest.of("out"), metrics: .object(["ms": .number(3)]))
        #expect(done.state == .completed && done.result == "out" && done.resultHash == ResultDigest.of("out"))
        #expect(try await q.job(id: leased.id) == done)
        await expectError(.conflict, "job_completed") { _ = try await q.cancel(jobID: leased.id) }
    }

    @Test("a lapsed lease goes back to the queue; the old holder's late result is refused", arguments: StoreKind.allCases)
    func expiry(kind: StoreKind) async throws {
        let clock = ManualTimeSource()
        let q = try queue(kind, clock: clock, policy: LeasePolicy(leaseDuration: 10, maxAttempts: 2))
        let job = try await q.submit(submission())
        let first = try #require(try await q.leaseNext(minerID: "slow", models: nil))
        clock.advance(by: 11)
        let second = try #require(try await q.leaseNext(minerID: "fast", models: nil))
        #expect(second.id == job.id)
        #expect(second.lease!.token > first.lease!.token)
        #expect(second.attempts == 1)
        await expectError(.conflict, "lease_not_held") {
            try await q.complete(jobID: job.id, minerID: "slow", token: first.lease!.token, result: "late")
        }
        try await q.complete(jobID: job.id, minerID: "fast", token: second.lease!.token, result: "on time")
        #expect(try await q.job(id: job.id).result == "on time")
    }

    @Test("after the attempt limit a lapsing job fails for good with its reason", arguments: StoreKind.allCases)
    func deadLetter(kind: StoreKind) async throws {
        let clock = ManualTimeSource()
        let q = try queue(kind, clock: clock, policy: LeasePolicy(leaseDuration: 10, maxAttempts: 2))
        let job = try await q.submit(submission())
        _ = try await q.leaseNext(minerID: "m1", models: nil)
        clock.advance(by: 10)
        #expect(try await q.reapExpired().map(\.state) == [.queued])
        let again = try #require(try await q.leaseNext(minerID: "m2", models: nil))
        clock.advance(by: 10)
        await expectError(.conflict, "lease_expired") {
            try await q.complete(jobID: job.id, minerID: "m2", token: again.lease!.token, result: "late")
        }
        #expect(try await q.reapExpired().map(\.state) == [.failed])
        let dead = try await q.job(id: job.id)
        #expect(dead.state == .failed && dead.attempts == 2)
        #expect(dead.failureReason?.contains("m2") == true)
        #expect(try await q.leaseNext(minerID: "m3", models: nil) == nil)
    }

    @Test("a lease rolled back and granted again at the same instant lapses once", arguments: StoreKind.allCases)
    func rolledBackLeaseLapsesOnce(kind: StoreKind) async throws {
        let clock = ManualTimeSource()
        let q = try queue(kind, clock: clock, policy: LeasePolicy(leaseDuration: 10, maxAttempts: 5))
        let job = try await q.submit(submission())
        struct Abort: Error {}
        await #expect(throws: Abort.self) {
            try await q.store.write { db in
                _ = try q.leaseNext(db, minerID: "m1", models: nil, at: clock.now())
                throw Abort()
            }
        }
        _ = try await q.leaseNext(minerID: "m1", models: nil)
        clock.advance(by: 10)
        #expect(try await q.reapExpired().map(\.id) == [job.id])
        #expect(try await q.job(id: job.id).attempts == 1)
    }

    @Test("renew extends the lease of its holder only", arguments: StoreKind.allCases)
    func renew(kind: StoreKind) async throws {
        let clock = ManualTimeSource()
        let q = try queue(kind, clock: clock, policy: LeasePolicy(leaseDuration: 10))
        _ = try await q.submit(submission())
        let job = try #require(try await q.leaseNext(minerID: "m1", models: nil))
        clock.advance(by: 8)
        _ = try await q.renew(jobID: job.id, minerID: "m1", token: job.lease!.token)
        await expectError(.conflict, "lease_not_held") {
            _ = try await q.renew(jobID: job.id, minerID: "m2", token: job.lease!.token)
        }
        clock.advance(by: 8)
        #expect(try await q.reapExpired().isEmpty)
        try await q.release(jobID: job.id, minerID: "m1", token: job.lease!.token)
        #expect(try await q.job(id: job.id).state == .queued)
    }

    @Test("a write that throws leaves no trace", arguments: StoreKind.allCases)
    func rollback(kind: StoreKind) async throws {
        let q = try queue(kind)
        let kept = try await q.submit(submission("kept"))
        struct Abort: Error {}
        await #expect(throws: Abort.self) {
            try await q.store.write { db in
                var job = try #require(try db.job(id: kept.id))
                try JobLifecycle.lease(&job, to: "m1", at: job.createdAt, duration: 60)
                try db.update(job)
                try db.insert(Job(id: "job_ghost", client: "c", model: "echo", input: "", createdAt: job.createdAt))
                try db.save(Miner(id: "ghost-miner", registeredAt: job.createdAt))
                throw Abort()
            }
        }
        #expect(try await q.job(id: kept.id).state == .queued)
        #expect(try await q.store.read { try $0.job(id: "job_ghost") } == nil)
        #expect(try await q.store.read { try $0.miner(id: "ghost-miner") } == nil)
        #expect(try await q.leaseNext(minerID: "m2", models: nil)?.id == kept.id)
    }

    @Test("miners save, update and list in registration order", arguments: StoreKind.allCases)
    func miners(kind: StoreKind) async throws {
        let store = try kind.make()
        let t = Date(timeIntervalSince1970: 1_700_000_000)
        var a = Miner(id: "a", capabilities: ["echo"], maxConcurrent: 2, region: "eu",
                      attributes: .object(["gpu_type": .string("v100")]), apiKeyHash: "h", registeredAt: t)
        let b = Miner(id: "b", registeredAt: t.addingTimeInterval(1))
        try await store.write { db in try db.save(a); try db.save(b) }
        a.status = .offline
        a.lastHeartbeat = t.addingTimeInterval(5)
        try await store.write { db in try db.save(a) }
        #expect(try await store.read { try $0.miner(id: "a") } == a)
        #expect(try await store.read { try $0.miners(limit: 10, offset: 0) }.map(\.id) == ["a", "b"])
        #expect(try await store.read { try $0.minerCount(status: .offline) } == 1)
    }

    @Test("many miners claiming thousands of jobs at once: each job leased once and completed once",
          .timeLimit(.minutes(1)), arguments: StoreKind.allCases)
    func concurrentClaims(kind: StoreKind) async throws {
        let q = try queue(kind, clock: ManualTimeSource(), policy: LeasePolicy(leaseDuration: 3600))
        let total = 3_000
        try await q.store.write { db in
            for i in 0..<total {
                try db.insert(Job(id: String(format: "job_%06d", i), client: "c", model: "echo", input: "\(i)",
                                  createdAt: Date(timeIntervalSince1970: Double(i))))
            }
        }
        // Each miner reports the jobs it was granted; a job granted twice would appear twice.
        var grants: [String: [String]] = [:]
        try await withThrowingTaskGroup(of: (String, [String]).self) { group in
            for m in 0..<8 {
                let miner = "miner-\(m)"
                group.addTask {
                    var mine: [String] = []
                    while let job = try await q.leaseNext(minerID: miner, models: ["echo"]) {
                        mine.append(job.id)
                        try await q.complete(jobID: job.id, minerID: miner, token: job.lease!.token, result: job.input)
                    }
                    return (miner, mine)
                }
            }
            for try await (miner, jobs) in group { grants[miner] = jobs }
        }
        let all = grants.values.flatMap { $0 }
        #expect(all.count == total)
        #expect(Set(all).count == total, "a job was leased to two miners")
        #expect(try await q.store.read { try $0.jobCount(state: .completed) } == total)
        // A second completion by anyone, with any token, changes nothing.
        let sample = try await q.job(id: "job_000042")
        await expectError(.conflict, "job_not_leased") {
            try await q.complete(jobID: sample.id, minerID: sample.minerID!, token: sample.lease!.token, result: "again")
        }
        #expect(try await q.job(id: sample.id).result == "42")
    }
}

import Foundation
import MinerKit
@testable import MinerKitPostgres
import MinerKitTesting
import Synchronization
import Testing

@Suite(.enabled(if: PostgresTestCluster.shouldRunTests), .timeLimit(.minutes(5)))
struct PostgresStoreTests {
    private let now = Date(timeIntervalSince1970: 1_700_000_000.123_456_7)

    @Test func submitLeaseCompleteIssueAndSeal() async throws {
        try await PostgresFixture.withDatabase { database in
            let store = PostgresStore(database: database)
            let issuer = ReceiptIssuer(keyPair: .generate())
            let now = self.now
            let submitted = Job(client: "ck_1", model: "echo", input: "hi", params: ["temperature": 0.5], price: 2,
                                createdAt: now)
            try await store.write { db in try await db.insert(submitted) }
            #expect(try await store.read { db in try await db.job(id: submitted.id) } == submitted)

            let leased = try await store.write { db -> Job in
                var job = try #require(try await db.nextQueuedJob(models: ["echo"]))
                try JobLifecycle.lease(&job, to: "miner-1", at: now, duration: 60)
                try await db.update(job)
                return job
            }
            #expect(leased.id == submitted.id)
            #expect(try await store.read { db in try await db.leasedJobs(minerID: "miner-1") } == [leased])

            let record = try await store.write { db -> ReceiptRecord in
                var job = try #require(try await db.job(id: leased.id))
                try JobLifecycle.complete(&job, by: "miner-1", token: leased.lease!.token, result: "ok",
                                          resultHash: "sha256:00", metrics: ["gpu_seconds": 1.5], at: now.addingTimeInterval(2))
                try await db.update(job)
                let receipt = try issuer.issue(for: job)
                let leaf = try MerkleTree.leafHash(of: receipt.document)
                return try await db.insert(ReceiptRecord(receipt: receipt, txID: Hex.encode(leaf), createdAt: now))
            }
            #expect(record.sequence > 0)
            let stored = try #require(try await store.read { db in try await db.receipt(jobID: leased.id) })
            #expect(stored == record)
            #expect(stored.receipt.verify(with: issuer.publicKey))

            let block = try await store.write { db -> Block in
                try await db.lockLedger()
                let records = try await db.unsealedReceipts(limit: 10)
                let block = try Block.seal(leaves: records.compactMap { Hex.decode($0.txID) },
                                           after: try await db.latestBlock(), at: now)
                try await db.append(block)
                try await db.seal(receiptIDs: records.map(\.receipt.receiptID), inBlock: block.height)
                return block
            }
            #expect(block.height == 1)
            try await store.read { db in
                #expect(try await db.latestBlock() == block)
                #expect(try await db.unsealedReceiptCount() == 0)
                let sealed = try await db.receipts(inBlock: 1)
                #expect(sealed.map(\.receipt.receiptID) == [record.receipt.receiptID])
                #expect(sealed.first?.blockIndex == 0)
            }
        }
    }

    /// In a write, reading a miner also reads its leased jobs (one statement); the next `leasedJobs` of
    /// that miner gets them without a statement, but only while the unit has sent and queued nothing since.
    @Test func aMinerReadInAWriteServesItsLeasesUntilTheUnitChangesAnything() async throws {
        try await PostgresFixture.withDatabase { database in
            let store = PostgresStore(database: database)
            let now = self.now
            let jobs = (0..<2).map { Job(client: "ck_1", model: "echo", input: "job \($0)", createdAt: now.addingTimeInterval(Double($0))) }
            try await store.write { db in
                try await db.save(Miner(id: "miner-1", capabilities: ["echo"], registeredAt: now))
                for var job in jobs {
                    try await db.insert(job)
                    try JobLifecycle.lease(&job, to: "miner-1", at: now, duration: 60)
                    try await db.update(job)
                }
            }
            let (prefetched, statements, afterRelease, other) = try await store.write { db in
                let sql = try #require(db as? PostgresStoreTransaction).sql
                _ = try #require(try await db.miner(id: "miner-1"))
                let before = sql.statementsSent
                let prefetched = try await db.leasedJobs(minerID: "miner-1")
                let statements = sql.statementsSent - before
                var released = prefetched[0]
                try JobLifecycle.release(&released, by: "miner-1", token: released.lease!.token, at: now)
                try await db.update(released)
                return (prefetched, statements, try await db.leasedJobs(minerID: "miner-1"),
                        try await db.leasedJobs(minerID: "miner-2"))
            }
            #expect(prefetched.map(\.id) == jobs.map(\.id))
            #expect(statements == 0)
            #expect(afterRelease.map(\.id) == [jobs[1].id])
            #expect(other.isEmpty)
            #expect(try await store.read { db in try await db.leasedJobs(minerID: "miner-1") }.map(\.id) == [jobs[1].id])
        }
    }

    /// A write that says it will read a job (`willReadJob`) gets it, locked, with its next miner read: a
    /// queued job, one of the miner's leases or a missing one, each without a statement of its own, while
    /// the leases still come from the miner's statement; after a write, `job(id:)` reads again.
    @Test func aJobAnnouncedBeforeAMinerReadComesWithIt() async throws {
        try await PostgresFixture.withDatabase { database in
            let store = PostgresStore(database: database)
            let now = self.now
            let queued = Job(client: "ck_1", model: "echo", input: "queued", createdAt: now)
            let leased = try await store.write { db in
                try await db.save(Miner(id: "miner-1", capabilities: ["echo"], registeredAt: now))
                try await db.insert(queued)
                var leased = Job(client: "ck_1", model: "echo", input: "leased", createdAt: now.addingTimeInterval(1))
                try await db.insert(leased)
                try JobLifecycle.lease(&leased, to: "miner-1", at: now, duration: 60)
                try await db.update(leased)
                return leased
            }
            for (id, expected) in [(queued.id, queued), (leased.id, leased), ("job_missing", nil)] {
                let (job, leases, statements) = try await store.write { db in
                    let sql = try #require(db as? PostgresStoreTransaction).sql
                    db.willReadJob(id: id)
                    _ = try #require(try await db.miner(id: "miner-1"))
                    let before = sql.statementsSent
                    let job = try await db.job(id: id)
                    let leases = try await db.leasedJobs(minerID: "miner-1")
                    return (job, leases, sql.statementsSent - before)
                }
                #expect(job == expected)
                #expect(leases == [leased])
                #expect(statements == 0)
            }
            let (reread, statements) = try await store.write { db in
                let sql = try #require(db as? PostgresStoreTransaction).sql
                db.willReadJob(id: queued.id)
                _ = try #require(try await db.miner(id: "miner-1"))
                var changed = try #require(try await db.job(id: queued.id))
                changed.priority = 7
                try await db.update(changed)
                let before = sql.statementsSent
                return (try await db.job(id: queued.id), sql.statementsSent - before)
            }
            #expect(reread?.priority == 7)
            #expect(statements >= 1)
        }
    }

    @Test func duplicatesAreConflictsAndLeaveTheTransactionUsable() async throws {
        try await PostgresFixture.withDatabase { database in
            let store = PostgresStore(database: database)
            let job = Job(client: "ck_1", model: "echo", input: "a", createdAt: now)
            try await store.write { db in try await db.insert(job) }
            let code = try await store.write { db -> String? in
                do {
                    try await db.insert(job)
                    return nil
                } catch let error as MinerKitError {
                    // The store refused without aborting the transaction: it can still read.
                    _ = try await db.jobCount(state: nil)
                    return error.code
                }
            }
            #expect(code == "job_exists")
            let blockOne = try Block.seal(leaves: [[1]], after: nil, at: now)
            try await store.write { db in try await db.append(blockOne) }
            await #expect(throws: MinerKitError(.conflict, code: "block_height_taken", "block 1 is not the next block")) {
                try await store.write { db in try await db.append(blockOne) }
            }
        }
    }

    @Test func equalPriorityAndTimeDispatchInInsertionOrderAndARequeuedJobKeepsItsPlace() async throws {
        try await PostgresFixture.withDatabase { database in
            let store = PostgresStore(database: database)
            let now = self.now
            let jobs = (0..<4).map { Job(id: "job_\($0)", client: "c", model: $0 == 3 ? "other" : "echo",
                                           input: "\($0)", createdAt: now) }
            // Inserted in an order unrelated to the ids.
            for index in [2, 0, 3, 1] { try await store.write { db in try await db.insert(jobs[index]) } }
            let urgent = Job(id: "job_urgent", client: "c", model: "echo", input: "u", priority: 5, createdAt: now)
            try await store.write { db in try await db.insert(urgent) }

            let first = try await Self.leaseNext(store, models: nil, at: now)
            #expect(first?.id == "job_urgent")
            let second = try await Self.leaseNext(store, models: ["echo"], at: now)
            #expect(second?.id == "job_2")
            // The lease lapses: the job goes back to the queue ahead of the jobs inserted after it.
            try await store.write { db in
                let lapsed = try await db.expiredLeases(at: now.addingTimeInterval(120), limit: 10)
                #expect(lapsed.map(\.id).sorted() == ["job_2", "job_urgent"])
                for var job in lapsed where job.id == "job_2" {
                    try JobLifecycle.expire(&job, maxAttempts: 3, at: now.addingTimeInterval(120))
                    try await db.update(job)
                }
            }
            var order: [String] = []
            while let job = try await Self.leaseNext(store, models: ["echo", "other"], at: now) { order.append(job.id) }
            #expect(order == ["job_2", "job_0", "job_3", "job_1"])
        }
    }

    @Test func concurrentClaimersNeverGetTheSameJob() async throws {
        try await PostgresFixture.withDatabase { database in
            let store = PostgresStore(database: database)
            let now = self.now
            let ids = (0..<200).map { "job_\($0)" }
            try await store.write { db in
                for id in ids { try await db.insert(Job(id: id, client: "c", model: "echo", input: id, createdAt: now)) }
            }
            let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
                for claimer in 0..<8 {
                    group.addTask {
                        var mine: [String] = []
                        // Bounded: never more rounds than there are jobs.
                        for _ in 0..<ids.count {
                            guard let job = try await Self.leaseNext(store, models: ["echo"], at: now, miner: "m\(claimer)") else { break }
                            mine.append(job.id)
                        }
                        return mine
                    }
                }
                return try await group.reduce(into: [String]()) { $0 += $1 }
            }
            #expect(claimed.count == ids.count)
            #expect(Set(claimed) == Set(ids))
            #expect(try await store.read { db in try await db.jobCount(state: .queued) } == 0)
        }
    }

    @Test func countersCreatedConcurrentlyLoseNoUpdate() async throws {
        try await PostgresFixture.withDatabase { database in
            let store = PostgresStore(database: database)
            // Eight units of work each add one to counters that do not exist yet: none may be lost.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await store.write { db in
                            var stats = try await db.minerStats(id: "m1") ?? MinerStats(minerID: "m1")
                            stats.completed += 1
                            stats.earnings += 0.5
                            try await db.save(stats)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let stats = try await store.read { db in try await db.minerStats(id: "m1") }
            #expect(stats == MinerStats(minerID: "m1", completed: 8, earnings: 4))
        }
    }

    /// Leases the next queued job among `models` to `miner`, as the coordinator does.
    private static func leaseNext(_ store: PostgresStore, models: [String]?, at now: Date,
                                  miner: String = "m") async throws -> Job? {
        try await store.write { db in
            guard var job = try await db.nextQueuedJob(models: models) else { return nil }
            try JobLifecycle.lease(&job, to: miner, at: now, duration: 60)
            try await db.update(job)
            return job
        }
    }
}

import Foundation
import MinerKit
import Testing

/// Which leases last (``LeaseAcknowledgement``): the ones a miner knows are renewed, the polled ones of a
/// miner that names no jobs are held until their bound, and the ones a `job_ids` miner leaves out lapse.
@Suite struct LeaseAcknowledgementTests {
    typealias Setup = CoordinatorTests.Setup

    /// Heartbeat timeout 30 s, bound 120 s.
    static let bounded = CoordinatorConfiguration(heartbeatTimeout: 30, rateLimits: .off, maxJobSeconds: 120)

    @Test(arguments: StoreKind.allCases)
    func anAITBCStyleMinerKeepsAJobLongerThanSeveralTimeouts(kind: StoreKind) async throws {
        let s = try await Setup(kind, Self.bounded)
        let miner = try await s.miner("m1", concurrency: 1)
        let job = try await s.submit()
        _ = try await s.coordinator.heartbeat(credentials: miner, report: HeartbeatReport(inflight: 0, status: "ONLINE"))
        let leased = try #require(try await s.coordinator.poll(credentials: miner))
        #expect(leased.lease.acknowledged == false)
        for _ in 0..<5 {  // 100 s: more than three heartbeat timeouts
            s.clock.advance(by: 20)
            let beat = try await s.coordinator.heartbeat(credentials: miner, report: HeartbeatReport(inflight: 0, status: "ONLINE"))
            #expect(beat.jobsAssigned == 1, "the held lease is counted")
            try await s.coordinator.maintain()
        }
        let receipt = try await s.coordinator.complete(jobID: job.id, report: JobResultReport(result: "out"), credentials: miner)
        #expect(receipt.jobID == job.id)
        let done = try await s.coordinator.job(id: job.id, credentials: s.client)
        #expect(done.state == .completed && done.attempts == 0)
    }

    @Test(arguments: StoreKind.allCases)
    func aMinerSilentWhileItWorksCompletesAndIsServedAgain(kind: StoreKind) async throws {
        let s = try await Setup(kind, Self.bounded)
        let miner = try await s.miner("m1", concurrency: 1)
        _ = try await s.coordinator.heartbeat(credentials: miner)
        let job = try await s.submit()
        _ = try #require(try await s.coordinator.poll(credentials: miner))
        for _ in 0..<4 {  // 100 s of silence
            s.clock.advance(by: 25)
            try await s.coordinator.maintain()
        }
        let silent = try await s.coordinator.store.read { db in try await db.miner(id: "m1") }
        #expect(silent?.status == .offline, "silence marks the miner offline, but does not end its held lease")
        let receipt = try await s.coordinator.complete(jobID: job.id, report: JobResultReport(result: "out"), credentials: miner)
        #expect(receipt.jobID == job.id)
        let next = try await s.submit()
        #expect(try await s.coordinator.poll(credentials: miner)?.job.id == next.id, "its result made it active again")
    }

    @Test(arguments: StoreKind.allCases)
    func aHeldLeaseNobodyWorksOnIsFreedAtItsBound(kind: StoreKind) async throws {
        let s = try await Setup(kind, Self.bounded)
        let miner = try await s.miner("m1", concurrency: 2)
        let job = try await s.submit()
        let lost = try #require(try await s.coordinator.poll(credentials: miner))  // its answer never arrived
        for _ in 0..<5 {
            s.clock.advance(by: 20)
            _ = try await s.coordinator.heartbeat(credentials: miner, report: HeartbeatReport(inflight: 0, status: "ONLINE"))
            try await s.coordinator.maintain()
        }
        #expect(try await s.coordinator.job(id: job.id, credentials: s.client).state == .leased, "100 s: within the bound")
        s.clock.advance(by: 20)
        _ = try await s.coordinator.heartbeat(credentials: miner, report: HeartbeatReport(inflight: 0))
        try await s.coordinator.maintain()
        let requeued = try await s.coordinator.job(id: job.id, credentials: s.client)
        #expect(requeued.state == .queued && requeued.attempts == 1, "freed at grant + max_job_seconds")
        await expectError(.conflict, "job_not_leased") {
            _ = try await s.coordinator.complete(jobID: job.id, report: JobResultReport(result: "late", leaseToken: lost.lease.token),
                                                 credentials: miner)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aPollAtTheConcurrencyLimitGivesBackTheLeasesTheMinerDoesNotKnow(kind: StoreKind) async throws {
        let s = try await Setup(kind, Self.bounded)
        let miner = try await s.miner("m1", concurrency: 1)
        let job = try await s.submit()
        let lost = try #require(try await s.coordinator.poll(credentials: miner))  // answer lost; the miner polls again
        let again = try #require(try await s.coordinator.poll(credentials: miner))
        #expect(again.job.id == job.id && again.lease.token == lost.lease.token + 1)
        #expect(try await s.coordinator.job(id: job.id, credentials: s.client).attempts == 0, "no attempt counted")
        // A miner at its limit with only acknowledged leases gets nothing and keeps them.
        _ = try await s.coordinator.heartbeat(credentials: miner, report: HeartbeatReport(inflight: 1))
        _ = try await s.submit()
        #expect(try await s.coordinator.poll(credentials: miner) == nil)
        #expect(try await s.coordinator.job(id: job.id, credentials: s.client).lease?.token == again.lease.token)
    }

    @Test(arguments: StoreKind.allCases)
    func aMinerNamingOtherJobsLosesTheUnnamedLeaseAtItsFirstDeadline(kind: StoreKind) async throws {
        let s = try await Setup(kind, Self.bounded)
        let miner = try await s.miner("m1", concurrency: 3)
        let claimedJob = try await s.submit()
        _ = try await s.coordinator.claim(jobID: claimedJob.id, credentials: miner)
        let polledJob = try await s.submit()
        _ = try #require(try await s.coordinator.poll(credentials: miner))  // answer lost
        s.clock.advance(by: 10)
        let beat = try await s.coordinator.heartbeat(credentials: miner, report: HeartbeatReport(jobIDs: [claimedJob.id]))
        #expect(beat.jobsAssigned == 1)
        s.clock.advance(by: 19)
        try await s.coordinator.maintain()
        #expect(try await s.coordinator.job(id: polledJob.id, credentials: s.client).state == .leased, "29 s: before its first deadline")
        s.clock.advance(by: 1)
        try await s.coordinator.maintain()
        let lapsed = try await s.coordinator.job(id: polledJob.id, credentials: s.client)
        #expect(lapsed.state == .queued && lapsed.attempts == 1, "30 s after its grant")
        #expect(try await s.coordinator.job(id: claimedJob.id, credentials: s.client).state == .leased)
        // Its later polled leases last one heartbeat timeout from the start: it says what it works on.
        let next = try #require(try await s.coordinator.poll(credentials: miner))
        #expect(next.lease.deadline == s.clock.now().addingTimeInterval(30))
    }

    @Test(arguments: StoreKind.allCases)
    func inflightAcknowledgesTheOldestLeasesAndNamedOnesAreKept(kind: StoreKind) async throws {
        let s = try await Setup(kind, Self.bounded)
        let miner = try await s.miner("m1", concurrency: 3)
        let jobs = [try await s.submit(), try await s.submit(), try await s.submit()]
        for _ in jobs {
            _ = try #require(try await s.coordinator.poll(credentials: miner))
            s.clock.advance(by: 1)
        }
        // The miner works two jobs: the two oldest leases become known and are renewed; the third is held.
        #expect(try await s.coordinator.heartbeat(credentials: miner, report: HeartbeatReport(inflight: 2)).jobsAssigned == 3)
        s.clock.advance(by: 29)
        // Known leases stay renewed even when a later heartbeat says less (AITBC's always says 0).
        #expect(try await s.coordinator.heartbeat(credentials: miner, report: HeartbeatReport(inflight: 0)).jobsAssigned == 3)
        try await s.coordinator.maintain()
        var states: [JobState] = []
        for job in jobs { states.append(try await s.coordinator.job(id: job.id, credentials: s.client).state) }
        #expect(states == [.leased, .leased, .leased])
        // job_ids says exactly which: only the named lease is renewed, and the unacknowledged third,
        // past its first deadline, lapses at once.
        let named = try await s.coordinator.heartbeat(credentials: miner, report: HeartbeatReport(jobIDs: [jobs[1].id]))
        #expect(named.jobsAssigned == 1)
        try await s.coordinator.maintain()
        #expect(try await s.coordinator.job(id: jobs[2].id, credentials: s.client).state == .queued)
    }

    @Test(arguments: StoreKind.allCases)
    func aClaimedLeaseIsKnownFromTheStart(kind: StoreKind) async throws {
        let s = try await Setup(kind, .init(heartbeatTimeout: 30, rateLimits: .off))
        let miner = try await s.miner("m1")
        let job = try await s.submit()
        let leased = try await s.coordinator.claim(jobID: job.id, credentials: miner)
        #expect(leased.lease.acknowledged)
        s.clock.advance(by: 20)
        #expect(try await s.coordinator.heartbeat(credentials: miner).jobsAssigned == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func anUndeliveredPollAnswerGoesBackWithoutCostingAnAttempt(kind: StoreKind) async throws {
        let s = try await Setup(kind)
        let miner = try await s.miner("m1")
        let job = try await s.submit()
        let leased = try #require(try await s.coordinator.poll(credentials: miner))
        await s.coordinator.releaseUndelivered(leased)
        let back = try await s.coordinator.job(id: job.id, credentials: s.client)
        #expect(back.state == .queued && back.attempts == 0)
        #expect(try await s.coordinator.poll(credentials: miner)?.job.id == job.id)
    }
}

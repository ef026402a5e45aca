import Foundation
import MinerKit
import Testing

/// Leases a miner never acknowledged lapse, whatever its heartbeats say; the ones it knows are kept.
@Suite struct LeaseAcknowledgementTests {
    typealias Setup = CoordinatorTests.Setup

    @Test(arguments: StoreKind.allCases)
    func aPolledLeaseTheMinerNeverMentionsLapsesDespiteBareHeartbeats(kind: StoreKind) async throws {
        let s = try await Setup(kind, .init(heartbeatTimeout: 30, rateLimits: .off))
        let miner = try await s.miner("m1", concurrency: 2)
        let job = try await s.submit()
        let lost = try #require(try await s.coordinator.poll(credentials: miner))  // its answer never arrived
        #expect(lost.lease.acknowledged == false)
        for _ in 0..<3 {
            s.clock.advance(by: 20)
            let beat = try await s.coordinator.heartbeat(credentials: miner, report: HeartbeatReport(inflight: 0, status: "ONLINE"))
            #expect(beat.jobsAssigned == 0)
            try await s.coordinator.maintain()
        }
        let requeued = try await s.coordinator.job(id: job.id, credentials: s.client)
        #expect(requeued.state == .queued && requeued.attempts == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func inflightAcknowledgesTheOldestLeasesAndNamedOnesAreKept(kind: StoreKind) async throws {
        let s = try await Setup(kind, .init(heartbeatTimeout: 30, rateLimits: .off))
        let miner = try await s.miner("m1", concurrency: 3)
        let jobs = [try await s.submit(), try await s.submit(), try await s.submit()]
        for _ in jobs {
            _ = try #require(try await s.coordinator.poll(credentials: miner))
            s.clock.advance(by: 1)
        }
        // The miner works two jobs: the two oldest leases become known and are renewed.
        #expect(try await s.coordinator.heartbeat(credentials: miner, report: HeartbeatReport(inflight: 2)).jobsAssigned == 2)
        s.clock.advance(by: 29)
        // Known leases stay renewed even when a later heartbeat says less (AITBC's always says 0).
        #expect(try await s.coordinator.heartbeat(credentials: miner, report: HeartbeatReport(inflight: 0)).jobsAssigned == 2)
        try await s.coordinator.maintain()
        var states: [JobState] = []
        for job in jobs { states.append(try await s.coordinator.job(id: job.id, credentials: s.client).state) }
        #expect(states == [.leased, .leased, .queued])
        // job_ids says exactly which: only the named lease is renewed.
        let named = try await s.coordinator.heartbeat(credentials: miner, report: HeartbeatReport(jobIDs: [jobs[1].id]))
        #expect(named.jobsAssigned == 1)
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

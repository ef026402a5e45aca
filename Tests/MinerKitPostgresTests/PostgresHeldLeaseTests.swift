import Foundation
import MinerKit
import MinerKitPostgres
import MinerKitTesting
import Testing

/// The lease rule of ``LeaseAcknowledgement`` on PostgreSQL, across two nodes sharing one clock: a
/// polled lease of a miner that names no jobs is held until its bound, however long it is silent, and
/// freed at the bound; a miner that names other jobs loses an unnamed lease at its first deadline.
@Suite(.enabled(if: PostgresTestCluster.shouldRunTests), .timeLimit(.minutes(5)))
struct PostgresHeldLeaseTests {
    @Test func heldLeasesLastUntilTheirBoundAndUnnamedOnesLapseOnBothNodes() async throws {
        try await PostgresFixture.withTwoNodes { first, second in
            let clock = ManualTimeSource(start: Date(timeIntervalSince1970: 1_800_000_000))
            let keys = Ed25519KeyPair.generate()
            let configuration = CoordinatorConfiguration(heartbeatTimeout: 30, rateLimits: .off, maxJobSeconds: 120)
            let nodeA = Coordinator(store: PostgresStore(database: first), keyPair: keys, clock: clock, configuration: configuration)
            let nodeB = Coordinator(store: PostgresStore(database: second), keyPair: keys, clock: clock, configuration: configuration)
            let client = ClientCredentials(apiKey: try await nodeA.createClientKey(name: "client").1.text)
            func miner(_ id: String) async throws -> MinerCredentials {
                let enrollment = try await nodeA.registerMiner(MinerRegistration(minerID: id, maxConcurrent: 2),
                                                               credentials: MinerCredentials(minerID: nil, apiKey: nil))
                return MinerCredentials(minerID: id, apiKey: enrollment.apiKey?.text)
            }
            let silent = try await miner("silent"), naming = try await miner("naming")
            let long = try await nodeA.submitJob(JobSubmission(client: "", model: "echo", input: "a"), credentials: client)
            _ = try #require(try await nodeB.poll(credentials: silent))
            let lost = try await nodeA.submitJob(JobSubmission(client: "", model: "echo", input: "b"), credentials: client)
            _ = try #require(try await nodeB.poll(credentials: silent))  // its answer never arrives
            let unnamed = try await nodeA.submitJob(JobSubmission(client: "", model: "echo", input: "c"), credentials: client)
            _ = try #require(try await nodeB.poll(credentials: naming))
            _ = try await nodeB.heartbeat(credentials: naming, report: HeartbeatReport(jobIDs: []))
            for _ in 0..<5 {  // 100 s: past several heartbeat timeouts, within the bound
                clock.advance(by: 20)
                try await nodeA.maintain()
            }
            #expect(try await nodeA.job(id: unnamed.id, credentials: client).state == .queued, "lapsed at its first deadline")
            _ = try await nodeA.complete(jobID: long.id, report: JobResultReport(result: "done"), credentials: silent)
            #expect(try await nodeB.job(id: long.id, credentials: client).state == .completed)
            #expect(try await nodeB.job(id: lost.id, credentials: client).state == .leased, "held until its bound")
            clock.advance(by: 20)
            try await nodeA.maintain()
            let freed = try await nodeB.job(id: lost.id, credentials: client)
            #expect(freed.state == .queued && freed.attempts == 1, "freed at grant + max_job_seconds")
        }
    }
}

import Foundation
import MinerKit
import MinerKitPostgres
import MinerKitTesting
import Testing

/// Two coordinator nodes on one database, as deployed past one process.
@Suite(.enabled(if: PostgresTestCluster.shouldRunTests), .timeLimit(.minutes(5)))
struct PostgresCoordinatorTests {
    @Test func aJobSubmittedOnOneNodeIsPolledCompletedAndSealedOnTheOther() async throws {
        try await PostgresFixture.withTwoNodes { first, second in
            let keys = Ed25519KeyPair.generate()
            let configuration = CoordinatorConfiguration(rateLimits: .off, blockSize: 1)
            let nodeA = Coordinator(store: PostgresStore(database: first), keyPair: keys, configuration: configuration,
                                    coordination: try await .postgres(first))
            let nodeB = Coordinator(store: PostgresStore(database: second), keyPair: keys, configuration: configuration,
                                    coordination: try await .postgres(second))
            let (_, key) = try await nodeA.createClientKey(name: "client")
            let enrollment = try await nodeB.registerMiner(MinerRegistration(minerID: "miner-1", capabilities: ["echo"]),
                                                           credentials: MinerCredentials(minerID: nil, apiKey: nil))
            let miner = MinerCredentials(minerID: "miner-1", apiKey: enrollment.apiKey?.text)

            // The miner waits on node B; the job arrives on node A.
            async let polled = nodeB.poll(credentials: miner, maxWait: 30)
            let job = try await nodeA.submitJob(JobSubmission(client: "", model: "echo", input: "hi"),
                                                credentials: ClientCredentials(apiKey: key.text))
            let leased = try #require(try await polled)
            #expect(leased.job.id == job.id)

            let receipt = try await nodeB.complete(jobID: job.id, report: JobResultReport(result: "ok", leaseToken: leased.lease.token),
                                                   credentials: miner)
            #expect(receipt.verify(with: nodeA.publicKey))
            // A block of one receipt was sealed with the completion; node A proves its inclusion.
            let (proof, block) = try await nodeA.inclusionProof(receiptID: receipt.receiptID)
            #expect(block.height == 1)
            #expect(proof.receiptID == receipt.receiptID)
            for node in [nodeA, nodeB] { await (node.coordination.wakeUps as? PostgresJobWakeUps)?.close() }
        }
    }
}

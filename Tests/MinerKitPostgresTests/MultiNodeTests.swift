import Foundation
import MinerKit
import MinerKitPostgres
import MinerKitTesting
import Synchronization
import Testing

/// Three `minerkit coordinator serve` processes on one PostgreSQL database, with miners and clients
/// spread over them and nodes killed with SIGKILL while the load runs.
@Suite("Several coordinators on one PostgreSQL", .enabled(if: PostgresTestCluster.shouldRunTests), .serialized)
struct MultiNodeTests {
    @Test("nodes killed at random lose and duplicate nothing; one hash chain; leases cross nodes",
          .timeLimit(.minutes(5)))
    func killedNodes() async throws {
        try await MultiNodeCluster.with(nodes: 3) { cluster in
            let miners = try await cluster.registerMiners(6)
            let load = LoadRecord()
            let deadline = ContinuousClock.now.advanced(by: .seconds(16))

            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await Self.runLoad(on: cluster, miners: miners, until: deadline, into: load) }
                group.addTask {
                    for _ in 0..<4 {
                        // Kills at random moments while the load runs are the point, not an ordering step.
                        try await Task.sleep(for: .milliseconds(Int.random(in: 2_000...3_500)))
                        try await cluster.killAndRestartRandomNode()
                    }
                }
                try await group.waitForAll()
            }
            // A slow machine gets more time (no more kills) until there is enough acknowledged work to check.
            let cap = ContinuousClock.now.advanced(by: .seconds(60))
            while ContinuousClock.now < cap, load.snapshot().submitted.count <= 100 || load.snapshot().completed.count <= 100 {
                let more = min(cap, ContinuousClock.now.advanced(by: .seconds(5)))
                try await Self.runLoad(on: cluster, miners: miners, until: more, into: load)
            }

            let seen = load.snapshot()
            print("multi-node load: \(seen.submitted.count) submissions and \(seen.completed.count) completions acknowledged, \(seen.crossNode) completed through another node than the lease's, \(cluster.kills) nodes killed")
            #expect(cluster.kills == 4)
            #expect(seen.submitted.count > 100, "too little load to test: \(seen.submitted.count) submissions")
            #expect(seen.completed.count > 100, "too little work to test: \(seen.completed.count) completions")
            #expect(seen.crossNode > 0, "no job was completed through another node than the one that leased it")

            let verifier = try await cluster.verifier()
            for id in seen.submitted {
                #expect(try await verifier.store.read { try await $0.job(id: id) } != nil, "acknowledged job \(id) is missing")
            }
            #expect(try await verifier.store.read { try await $0.jobCount(state: nil) } >= seen.submitted.count)
            for (jobID, receiptID) in seen.completed {
                let stored = try await verifier.store.read { try await $0.receipt(jobID: jobID) }
                #expect(stored?.receipt.receiptID == receiptID, "job \(jobID): acknowledged receipt \(receiptID), stored \(stored?.receipt.receiptID ?? "none")")
            }
            _ = try await verifier.sealPendingReceipts()
            try await cluster.expectOneValidChain(verifier)
        }
    }

    /// Two clients submitting and every miner working, over random nodes, until `deadline`.
    private static func runLoad(on cluster: MultiNodeCluster, miners: [MultiNodeCluster.Miner],
                                until deadline: ContinuousClock.Instant, into load: LoadRecord) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 0..<2 {
                group.addTask { try await cluster.submitJobs(until: deadline, tag: "c\(client)", into: load) }
            }
            for miner in miners {
                group.addTask { try await cluster.work(as: miner, until: deadline, into: load) }
            }
            try await group.waitForAll()
        }
    }

    @Test("a long poll waiting on one node wakes for a submit on another", .timeLimit(.minutes(5)))
    func crossNodeWakeUps() async throws {
        try await MultiNodeCluster.with(nodes: 3) { cluster in
            let miner = try await cluster.registerMiners(1)[0]
            var latencies: [Double] = []
            for round in 0..<30 {
                let (waiter, submitter) = (cluster.nodes[round % 3], cluster.nodes[(round + 1) % 3])
                let poll = Task {
                    try await LoopbackHTTP.send(.POST, waiter.base + "/v1/miners/poll", headers: miner.headers,
                                                json: ["max_wait_seconds": 5])
                }
                // Not an ordering step the checks depend on: a job submitted before the poll waits is leased
                // by its first look, one submitted in between is a pending wake-up, and the reply must carry
                // it either way. The pause only makes the latency printed below the wake-up's: the node is
                // another process and shows nothing that says its poll has reached its wait.
                try await Task.sleep(for: .milliseconds(150))
                let start = ContinuousClock.now
                let jobID = try await cluster.submit(on: submitter, input: "wake-\(round)")
                let reply = try await poll.value
                latencies.append((ContinuousClock.now - start).timeInterval * 1000)
                #expect(reply.status == 200 && reply.json["job_id"]?.stringValue == jobID,
                        "round \(round): the poll on \(waiter.name) did not get the job submitted on \(submitter.name)")
                if let token = reply.json["constraints"]?["lease_token"]?.doubleValue {
                    _ = try await LoopbackHTTP.send(.POST, submitter.base + "/v1/miners/\(jobID)/result", headers: miner.headers,
                                                    json: ["result": "done", "lease_token": .number(token)])
                }
            }
            latencies.sort()
            print(String(format: "cross-node wake-up (submit acknowledged on one node -> poll answered on another): p50 %.1f ms, p99 %.1f ms, %d rounds",
                         latencies[latencies.count / 2], latencies[min(latencies.count - 1, latencies.count * 99 / 100)], latencies.count))
        }
    }
}

/// What the load saw acknowledged.
final class LoadRecord: Sendable {
    struct Seen: Sendable {
        var submitted: [String] = []
        /// Job id to the receipt id the coordinator acknowledged for it.
        var completed: [String: String] = [:]
        var crossNode = 0
    }

    private let state = Mutex(Seen())

    func submitted(_ id: String) { state.withLock { $0.submitted.append(id) } }

    func completed(_ jobID: String, receipt: String, crossNode: Bool) {
        state.withLock {
            $0.completed[jobID] = receipt
            if crossNode { $0.crossNode += 1 }
        }
    }

    func snapshot() -> Seen { state.withLock { $0 } }
}

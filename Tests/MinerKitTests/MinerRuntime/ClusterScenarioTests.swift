import Foundation
import MinerKit
import MinerKitTesting
import Testing

/// Whole-system scenarios: one coordinator, many runtimes, thousands of jobs, with and without faults.
@Suite("Cluster scenarios", .serialized)
struct ClusterScenarioTests {
    static let echo = HandlerRegistry(["echo": ClosureJobHandler { job in
        JobOutput(result: "echo:" + job.input, metrics: .object(["gpu_time_seconds": .number(0.01)]))
    }])

    /// Every job completed exactly once, with exactly one receipt that verifies under the coordinator's key.
    private func expectExactlyOnce(_ cluster: LocalCluster, _ jobs: [Job]) async throws {
        let coordinator = cluster.coordinator
        let finished = try await cluster.waitUntilFinal(jobs.map(\.id), timeout: .seconds(60))
        #expect(finished.allSatisfy { $0.state == .completed }, "not completed: \(finished.filter { $0.state != .completed }.map { "\($0.id) \($0.state) \($0.failureReason ?? "")" }.prefix(5))")
        let receipts = try await coordinator.store.read { db in
            var receipts: [ReceiptRecord?] = []
            for job in jobs { receipts.append(try await db.receipt(jobID: job.id)) }
            return receipts
        }
        #expect(try await coordinator.store.read { try await $0.receiptCount() } == jobs.count)
        for (job, record) in zip(finished, receipts) {
            let receipt = try #require(record?.receipt, "job \(job.id) has no receipt")
            #expect(receipt.verify(with: coordinator.publicKey))
            #expect(receipt.resultHash == ResultDigest.of("echo:" + job.input))
            #expect(receipt.provider == job.minerID)
        }
    }

    @Test("1 client, 50 miners, 2,000 jobs: each completed exactly once with one valid receipt",
          .timeLimit(.minutes(5)))
    func healthyCluster() async throws {
        let cluster = try LocalCluster()
        cluster.startClock()
        cluster.startMiners(50, handlers: Self.echo)
        try await cluster.run {
            let jobs = try await cluster.submit(2_000, model: "echo")
            try await expectExactlyOnce(cluster, jobs)
        }

        let completions = cluster.events.compactMap { record -> String? in
            if case .completed(let id, _) = record.event { return id }
            return nil
        }
        #expect(completions.count == 2_000)
        #expect(Set(completions).count == 2_000)
        let busy = Set(cluster.events.compactMap { record -> String? in
            if case .completed = record.event { return record.miner }
            return nil
        })
        #expect(busy.count > 25, "work should spread over the miners; \(busy.count) of 50 did any")
    }

    @Test("with lost responses, dying and stalling miners and a coordinator restart, nothing is lost or duplicated",
          .timeLimit(.minutes(5)))
    func faultyCluster() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cluster-\(UUID()).sqlite").path
        let cluster = try LocalCluster(storage: .sqlite(path: path),
                                       configuration: CoordinatorConfiguration(heartbeatTimeout: 30, maxAttempts: 20,
                                                                               rateLimits: .off))
        cluster.startClock()
        cluster.startMiners(50, handlers: Self.echo) { index in
            switch index {
            case 0..<10: FaultPlan(dropResponseProbability: 0.2)
            case 10..<13: FaultPlan(dieAfterLeases: 3)
            case 13..<16: FaultPlan(stallSeconds: 45)
            default: .none
            }
        }
        try await cluster.run {
            let first = try await cluster.submit(1_000, model: "echo", inputPrefix: "a-")
            // Restart mid-flight: once a tenth of the first jobs are done, with others leased and queued.
            try await waitUntil("100 jobs completed before the restart", timeout: .seconds(60), interval: .milliseconds(10)) {
                try await cluster.coordinator.store.read { try await $0.jobCount(state: .completed) } >= 100
            }
            try cluster.restartCoordinator()
            let second = try await cluster.submit(1_000, model: "echo", inputPrefix: "b-")
            try await expectExactlyOnce(cluster, first + second)
        }

        let dropped = cluster.miners.reduce(0) { $0 + $1.transport.droppedResponses }
        #expect(dropped > 0, "the faults were injected")
        // A miner planned to die after 3 leases died on its 4th; under load one may never get a 4th.
        for miner in cluster.miners[10..<13] {
            #expect(miner.transport.isDead || miner.transport.leases <= 3, "\(miner.name) outlived its planned death")
        }
        #expect(cluster.miners.filter(\.transport.isDead).count > 0, "no miner died: the fault was not injected")

        // Stalled miners' late results were refused, each with its reason, and never overwrote anything.
        let refusals = cluster.events.compactMap { record -> (String, String, String)? in
            if case .refused(let job, let code, let detail) = record.event { return (record.miner, job, code + detail) }
            return nil
        }
        #expect(!refusals.isEmpty, "stalled miners should have had late results refused")
        for (miner, _, reason) in refusals {
            #expect(["sim-10", "sim-11", "sim-12", "sim-13", "sim-14", "sim-15"].contains(miner) || reason.contains("lease"),
                    "unexpected refusal for \(miner): \(reason)")
            #expect(!reason.isEmpty)
        }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    @Test("a runtime that is shut down finishes its job and stops; one killed mid-job loses nothing",
          .timeLimit(.minutes(3)))
    func shutdown() async throws {
        let cluster = try LocalCluster(configuration: CoordinatorConfiguration(heartbeatTimeout: 10, rateLimits: .off))
        let slow = HandlerRegistry(["echo": ClosureJobHandler { job in
            // A job that takes a while is the point (the shutdown must wait for it), not an ordering step.
            try await Task.sleep(for: .milliseconds(200))
            return JobOutput(result: "echo:" + job.input)
        }])
        let miners = cluster.startMiners(1, handlers: slow)
        let jobs = try await cluster.run {
            let jobs = try await cluster.submit(1, model: "echo")
            // Wait until the job is leased, then ask the miner to stop: it must finish the job first.
            try await waitUntil("the job is leased", timeout: .seconds(60)) {
                try await cluster.coordinator.store.read { try await $0.job(id: jobs[0].id) }?.state == .leased
            }
            miners[0].runtime.shutdown()
            _ = try await cluster.waitUntilFinal(jobs.map(\.id), timeout: .seconds(60))
            return jobs
        }
        #expect(try await cluster.coordinator.store.read { try await $0.job(id: jobs[0].id) }?.state == .completed)
        #expect(cluster.events.contains { if case .stopped(1) = $0.event { true } else { false } })
    }
}

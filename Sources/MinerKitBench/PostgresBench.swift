import Foundation
import MinerKit
import MinerKitPostgres
import MinerKitTesting

/// PostgreSQL, on a durable throwaway cluster (fsync and synchronous commit on): lease+complete cycles/s
/// through `PostgresStore` with 1, 4 and 8 concurrent miners, next to the ceiling of the same statements
/// run by `pgbench` (Sources/MinerKitBench/pgbench/claim_complete.sql) with as many clients, and between
/// them the same statements sent through PostgresNIO without the store (``PostgresDriverCycles``); and the
/// wake-up latency between two nodes (an announcement on one, a waiter on the other).
enum PostgresBench {
    static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("pgbench")

    static func run() async throws {
        try await withDurableCluster { cluster in
            for round in 1...2 {
                print("-- round \(round)")
                for miners in [1, 4, 8] {
                    let store = try await storeCycles(cluster, miners: miners, seconds: 5)
                    let driver = try await PostgresDriverCycles.rate(cluster, clients: miners, seconds: 5)
                    let raw = try await PostgresDriverCycles.rawRate(cluster, clients: miners, seconds: 5)
                    let ceiling = try await pgbenchCycles(cluster, clients: miners)
                    print(String(format: "%d miner(s): PostgresStore %4.0f cycles/s   same SQL: through the runner %4.0f, bare PostgresNIO (unnamed) %4.0f   pgbench -M prepared %4.0f   (%.0f%% / %.0f%% / %.0f%%)",
                                 miners, store, driver, raw, ceiling, store / ceiling * 100, driver / ceiling * 100, raw / ceiling * 100))
                }
                for miners in [1, 8] { try await PostgresCycleActivity.measure(cluster, miners: miners, seconds: 5) }
                try await PostgresCycleActivity.measure(cluster, miners: 8, seconds: 5, commitDelay: 500)
                let wake = try await wakeUpLatencies(cluster, rounds: 200)
                print(String(format: "wake-up across two nodes (NOTIFY on one, waiter on the other): p50 %.2f ms, p99 %.2f ms",
                             wake[wake.count / 2] * 1000, wake[wake.count * 99 / 100] * 1000))
            }
        }
    }

    /// Only the store's side, 1 and 4 miners for 10 s each (`minerkit-bench postgres-store`): a steady
    /// load to profile the client with (`perf record -p`), without pgbench in between.
    static func runStoreOnly() async throws {
        try await withDurableCluster { cluster in
            for miners in [1, 4] {
                let rate = try await storeCycles(cluster, miners: miners, seconds: 10)
                print(String(format: "%d miner(s): PostgresStore %6.0f cycles/s", miners, rate))
            }
        }
    }

    /// `miners` tasks leasing and completing through one node's store for `seconds`.
    private static func storeCycles(_ cluster: PostgresTestCluster, miners: Int, seconds: Double) async throws -> Double {
        let database = try await PostgresDatabasePool.open(try await cluster.createDatabase(), maxConnections: miners + 2)
        let queue = JobQueue(store: PostgresStore(database: database), policy: LeasePolicy(leaseDuration: 3600))
        try await seed(queue.store, jobs: Int(seconds) * 6_000)
        let rate = try await cyclesPerSecond(workers: miners, seconds: seconds) { m in
            guard let job = try await queue.leaseNext(minerID: "m\(m)", models: ["echo"]) else { return false }
            try await queue.complete(jobID: job.id, minerID: "m\(m)", token: job.lease!.token, result: "ok")
            return true
        }
        await database.close()
        return rate
    }

    /// The same claim+complete pattern run by `pgbench` with `clients` connections, its statements prepared
    /// as the store's are (`-M prepared`).
    private static func pgbenchCycles(_ cluster: PostgresTestCluster, clients: Int) async throws -> Double {
        let url = try await cluster.createDatabase()
        await (try await PostgresDatabasePool.open(url, maxConnections: 1)).close()  // migrate
        let perClient = 2_000
        try await seedWithPSQL(cluster, url: url, jobs: perClient * clients + 1_000)
        let output = try await cluster.runClient("pgbench", ["-n", "-M", "prepared", "-f", scripts.appendingPathComponent("claim_complete.sql").path,
                                                            "-c", String(clients), "-j", String(min(clients, 2)),
                                                            "-t", String(perClient), url])
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("tps = ") }),
              let tps = Double(line.dropFirst(6).prefix { $0.isNumber || $0 == "." }) else {
            throw MinerKitError(.internal, code: "pgbench_output", "pgbench printed no tps:\n\(output)")
        }
        return tps
    }

    /// Queues `jobs` jobs of model `echo` with `pgbench/seed_jobs.sql`, in a database MinerKit has migrated.
    static func seedWithPSQL(_ cluster: PostgresTestCluster, url: String, jobs: Int) async throws {
        _ = try await cluster.runClient("psql", ["-q", "-v", "ON_ERROR_STOP=1", "-v", "jobs=\(jobs)", "-f",
                                                scripts.appendingPathComponent("seed_jobs.sql").path, url])
    }

    /// Queues `jobs` jobs in units of work of 500.
    static func seed(_ store: any Store, jobs: Int) async throws {
        let now = Date()
        for batch in stride(from: 0, to: jobs, by: 500) {
            try await store.write { db in
                for i in batch..<min(jobs, batch + 500) {
                    try await db.insert(Job(client: "bench", model: "echo", input: "job \(i)", createdAt: now))
                }
            }
        }
    }

    /// Seconds from an announcement on one node to the wake of a waiter on another, sorted.
    private static func wakeUpLatencies(_ cluster: PostgresTestCluster, rounds: Int) async throws -> [Double] {
        let url = try await cluster.createDatabase()
        let (a, b) = (try await PostgresDatabasePool.open(url, maxConnections: 2), try await PostgresDatabasePool.open(url, maxConnections: 2))
        let (sender, receiver) = (try await PostgresJobWakeUps.start(database: a), try await PostgresJobWakeUps.start(database: b))
        var latencies: [Double] = []
        for _ in 0..<rounds {
            let generation = receiver.generation
            let waiting = Task { await receiver.wait(models: ["echo"], since: generation, timeout: .seconds(5)) }
            try await Task.sleep(for: .milliseconds(2))
            let start = ContinuousClock.now
            await sender.announce(model: "echo", count: 1)
            await waiting.value
            latencies.append((ContinuousClock.now - start).timeInterval)
        }
        await sender.close()
        await receiver.close()
        await a.close()
        await b.close()
        return latencies.sorted()
    }
}

import Foundation
import MinerKit
import MinerKitPostgres
import MinerKitTesting
import Synchronization

/// What one full job cycle costs PostgreSQL, through an in-process ``Coordinator`` on
/// ``PostgresStore`` with ``Coordination/postgres(_:)`` (no HTTP): a client submits, the miner claims
/// and completes (a signed receipt), the client fetches the receipt. Transactions, commits and WAL flushes
/// per cycle come from `pg_stat_database` and `pg_stat_wal` deltas (``PostgresActivity``).
enum PostgresCycleActivity {
    /// `miners` client/miner pairs cycling for `seconds` on a fresh database of `cluster`; prints one line.
    /// With `commitDelay` (µs), the database's sessions wait that long before a WAL flush when five others
    /// have transactions open (`commit_delay`, PostgreSQL's own group commit), so concurrent commits share it.
    static func measure(_ cluster: PostgresTestCluster, miners: Int, seconds: Double, commitDelay: Int? = nil) async throws {
        let name = "cycle_\(UUID().uuidString.prefix(8).lowercased())"
        let url = try await cluster.createDatabase(named: name)
        if let commitDelay {
            _ = try await cluster.runClient("psql", ["-Atq", "-c", "ALTER DATABASE \(name) SET commit_delay = \(commitDelay)", url])
        }
        let database = try await PostgresDatabasePool.open(url, maxConnections: miners + 2)
        let coordination = try await Coordination.postgres(database)
        let coordinator = Coordinator(store: PostgresStore(database: database), keyPair: .generate(),
                                      configuration: CoordinatorConfiguration(rateLimits: .off), coordination: coordination)
        let (_, clientKey) = try await coordinator.createClientKey(name: "bench")
        let client = ClientCredentials(apiKey: clientKey.text)
        var credentials: [MinerCredentials] = []
        for m in 0..<miners {
            let enrollment = try await coordinator.registerMiner(
                MinerRegistration(minerID: "m\(m)", capabilities: ["echo"], maxConcurrent: 4),
                credentials: MinerCredentials(minerID: "m\(m)", apiKey: nil))
            credentials.append(MinerCredentials(minerID: "m\(m)", apiKey: enrollment.apiKey?.text))
        }
        let minerCredentials = credentials
        let before = try await PostgresActivity.read(cluster, url: url)
        let cycles = CycleCount()
        let rate = try await cyclesPerSecond(workers: miners, seconds: seconds) { m in
            let job = try await coordinator.submitJob(JobSubmission(client: "bench", model: "echo", input: "cycle"),
                                                      credentials: client)
            let leased = try await coordinator.claim(jobID: job.id, credentials: minerCredentials[m])
            let receipt = try await coordinator.complete(jobID: job.id, report: JobResultReport(result: "ok", leaseToken: leased.lease.token),
                                                         credentials: minerCredentials[m])
            _ = try await coordinator.signedReceipt(id: receipt.receiptID)
            cycles.count.add(1, ordering: .relaxed)
            return true
        }
        await (coordination.wakeUps as? PostgresJobWakeUps)?.close()
        await coordination.leadership.resign()
        await database.close()
        let activity = try await PostgresActivity.read(cluster, url: url).perCycle(since: before, cycles: cycles.count.load(ordering: .relaxed))
        let label = "\(miners) miner(s)" + (commitDelay.map { ", commit_delay \($0) µs" } ?? "")
        print(label + String(format: ": coordinator cycle (submit, claim, complete, receipt) %4.0f cycles/s: %.2f transactions, %.2f commits, %.2f WAL flushes, PostgreSQL CPU %.0f µs per cycle",
                     rate, activity.transactions, activity.commits, activity.walFlushes, activity.serverCPU * 1e6))
        BenchRecord.add("\(label): coordinator cycles", rate, unit: "cycles/s")
        BenchRecord.add("\(label): coordinator cycle transactions", activity.transactions, unit: "tx")
        BenchRecord.add("\(label): coordinator cycle WAL flushes", activity.walFlushes, unit: "flushes")
    }
}

/// Cycles completed by concurrent workers.
private final class CycleCount: Sendable {
    let count = Atomic<Int>(0)
}

import Foundation
import MinerKitTesting

/// What a PostgreSQL database and its server did between two readings: transactions and commits of the
/// database (`pg_stat_database`), WAL flushes of the server (`pg_stat_wal.wal_sync`), and the CPU time of
/// the server's processes (the postmaster and its children, from /proc).
///
/// PostgreSQL publishes a session's counts when it ends or idles, so read the second snapshot after the
/// load's connections have closed (the benchmarks stop their nodes first).
struct PostgresActivity {
    var transactions: Double
    var commits: Double
    var walFlushes: Double
    var serverCPU: Double

    /// The counts now, for database `url` on `cluster`.
    static func read(_ cluster: PostgresTestCluster, url: String) async throws -> PostgresActivity {
        let output = try await cluster.runClient("psql", ["-Atq", "-c", """
            SELECT pg_stat_force_next_flush();
            SELECT d.xact_commit + d.xact_rollback, d.xact_commit, w.wal_sync
            FROM pg_stat_database d, pg_stat_wal w WHERE d.datname = current_database()
            """, url])
        let fields = output.split(separator: "\n").last?.split(separator: "|").compactMap { Double($0) } ?? []
        guard fields.count == 3 else { throw BenchError("unexpected pg_stat output: \(output)") }
        return PostgresActivity(transactions: fields[0], commits: fields[1], walFlushes: fields[2],
                                serverCPU: serverCPUSeconds(cluster))
    }

    /// Counts from `before` to `self`, per `cycles` cycles.
    func perCycle(since before: PostgresActivity, cycles: Int) -> PostgresActivity {
        let n = Double(max(1, cycles))
        return PostgresActivity(transactions: (transactions - before.transactions) / n,
                                commits: (commits - before.commits) / n,
                                walFlushes: (walFlushes - before.walFlushes) / n,
                                serverCPU: (serverCPU - before.serverCPU) / n)
    }

    /// CPU seconds used so far by the postmaster, its live children, and the children it has reaped.
    static func serverCPUSeconds(_ cluster: PostgresTestCluster) -> Double {
        let pidFile = cluster.directory.appendingPathComponent("data/postmaster.pid")
        guard let text = try? String(contentsOf: pidFile, encoding: .utf8),
              let postmaster = text.split(separator: "\n").first.flatMap({ Int32($0) }) else { return 0 }
        var total = ProcessCPU.seconds(pid: postmaster, includingReapedChildren: true)
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let pid = Int32(entry), pid != postmaster, ProcessCPU.parent(of: pid) == postmaster else { continue }
            total += ProcessCPU.seconds(pid: pid)
        }
        return total
    }
}

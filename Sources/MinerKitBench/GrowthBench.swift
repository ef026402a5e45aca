import Foundation
import MinerKit
import MinerKitPostgres
import MinerKitTesting

/// Cost as the work grows: lease+complete cycles/s (one miner, one unit of work each) with 1k, 100k
/// and 1M jobs queued, on SQLite and on PostgreSQL (durable). A store whose dispatch scales keeps the
/// rate flat.
enum GrowthBench {
    static let sizes = [1_000, 100_000, 1_000_000]
    static let measured = 2_000

    static func run() async throws {
        let cluster = try await PostgresTestCluster.start(durable: true)
        do {
            for round in 1...2 {
                print("-- round \(round)")
                for size in sizes {
                    let path = FileManager.default.temporaryDirectory.appendingPathComponent("minerkit-growth-\(UUID()).sqlite").path
                    // Seeded through one store, measured through a fresh one: closing the first checkpoints
                    // the seeding's WAL, which would otherwise be written back during the measured cycles.
                    try await seed(SQLiteStore(path: path), queued: size)
                    let sqlite = try await rate(SQLiteStore(path: path), queued: size)
                    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
                    let url = try await cluster.createDatabase()
                    let database = try await PostgresDatabasePool.open(url, maxConnections: 4)
                    _ = try await cluster.runClient("psql", ["-q", "-v", "jobs=\(size)", "-f",
                                                            PostgresBench.scripts.appendingPathComponent("seed_jobs.sql").path, url])
                    let postgres = try await rate(PostgresStore(database: database), queued: size)
                    await database.close()
                    print(String(format: "%9d queued: sqlite %6.0f cycles/s   postgres %6.0f cycles/s", size, sqlite, postgres))
                }
            }
        } catch {
            try? await cluster.stop()
            throw error
        }
        try await cluster.stop()
    }

    /// Queues `queued` jobs, 10,000 per unit of work.
    private static func seed(_ store: any Store, queued: Int) async throws {
        let now = Date()
        for batch in stride(from: 0, to: queued, by: 10_000) {
            try await store.write { db in
                for i in batch..<min(queued, batch + 10_000) {
                    try await db.insert(Job(client: "bench", model: "echo", input: "job \(i)", createdAt: now))
                }
            }
        }
    }

    /// Times `measured` lease+complete cycles on a store holding `queued` queued jobs.
    private static func rate(_ store: any Store, queued: Int) async throws -> Double {
        let queue = JobQueue(store: store, policy: LeasePolicy(leaseDuration: 3600))
        let count = min(measured, queued)
        let start = ContinuousClock.now
        for _ in 0..<count {
            guard let job = try await queue.leaseNext(minerID: "m", models: ["echo"]) else { break }
            try await queue.complete(jobID: job.id, minerID: "m", token: job.lease!.token, result: "ok")
        }
        return Double(count) / (ContinuousClock.now - start).timeInterval
    }
}

import Foundation
import MinerKit
import MinerKitPostgres
import MinerKitTesting

/// Cost as the work grows: lease+complete cycles/s (one miner, one unit of work each) with 1k, 100k
/// and 1M jobs queued, on SQLite and on PostgreSQL (durable). A store whose dispatch scales keeps the
/// rate flat. `growth-sqlite` measures SQLite alone.
enum GrowthBench {
    static let sizes = [1_000, 100_000, 1_000_000]
    /// Cycles run before timing starts (the first touch of a freshly opened file reads its pages in).
    static let warmUp = 500
    static let measured = 5_000
    /// The queue is topped up, outside the timed part, every this many cycles, so it holds between
    /// `size - refill` and `size` jobs throughout.
    static let refill = 100

    static func run() async throws { try await run(postgres: true) }

    static func runSQLite() async throws { try await run(postgres: false) }

    static func run(postgres: Bool) async throws {
        let cluster = postgres ? try await PostgresTestCluster.start(durable: true) : nil
        do {
            for round in 1...2 {
                print("-- round \(round)")
                for size in sizes {
                    let path = FileManager.default.temporaryDirectory.appendingPathComponent("minerkit-growth-\(UUID()).sqlite").path
                    // Seeded through one store, measured through a fresh one: closing the first checkpoints
                    // the seeding's WAL, which would otherwise be written back during the measured cycles.
                    try await seed(SQLiteStore(path: path), queued: size)
                    let sqlite = try await rate(SQLiteStore(path: path))
                    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
                    guard let cluster else {
                        print(String(format: "%9d queued: sqlite %6.0f cycles/s", size, sqlite))
                        continue
                    }
                    let url = try await cluster.createDatabase()
                    let database = try await PostgresDatabasePool.open(url, maxConnections: 4)
                    try await PostgresBench.seedWithPSQL(cluster, url: url, jobs: size)
                    let postgres = try await rate(PostgresStore(database: database))
                    await database.close()
                    print(String(format: "%9d queued: sqlite %6.0f cycles/s   postgres %6.0f cycles/s", size, sqlite, postgres))
                }
            }
        } catch {
            try? await cluster?.stop()
            throw error
        }
        try await cluster?.stop()
    }

    /// Queues `queued` jobs, 10,000 per unit of work.
    private static func seed(_ store: any Store, queued: Int, from first: Int = 0) async throws {
        let now = Date()
        for batch in stride(from: first, to: first + queued, by: 10_000) {
            try await store.write { db in
                for i in batch..<min(first + queued, batch + 10_000) {
                    try await db.insert(Job(client: "bench", model: "echo", input: "job \(i)", createdAt: now))
                }
            }
        }
    }

    /// Times `measured` lease+complete cycles, after `warmUp` untimed ones, on a store whose queue is
    /// topped up between rounds of `refill` cycles (the top-ups are not timed).
    private static func rate(_ store: any Store) async throws -> Double {
        let queue = JobQueue(store: store, policy: LeasePolicy(leaseDuration: 3600))
        var elapsed = Duration.zero
        var topped = 0
        for round in 0..<((warmUp + measured) / refill) {
            let start = ContinuousClock.now
            for _ in 0..<refill {
                guard let job = try await queue.leaseNext(minerID: "m", models: ["echo"]) else {
                    throw MinerKitError(.internal, code: "queue_empty", "the queue ran dry")
                }
                try await queue.complete(jobID: job.id, minerID: "m", token: job.lease!.token, result: "ok")
            }
            if round * refill >= warmUp { elapsed += ContinuousClock.now - start }
            try await seed(store, queued: refill, from: 10_000_000 + topped)
            topped += refill
        }
        return Double(measured) / elapsed.timeInterval
    }
}

import Foundation
import MinerKit

/// Lease + complete cycles per second on each store, and the SQLite file size per 100k jobs.
enum StoreBench {
    static func run() async throws {
        let jobs = 100_000
        for round in 1...2 {
            print("-- round \(round)")
            try await inMemory(jobs: jobs)
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("minerkit-bench-\(UUID()).sqlite").path
            let sqlite = try await cycles(store: SQLiteStore(path: path), jobs: jobs)
            print(String(format: "sqlite:    submit %8.0f jobs/s   lease+complete %8.0f cycles/s", sqlite.submit, sqlite.cycle))
            let bytes = ["", "-wal"].compactMap { try? FileManager.default.attributesOfItem(atPath: path + $0)[.size] as? Int }
                .reduce(0, +)
            print(String(format: "sqlite file: %.1f MB per 100k completed jobs (main file + WAL)",
                         Double(bytes) / 1_048_576 * 100_000 / Double(jobs)))
            // On a file of its own, so the size above counts the one-miner jobs only.
            let sharedPath = path + "-8-miners"
            let together = try await cycles(store: SQLiteStore(path: sharedPath), jobs: 20_000, miners: 8)
            print(String(format: "sqlite, 8 miners at once: submit %8.0f jobs/s   lease+complete %8.0f cycles/s",
                         together.submit, together.cycle))
            for file in [path, sharedPath] {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) }
            }
        }
    }

    /// The in-memory half alone, two rounds (`minerkit-bench store-memory`, e.g. to profile it).
    static func runMemory() async throws {
        for round in 1...2 {
            print("-- round \(round)")
            try await inMemory(jobs: 300_000)
        }
    }

    private static func inMemory(jobs: Int) async throws {
        let memory = try await cycles(store: InMemoryStore(), jobs: jobs)
        print(String(format: "in-memory: submit %8.0f jobs/s   lease+complete %8.0f cycles/s", memory.submit, memory.cycle))
    }

    /// `miners` tasks at once (one by default): each submits its share of `jobs`, one transaction each,
    /// then all lease and complete until the queue is empty. Units of work that queue up at the SQLite
    /// writer commit together (group commit).
    private static func cycles(store: any Store, jobs: Int, miners: Int = 1) async throws -> (submit: Double, cycle: Double) {
        let queue = JobQueue(store: store, policy: LeasePolicy(leaseDuration: 3600))
        let input = String(repeating: "x", count: 64)
        let share = jobs / miners
        let submitStart = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<miners {
                group.addTask {
                    for i in 0..<share {
                        _ = try await queue.submit(JobSubmission(client: "bench", model: "echo", input: input, price: Double(i % 7)))
                    }
                }
            }
            try await group.waitForAll()
        }
        let submitSeconds = (ContinuousClock.now - submitStart).timeInterval
        let cycleStart = ContinuousClock.now
        let done = try await withThrowingTaskGroup(of: Int.self) { group in
            for m in 0..<miners {
                group.addTask {
                    var done = 0
                    while let job = try await queue.leaseNext(minerID: "bench-miner-\(m)", models: ["echo"]) {
                        try await queue.complete(jobID: job.id, minerID: "bench-miner-\(m)", token: job.lease!.token, result: input)
                        done += 1
                    }
                    return done
                }
            }
            return try await group.reduce(0, +)
        }
        precondition(done == share * miners, "completed \(done) of \(share * miners)")
        return (Double(done) / submitSeconds, Double(done) / (ContinuousClock.now - cycleStart).timeInterval)
    }
}

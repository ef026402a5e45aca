import ArgumentParser
import Foundation
import MinerKit

/// `minerkit demo`: the job/lease core on an embedded SQLite file, end to end.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run a self-contained demo on an embedded SQLite file and print what happens."
    )

    @Option(help: "SQLite file to use (created fresh; default: a new file in the temporary directory).")
    var db: String?

    @Option(help: "Jobs to submit.")
    var jobs: Int = 200

    @Option(help: "Simulated miners working concurrently.")
    var miners: Int = 4

    func run() async throws {
        let path = db ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("minerkit-demo-\(ProcessInfo.processInfo.processIdentifier).sqlite").path
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let clock = ManualTimeSource(start: Date())
        let queue = JobQueue(store: try SQLiteStore(path: path), clock: clock,
                             policy: LeasePolicy(leaseDuration: 30, maxAttempts: 3))
        print("store: SQLite (WAL) at \(path)")

        for i in 0..<jobs {
            _ = try await queue.submit(JobSubmission(client: "demo-client", model: "echo", input: "job \(i)",
                                                     price: 0.01, priority: i % 10 == 0 ? 5 : 0))
        }
        print("submitted \(jobs) jobs (every tenth at priority 5)")

        // A slow miner takes a job and goes silent; its lease lapses and another miner finishes it.
        let stalled = try await queue.leaseNext(minerID: "slow-miner", models: ["echo"])!
        clock.advance(by: 31)
        print("slow-miner leased \(stalled.id) (token \(stalled.lease!.token)) and went silent for 31 s")

        let counts = try await withThrowingTaskGroup(of: (String, Int).self) { group in
            for m in 0..<miners {
                group.addTask {
                    let miner = "miner-\(m)"
                    var done = 0
                    while let job = try await queue.leaseNext(minerID: miner, models: ["echo"]) {
                        try await queue.complete(jobID: job.id, minerID: miner, token: job.lease!.token,
                                                 result: job.input.uppercased())
                        done += 1
                    }
                    return (miner, done)
                }
            }
            var counts: [(String, Int)] = []
            for try await entry in group { counts.append(entry) }
            return counts.sorted { $0.0 < $1.0 }
        }
        for (miner, done) in counts { print("\(miner) completed \(done) jobs") }

        do {
            try await queue.complete(jobID: stalled.id, minerID: "slow-miner", token: stalled.lease!.token, result: "late")
            print("error: the late result was accepted")
        } catch let error as MinerKitError {
            print("slow-miner's late result was refused: \(error.code): \(error.detail)")
        }
        let redone = try await queue.job(id: stalled.id)
        print("\(redone.id) was completed by \(redone.minerID ?? "?") with token \(redone.lease?.token ?? 0), attempts \(redone.attempts)")

        let completed = try await queue.store.read { try $0.jobCount(state: .completed) }
        print("completed \(completed) of \(jobs) jobs, each exactly once; the database is at \(path)")
    }
}

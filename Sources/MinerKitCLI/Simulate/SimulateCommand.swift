import ArgumentParser
import Foundation
import MinerKit
import MinerKitTesting

/// `minerkit simulate`: a coordinator and N miners in one process; prints throughput, latency
/// percentiles and how fairly the work spread over the miners.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run N in-process miners against M jobs and report throughput, latency and fairness.")

    @Option(help: "Simulated miners.") var miners: Int = 100
    @Option(help: "Jobs to submit.") var jobs: Int = 10_000
    @Option(help: "Milliseconds each job takes to run.") var workMs: Int = 0
    @Option(help: "Store: memory or a SQLite file path.") var store: String = "memory"

    func validate() throws {
        guard (1...10_000).contains(miners) else { throw ValidationError("--miners must be 1...10000") }
        guard (1...10_000_000).contains(jobs) else { throw ValidationError("--jobs must be 1...10000000") }
        guard (0...60_000).contains(workMs) else { throw ValidationError("--work-ms must be 0...60000") }
    }

    func run() async throws {
        let tally = SimulationTally(miners: miners)
        let cluster = try LocalCluster(storage: store == "memory" ? .inMemory : .sqlite(path: store),
                                       configuration: CoordinatorConfiguration(rateLimits: .off, blockSize: 1_000),
                                       observer: { tally.record($0) })
        let work = workMs
        let handlers = HandlerRegistry(["echo": ClosureJobHandler { job in
            if work > 0 { try await Task.sleep(for: .milliseconds(work)) }
            return JobOutput(result: job.input)
        }])
        // No faults and a clock that stands still: leases never lapse, so heartbeats can be rare.
        let configuration = MinerRuntimeConfiguration(heartbeatInterval: 5, pollWait: 1, shutdownGrace: 5)
        print("simulate: \(miners) miners, \(jobs) jobs, \(workMs) ms of work each, store \(store)")
        cluster.startMiners(miners, handlers: handlers, configuration: configuration)

        let credentials = ClientCredentials(apiKey: try await cluster.clientKey().text)
        let start = ContinuousClock.now
        let jobCount = jobs
        let bar = Task {
            var progress = TerminalProgress()
            while !Task.isCancelled {
                let finished = tally.finishedCount
                progress.draw(Double(finished) / Double(jobCount), note: "\(finished) of \(jobCount) jobs finished")
                try? await Task.sleep(for: .milliseconds(250))
            }
            progress.finish()
        }
        defer { bar.cancel() }
        for n in 0..<jobs {
            let submitted = ContinuousClock.now
            let job = try await cluster.coordinator.submitJob(
                JobSubmission(client: "", model: "echo", input: "job-\(n)"), credentials: credentials)
            tally.submitted(job.id, at: submitted)
        }
        let submitSeconds = (ContinuousClock.now - start).timeInterval
        try await cluster.awaitIdle(timeout: .seconds(3600))
        bar.cancel()
        await bar.value
        let total = (ContinuousClock.now - start).timeInterval
        await cluster.stop()

        let report = tally.report()
        let latencies = report.latenciesMs
        print(String(format: "submitted %d jobs in %.2f s (%.0f jobs/s)", jobs, submitSeconds, Double(jobs) / submitSeconds))
        print(String(format: "completed %d jobs in %.2f s: %.0f jobs/s end to end", latencies.count, total, Double(latencies.count) / total))
        print(String(format: "latency submit->receipt ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f",
                     Self.percentile(latencies, 0.5), Self.percentile(latencies, 0.9), Self.percentile(latencies, 0.99),
                     latencies.last ?? 0))
        let counts = (0..<miners).map { report.perMiner["sim-\($0)", default: 0] }
        let sum = Double(counts.reduce(0, +)), squares = counts.reduce(0.0) { $0 + Double($1 * $1) }
        print(String(format: "fairness: jobs per miner min %d  max %d  mean %.1f  Jain's index %.3f (1 = perfectly even)",
                     counts.min() ?? 0, counts.max() ?? 0, sum / Double(miners), squares > 0 ? sum * sum / (Double(miners) * squares) : 0))
        let peak = Double(ProcessMemory.peakResidentBytes())
        print(String(format: "peak memory: %.0f MB (%.0f bytes per finished job)", peak / 1_048_576, peak / Double(max(1, latencies.count))))
    }

    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
    }

}

import AsyncHTTPClient
import Foundation
import MinerKit
import MinerKitTesting
import NIOCore
import NIOHTTP1

/// The full job cycle over HTTP against a real `minerkit coordinator serve` process on loopback:
/// client submit -> miner claim -> complete (signed receipt) -> client fetches the receipt.
/// Prints cold start to a healthy `/health`, cycles/s, p50/p99 cycle latency, the server's CPU time per
/// cycle (from /proc, steady on a noisy machine) and its RSS, and, in the same round, the floor: a bare
/// Hummingbird route's CPU per request on the same client, and the cycle and `/health` as ratios to it.
/// Needs the `minerkit` binary next to this one (`swift build -c release` builds both), or `--minerkit PATH`.
enum CoordinatorBench {
    static let pairs = 8
    static let cyclesPerPair = 250

    static func run() async throws {
        guard let binary = try await runSQLiteRounds() else { return }
        try await withDurableCluster { cluster in
            for round in 1...2 {
                print("-- round \(round): PostgreSQL (durable throwaway cluster)")
                _ = try await measureProduct(binary: binary, postgres: try await cluster.createDatabase(), label: "postgres")
            }
        }
    }

    /// Only the SQLite rounds (`minerkit-bench coordinator-sqlite`).
    static func runSQLite() async throws {
        _ = try await runSQLiteRounds()
    }

    /// Only the floor (`minerkit-bench bare`): a bare Hummingbird route's CPU per request, twice.
    static func runBare() async throws {
        for round in 1...2 {
            print("-- round \(round)")
            _ = try await measureBare()
        }
    }

    /// The `minerkit` binary to serve with, or nil (said) when there is none.
    static var productBinary: String? {
        let binary = BenchOptions.current?.minerkit ?? ServerProcess.minerkitNextToBench
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            print("skipped: \(binary) not found (run `swift build -c release` first)")
            return nil
        }
        return binary
    }

    /// Two rounds on SQLite, each after the bare floor; the `minerkit` binary they ran, or nil when it
    /// is not built.
    private static func runSQLiteRounds() async throws -> String? {
        guard let binary = productBinary else { return nil }
        print("server: \(binary)")
        for round in 1...2 {
            print("-- round \(round): SQLite")
            let bare = try await measureBare()
            let figures = try await measureProduct(binary: binary, postgres: nil, label: "sqlite")
            printRatios(figures, bare: bare, label: "sqlite")
        }
        return binary
    }

    /// The bare route's server CPU per request (µs), printed and recorded.
    static func measureBare() async throws -> Double {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await ServerProcess(binary: ServerProcess.benchBinary, arguments: [BenchServer.flag, "bare"],
                                             log: directory.appendingPathComponent("server.log"))
        defer { server.stop() }
        let (rate, cpu) = try await floorCPU(base: server.base, server: server.pid)
        print(String(format: "bare Hummingbird route (no middleware), GET /health on %d connections: %.0f requests/s, server CPU %.0f µs per request",
                     pairs, rate, cpu))
        BenchRecord.add("bare: server CPU per request", cpu, unit: "µs")
        BenchRecord.add("bare: requests/s", rate, unit: "/s")
        return cpu
    }

    /// A cycle's and `/health`'s server CPU as multiples of the bare route's (`bare`, µs per request).
    static func printRatios(_ figures: Figures, bare: Double, label: String) {
        let cycle = figures.cycleCPU / (4 * bare)
        let health = figures.healthCPU / bare
        print(String(format: "against the bare route: cycle %.2fx four bare requests (target 1.5), /health %.2fx one (target 1.25)",
                     cycle, health))
        BenchRecord.add("\(label): cycle CPU / 4 bare", cycle, unit: "x")
        BenchRecord.add("\(label): /health CPU / bare", health, unit: "x")
    }

    /// What request logs and metrics cost (`minerkit-bench observability`): SQLite rounds with both on
    /// (the defaults) and both off (`--log-level notice --metrics off`), alternated, twice each.
    static func runObservability() async throws {
        guard let binary = productBinary else { return }
        let settings: [(name: String, arguments: [String])] = [
            ("request logs and metrics on", []),
            ("request logs and metrics off", ["--log-level", "notice", "--metrics", "off"]),
            ("request logs on, metrics off", ["--metrics", "off"]),
            ("request logs off, metrics on", ["--log-level", "notice"]),
        ]
        for round in 1...2 {
            for setting in settings {
                print("-- round \(round): SQLite, \(setting.name)")
                _ = try await measureProduct(binary: binary, postgres: nil, arguments: setting.arguments, label: setting.name)
            }
        }
    }

    /// What one measured run found (server CPU in µs).
    struct Figures {
        var cycleCPU: Double
        var healthCPU: Double
    }

    /// A fresh directory for one server's files.
    static func scratchDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("minerkit-coordinator-bench-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// One run of `minerkit coordinator serve` on a fresh SQLite file, or on the PostgreSQL database
    /// `postgres`, with extra `arguments`; figures recorded under `label`.
    private static func measureProduct(binary: String, postgres: String?, arguments: [String] = [],
                                       label: String) async throws -> Figures {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("coordinator.sqlite").path
        let key = directory.appendingPathComponent("receipts.ed25519").path
        let server = try await ServerProcess(
            binary: binary,
            arguments: ["coordinator", "serve", "--database", postgres ?? db, "--key", key, "--port", "0", "--no-rate-limits"]
                + arguments,
            log: directory.appendingPathComponent("server.log"))
        defer { server.stop() }
        return try await measure(server, clientKeyFile: (postgres == nil ? db : key) + ".client-key", label: label)
    }

    /// The cycle load and the `/health` floor against `server` (its client key in `clientKeyFile`),
    /// printed and recorded under `label`.
    static func measure(_ server: ServerProcess, clientKeyFile: String, label: String) async throws -> Figures {
        let base = server.base
        while try await (BenchHTTP.send(.GET, base + "/health")).status != 200 {}
        let coldStart = ContinuousClock.now - server.launched
        let clientKey = try String(contentsOfFile: clientKeyFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)

        var miners: [(id: String, key: String)] = []
        for i in 0..<pairs {
            miners.append(("bench-\(i)", try await BenchHTTP.register("bench-\(i)", on: base)))
        }

        let cpuBefore = ProcessCPU.seconds(pid: server.pid)
        let clientCPUBefore = ProcessCPU.seconds(pid: getpid())
        let started = ContinuousClock.now
        let health = Task { try await healthLatencies(base: base) }
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for miner in miners {
                group.addTask { try await BenchHTTP.cycles(base: base, clientKey: clientKey, miner: miner, count: cyclesPerPair) }
            }
            return try await group.reduce(into: [Double]()) { $0 += $1 }.sorted()
        }
        health.cancel()
        let healthTimes = try await health.value
        let elapsed = (ContinuousClock.now - started).timeInterval
        let cpu = ProcessCPU.seconds(pid: server.pid) - cpuBefore
        let clientCPU = ProcessCPU.seconds(pid: getpid()) - clientCPUBefore
        let rss = Double(ProcessMemory.residentBytes(pid: server.pid)) / 1_048_576
        let cycleCount = Double(latencies.count)
        print(String(format: "cold start to healthy /health: %.0f ms", (coldStart).timeInterval * 1000))
        print(String(format: "%d pairs x %d cycles: %.0f cycles/s (%.0f HTTP requests/s)", pairs, cyclesPerPair,
                     cycleCount / elapsed, cycleCount * 4 / elapsed))
        print(String(format: "cycle latency: p50 %.2f ms, p99 %.2f ms", percentile(latencies, 0.50) * 1000,
                     percentile(latencies, 0.99) * 1000))
        print(String(format: "/health during the load: p50 %.2f ms, p99 %.2f ms (%d requests)",
                     percentile(healthTimes, 0.50) * 1000, percentile(healthTimes, 0.99) * 1000, healthTimes.count))
        print(String(format: "server CPU: %.0f µs per cycle (%.2f CPU-s for %d cycles)", cpu / cycleCount * 1e6, cpu, latencies.count))
        // The clients share the machine's cores with the server: with both on 2 cores, cycles/s cannot
        // exceed 2 / (server + client CPU per cycle).
        print(String(format: "bench clients (this process) CPU: %.0f µs per cycle", clientCPU / cycleCount * 1e6))
        print(String(format: "server RSS after load: %.1f MB", rss))
        BenchRecord.add("\(label): cycles/s", cycleCount / elapsed, unit: "/s")
        BenchRecord.add("\(label): cycle p50", percentile(latencies, 0.50) * 1000, unit: "ms")
        BenchRecord.add("\(label): cycle p99", percentile(latencies, 0.99) * 1000, unit: "ms")
        BenchRecord.add("\(label): server CPU per cycle", cpu / cycleCount * 1e6, unit: "µs")
        BenchRecord.add("\(label): client CPU per cycle", clientCPU / cycleCount * 1e6, unit: "µs")
        BenchRecord.add("\(label): server RSS", rss, unit: "MB")
        BenchRecord.add("\(label): cold start", coldStart.timeInterval * 1000, unit: "ms")
        let (rate, healthCPU) = try await floorCPU(base: base, server: server.pid)
        print(String(format: "floor, GET /health on the same %d connections: %.0f requests/s, server CPU %.0f µs per request (x4 = %.0f µs)",
                     pairs, rate, healthCPU, healthCPU * 4))
        BenchRecord.add("\(label): /health server CPU per request", healthCPU, unit: "µs")
        return Figures(cycleCPU: cpu / cycleCount * 1e6, healthCPU: healthCPU)
    }

    /// The floor under a cycle: the same 8 connections sending `GET /health` (no store, no auth, a
    /// small reply), so the server's CPU per request is what the HTTP stack, routing, the request log
    /// and metrics cost on this machine. A cycle is 4 requests; 4 × this is the least a cycle can cost.
    /// Requests per second and server CPU per request (µs).
    static func floorCPU(base: String, server: Int32) async throws -> (rate: Double, cpu: Double) {
        let requestsPerPair = 1_000
        let cpuBefore = ProcessCPU.seconds(pid: server)
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<pairs {
                group.addTask {
                    for _ in 0..<requestsPerPair {
                        guard try await BenchHTTP.send(.GET, base + "/health").status == 200 else { throw BenchError("/health failed") }
                    }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = (ContinuousClock.now - started).timeInterval
        let cpu = ProcessCPU.seconds(pid: server) - cpuBefore
        let requests = Double(pairs * requestsPerPair)
        return (requests / elapsed, cpu / requests * 1e6)
    }

    /// `GET /health` one after another, 20 ms apart, until cancelled; the latencies, sorted. A request
    /// the cancellation cut short is not counted.
    private static func healthLatencies(base: String) async throws -> [Double] {
        var latencies: [Double] = []
        while !Task.isCancelled {
            let start = ContinuousClock.now
            let reply: BenchHTTP.Reply
            do {
                reply = try await BenchHTTP.send(.GET, base + "/health")
            } catch where Task.isCancelled {
                break
            }
            guard reply.status == 200 else { throw BenchError("/health failed") }
            latencies.append((ContinuousClock.now - start).timeInterval)
            try? await Task.sleep(for: .milliseconds(20))
        }
        return latencies.sorted()
    }
}

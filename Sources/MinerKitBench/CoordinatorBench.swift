import AsyncHTTPClient
import Foundation
import MinerKit
import MinerKitTesting
import NIOCore
import NIOHTTP1

/// The full job cycle over HTTP against a real `minerkit coordinator serve` process on loopback:
/// client submit -> miner claim -> complete (signed receipt) -> client fetches the receipt.
/// Prints cold start to a healthy `/health`, cycles/s, p50/p99 cycle latency, the server's CPU time per
/// cycle (from /proc, steady on a noisy machine) and its RSS.
/// Needs the `minerkit` binary next to this one (`swift build -c release` builds both).
enum CoordinatorBench {
    static let pairs = 8
    static let cyclesPerPair = 250

    static func run() async throws {
        guard let binary = try await runSQLiteRounds() else { return }
        try await withDurableCluster { cluster in
            for round in 1...2 {
                print("-- round \(round): PostgreSQL (durable throwaway cluster)")
                try await measure(binary: binary, postgres: try await cluster.createDatabase())
            }
        }
    }

    /// Only the SQLite rounds (`minerkit-bench coordinator-sqlite`).
    static func runSQLite() async throws {
        _ = try await runSQLiteRounds()
    }

    /// Two rounds on SQLite; the `minerkit` binary they ran, or nil when it is not built.
    private static func runSQLiteRounds() async throws -> String? {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("minerkit").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            print("skipped: \(binary) not found (run `swift build -c release` first)")
            return nil
        }
        for round in 1...2 {
            print("-- round \(round): SQLite")
            try await measure(binary: binary, postgres: nil)
        }
        return binary
    }

    /// One run against a server on a fresh SQLite file, or on the PostgreSQL database `postgres`.
    /// What request logs and metrics cost (`minerkit-bench observability`): SQLite rounds with both on
    /// (the defaults) and both off (`--log-level notice --metrics off`), alternated, twice each.
    static func runObservability() async throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("minerkit").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            print("skipped: \(binary) not found (run `swift build -c release` first)")
            return
        }
        let settings: [(name: String, arguments: [String])] = [
            ("request logs and metrics on", []),
            ("request logs and metrics off", ["--log-level", "notice", "--metrics", "off"]),
            ("request logs on, metrics off", ["--metrics", "off"]),
            ("request logs off, metrics on", ["--log-level", "notice"]),
        ]
        for round in 1...2 {
            for setting in settings {
                print("-- round \(round): SQLite, \(setting.name)")
                try await measure(binary: binary, postgres: nil, arguments: setting.arguments)
            }
        }
    }

    private static func measure(binary: String, postgres: String?, arguments: [String] = []) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("minerkit-coordinator-bench-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("coordinator.sqlite").path
        let key = directory.appendingPathComponent("receipts.ed25519").path

        let server = Process()
        server.executableURL = URL(fileURLWithPath: binary)
        server.arguments = ["coordinator", "serve", "--database", postgres ?? db, "--key", key, "--port", "0", "--no-rate-limits"]
            + arguments
        let output = Pipe()
        server.standardOutput = output
        // Its log lines go to a file, as to a log collector, not to the bench's terminal.
        let log = directory.appendingPathComponent("server.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        server.standardError = try FileHandle(forWritingTo: log)
        let launched = ContinuousClock.now
        try server.run()
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        let port = try await boundPort(from: output)
        let base = "http://127.0.0.1:\(port)"
        while try await (send(.GET, base + "/health")).status != 200 {}
        let coldStart = ContinuousClock.now - launched
        let clientKey = try String(contentsOfFile: (postgres == nil ? db : key) + ".client-key", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)

        var miners: [(id: String, key: String)] = []
        for i in 0..<pairs {
            let reply = try await send(.POST, base + "/v1/miners/register",
                                       json: ["miner_id": .string("bench-\(i)"), "capabilities": ["echo"], "concurrency": 4])
            guard let key = reply.json["api_key"]?.stringValue else { throw BenchError("register failed: \(reply.status)") }
            miners.append(("bench-\(i)", key))
        }

        let cpuBefore = ProcessCPU.seconds(pid: server.processIdentifier)
        let clientCPUBefore = ProcessCPU.seconds(pid: getpid())
        let started = ContinuousClock.now
        let health = Task { try await healthLatencies(base: base) }
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for miner in miners {
                group.addTask { try await cycles(base: base, clientKey: clientKey, miner: miner) }
            }
            return try await group.reduce(into: [Double]()) { $0 += $1 }.sorted()
        }
        health.cancel()
        let healthTimes = try await health.value
        let elapsed = (ContinuousClock.now - started).timeInterval
        let cpu = ProcessCPU.seconds(pid: server.processIdentifier) - cpuBefore
        let clientCPU = ProcessCPU.seconds(pid: getpid()) - clientCPUBefore
        let rss = Double(ProcessMemory.residentBytes(pid: server.processIdentifier)) / 1_048_576
        print(String(format: "cold start to healthy /health: %.0f ms", (coldStart).timeInterval * 1000))
        print(String(format: "%d pairs x %d cycles: %.0f cycles/s (%.0f HTTP requests/s)", pairs, cyclesPerPair,
                     Double(latencies.count) / elapsed, Double(latencies.count * 4) / elapsed))
        print(String(format: "cycle latency: p50 %.2f ms, p99 %.2f ms", percentile(latencies, 0.50) * 1000,
                     percentile(latencies, 0.99) * 1000))
        print(String(format: "/health during the load: p50 %.2f ms, p99 %.2f ms (%d requests)",
                     percentile(healthTimes, 0.50) * 1000, percentile(healthTimes, 0.99) * 1000, healthTimes.count))
        print(String(format: "server CPU: %.0f µs per cycle (%.2f CPU-s for %d cycles)",
                     cpu / Double(latencies.count) * 1e6, cpu, latencies.count))
        // The clients share the machine's cores with the server: with both on 2 cores, cycles/s cannot
        // exceed 2 / (server + client CPU per cycle).
        print(String(format: "bench clients (this process) CPU: %.0f µs per cycle", clientCPU / Double(latencies.count) * 1e6))
        print(String(format: "server RSS after load: %.1f MB", rss))
        try await printFloor(base: base, server: server.processIdentifier)
    }

    /// The floor under a cycle: the same 8 connections sending `GET /health` (no store, no auth, a
    /// 15-byte reply), so the server's CPU per request is what the HTTP stack, routing, the request log
    /// and metrics cost on this machine. A cycle is 4 requests; 4 × this is the least a cycle can cost.
    private static func printFloor(base: String, server: Int32) async throws {
        let requestsPerPair = 1_000
        let cpuBefore = ProcessCPU.seconds(pid: server)
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<pairs {
                group.addTask {
                    for _ in 0..<requestsPerPair {
                        guard try await send(.GET, base + "/health").status == 200 else { throw BenchError("/health failed") }
                    }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = (ContinuousClock.now - started).timeInterval
        let cpu = ProcessCPU.seconds(pid: server) - cpuBefore
        let requests = Double(pairs * requestsPerPair)
        print(String(format: "floor, GET /health on the same %d connections: %.0f requests/s, server CPU %.0f µs per request (x4 = %.0f µs)",
                     pairs, requests / elapsed, cpu / requests * 1e6, cpu / requests * 4e6))
    }

    /// One client/miner pair: submit, claim, complete, fetch the receipt, `cyclesPerPair` times.
    private static func cycles(base: String, clientKey: String, miner: (id: String, key: String)) async throws -> [Double] {
        let client = ["X-Api-Key": clientKey]
        let minerHeaders = ["X-Api-Key": miner.key, "X-Miner-ID": miner.id]
        var latencies: [Double] = []
        latencies.reserveCapacity(cyclesPerPair)
        for i in 0..<cyclesPerPair {
            let start = ContinuousClock.now
            let job = try await send(.POST, base + "/v1/jobs", headers: client,
                                     json: ["prompt": .string("cycle \(i)"), "model": "echo", "price": 0.01])
            guard let jobID = job.json["job_id"]?.stringValue else { throw BenchError("submit failed: \(job.status)") }
            let claim = try await send(.POST, base + "/v1/jobs/\(jobID)/claim", headers: minerHeaders,
                                       json: ["miner_id": .string(miner.id)])
            guard claim.status == 200 else { throw BenchError("claim failed: \(claim.status)") }
            let done = try await send(.POST, base + "/v1/jobs/\(jobID)/complete", headers: minerHeaders,
                                      json: ["miner_id": .string(miner.id), "result": .string("result \(i)")])
            guard let receiptID = done.json["receipt_id"]?.stringValue else { throw BenchError("complete failed: \(done.status)") }
            let fetched = try await send(.GET, base + "/v1/receipts/\(receiptID)", headers: client)
            guard fetched.status == 200 else { throw BenchError("receipt fetch failed: \(fetched.status)") }
            latencies.append((ContinuousClock.now - start).timeInterval)
        }
        return latencies
    }

    /// `GET /health` one after another, 20 ms apart, until cancelled; the latencies, sorted.
    private static func healthLatencies(base: String) async throws -> [Double] {
        var latencies: [Double] = []
        while !Task.isCancelled {
            let start = ContinuousClock.now
            guard try await send(.GET, base + "/health").status == 200 else { throw BenchError("/health failed") }
            latencies.append((ContinuousClock.now - start).timeInterval)
            try? await Task.sleep(for: .milliseconds(20))
        }
        return latencies.sorted()
    }

    /// Reads the server's stdout until it prints the port it bound.
    private static func boundPort(from pipe: Pipe) async throws -> Int {
        let handle = pipe.fileHandleForReading
        return try await Task.detached {
            var text = ""
            while true {
                let chunk = handle.availableData
                guard !chunk.isEmpty else { throw BenchError("the server exited before listening:\n\(text)") }
                text += String(decoding: chunk, as: UTF8.self)
                for line in text.split(separator: "\n") {
                    if let range = line.range(of: "serving on http://127.0.0.1:"),
                       let port = Int(line[range.upperBound...].prefix { $0.isNumber }) {
                        return port
                    }
                }
            }
        }.value
    }

    private struct Reply {
        var status: UInt
        var json: JSONValue
    }

    private static func send(_ method: HTTPMethod, _ url: String, headers: [String: String] = [:],
                             json: JSONValue? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json.jsonString()))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        let value = (try? JSONDecoder().decode(JSONValue.self, from: Data(body.readableBytesView))) ?? .null
        return Reply(status: response.status.code, json: value)
    }
}

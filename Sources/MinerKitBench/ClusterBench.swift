import Foundation
import MinerKit
import MinerKitTesting

/// `minerkit-bench cluster`: scale-out on one PostgreSQL. One `minerkit coordinator serve` node on a
/// SQLite file, then 1, 2 and 3 nodes on one durable PostgreSQL database, each run under the same load:
/// 8 client/miner pairs doing the full cycle over HTTP (submit, claim, complete with a signed receipt,
/// fetch the receipt), pair `i` talking to node `i mod n` (as sticky connections behind a balancer).
///
/// Prints cycles/s, p50/p99 cycle latency, the CPU of all nodes and of PostgreSQL per cycle, their sum
/// against the SQLite node's in the same round, and PostgreSQL's transactions, commits and WAL flushes
/// per cycle; then how long a submit on one node takes to answer a long poll waiting on another.
/// This machine has 2 cores, so nodes are not pinned to cores of their own: the CPU per cycle, not the
/// cycles/s, is what shows whether a node adds capacity (Docs/Scaling.md gives the model).
enum ClusterBench {
    static let pairs = 8
    static let cyclesPerPair = 250

    static func run() async throws {
        let binary = BenchOptions.current?.minerkit ?? ServerProcess.minerkitNextToBench
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            print("skipped: the minerkit binary is not next to minerkit-bench (run `swift build -c release` first)")
            return
        }
        try await withDurableCluster { cluster in
            for round in 1...2 {
                print("-- round \(round)")
                let sqlite = try await measureSQLite(binary: binary)
                for nodes in 1...3 {
                    try await measurePostgres(binary: binary, cluster: cluster, nodes: nodes, sqliteCPU: sqlite)
                }
                let wake = try await crossNodeWakeUps(binary: binary, cluster: cluster, rounds: 200)
                print(String(format: "cross-node wake-up over HTTP (submit on node A answers a long poll on node B): p50 %.2f ms, p99 %.2f ms",
                             percentile(wake, 0.5) * 1000, percentile(wake, 0.99) * 1000))
                BenchRecord.add("cross-node wake-up p99", percentile(wake, 0.99) * 1000, unit: "ms")
            }
        }
    }

    /// One node on a fresh SQLite file; its CPU seconds per cycle.
    private static func measureSQLite(binary: String) async throws -> Double {
        try await withScratchFolder { folder in
            let node = try await startNode(
                binary: binary, database: folder.appendingPathComponent("c.sqlite").path,
                key: folder.appendingPathComponent("receipts.ed25519").path,
                arguments: ["--no-rate-limits"], log: folder.appendingPathComponent("node.log"))
            defer { node.stop() }
            let clientKey = try readClientKey(folder.appendingPathComponent("c.sqlite.client-key"))
            let load = try await runLoad(on: [node], clientKey: clientKey)
            print(String(format: "1 node, SQLite:     %5.0f cycles/s  p50 %5.2f ms  p99 %6.2f ms  node CPU %4.0f µs/cycle",
                         load.rate, load.p50 * 1000, load.p99 * 1000, load.nodeCPU * 1e6))
            BenchRecord.add("SQLite node: CPU per cycle", load.nodeCPU * 1e6, unit: "µs")
            BenchRecord.add("SQLite node: cycles", load.rate, unit: "cycles/s")
            return load.nodeCPU
        }
    }

    /// `nodes` nodes on a fresh database of `cluster`.
    private static func measurePostgres(binary: String, cluster: PostgresTestCluster, nodes: Int,
                                        sqliteCPU: Double) async throws {
        let url = try await cluster.createDatabase()
        let nodeURL = BenchOptions.current?.postgresParameters.map { url + (url.contains("?") ? "&" : "?") + $0 } ?? url
        try await withScratchFolder { folder in
            let key = folder.appendingPathComponent("receipts.ed25519").path
            var started: [ServerProcess] = []
            defer { for node in started { node.stop() } }
            for index in 0..<nodes {
                // The first node migrates the database and writes the client key; the others find both.
                started.append(try await startNode(
                    binary: binary, database: nodeURL, key: key, arguments: ["--no-rate-limits"],
                    log: folder.appendingPathComponent("node-\(index).log")))
            }
            let clientKey = try readClientKey(URL(fileURLWithPath: key + ".client-key"))
            let before = try await PostgresActivity.read(cluster, url: url)
            let load = try await runLoad(on: started, clientKey: clientKey)
            for node in started { node.stop() }
            started = []
            let database = try await PostgresActivity.read(cluster, url: url).perCycle(since: before, cycles: load.cycles)
            let total = load.nodeCPU + database.serverCPU
            print(String(format: "%d node(s), PostgreSQL: %5.0f cycles/s  p50 %5.2f ms  p99 %6.2f ms  nodes %4.0f + PostgreSQL %4.0f = %4.0f µs/cycle (%.2fx the SQLite node)  per cycle: %.2f transactions, %.2f commits, %.2f WAL flushes",
                         nodes, load.rate, load.p50 * 1000, load.p99 * 1000, load.nodeCPU * 1e6, database.serverCPU * 1e6,
                         total * 1e6, total / sqliteCPU, database.transactions, database.commits, database.walFlushes))
            let row = "\(nodes) PostgreSQL node(s)"
            BenchRecord.add("\(row): cycles", load.rate, unit: "cycles/s")
            BenchRecord.add("\(row): nodes + PostgreSQL CPU per cycle", total * 1e6, unit: "µs")
            BenchRecord.add("\(row): CPU per cycle / SQLite node's", total / sqliteCPU, unit: "x")
            BenchRecord.add("\(row): transactions per cycle", database.transactions, unit: "tx")
            BenchRecord.add("\(row): WAL flushes per cycle", database.walFlushes, unit: "flushes")
        }
    }

    private struct Load {
        var cycles: Int
        var rate: Double
        var p50: Double
        var p99: Double
        /// CPU seconds of all nodes per cycle.
        var nodeCPU: Double
    }

    /// Registers the pairs' miners and runs the cycles, pair `i` on node `i mod nodes.count`.
    private static func runLoad(on nodes: [ServerProcess], clientKey: String) async throws -> Load {
        var miners: [(base: String, id: String, key: String)] = []
        for i in 0..<pairs {
            let base = nodes[i % nodes.count].base
            miners.append((base, "bench-\(i)", try await BenchHTTP.register("bench-\(i)", on: base)))
        }
        let cpuBefore = nodes.reduce(0) { $0 + ProcessCPU.seconds(pid: $1.pid) }
        let started = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for miner in miners {
                group.addTask {
                    try await BenchHTTP.cycles(base: miner.base, clientKey: clientKey, miner: (miner.id, miner.key),
                                               count: cyclesPerPair)
                }
            }
            return try await group.reduce(into: [Double]()) { $0 += $1 }.sorted()
        }
        let elapsed = (ContinuousClock.now - started).timeInterval
        let cpu = nodes.reduce(0) { $0 + ProcessCPU.seconds(pid: $1.pid) } - cpuBefore
        return Load(cycles: latencies.count, rate: Double(latencies.count) / elapsed, p50: percentile(latencies, 0.5),
                    p99: percentile(latencies, 0.99), nodeCPU: cpu / Double(latencies.count))
    }

    /// Two nodes: a miner long-polls node B while a client submits on node A, `rounds` times; the
    /// seconds from sending the submit to receiving the poll's job, sorted.
    private static func crossNodeWakeUps(binary: String, cluster: PostgresTestCluster, rounds: Int) async throws -> [Double] {
        let url = try await cluster.createDatabase()
        return try await withScratchFolder { folder in
            let key = folder.appendingPathComponent("receipts.ed25519").path
            let a = try await startNode(binary: binary, database: url, key: key, arguments: ["--no-rate-limits"],
                                                       log: folder.appendingPathComponent("a.log"))
            defer { a.stop() }
            let b = try await startNode(binary: binary, database: url, key: key, arguments: ["--no-rate-limits"],
                                                       log: folder.appendingPathComponent("b.log"))
            defer { b.stop() }
            let clientKey = try readClientKey(URL(fileURLWithPath: key + ".client-key"))
            let minerKey = try await BenchHTTP.register("waiter", on: b.base)
            let miner = ["X-Api-Key": minerKey, "X-Miner-ID": "waiter"]
            var latencies: [Double] = []
            let pollURL = b.base + "/v1/miners/poll"
            for i in 0..<rounds {
                let poll = Task {
                    try await BenchHTTP.send(.POST, pollURL, headers: miner, json: ["max_wait_seconds": 10])
                }
                // The poll is waiting once node B has found the queue empty; a submit before that is
                // leased at once, which measures less than a wake-up, so give the poll a moment first.
                try await Task.sleep(for: .milliseconds(20))
                let start = ContinuousClock.now
                let submitted = try await BenchHTTP.send(.POST, a.base + "/v1/jobs", headers: ["X-Api-Key": clientKey],
                                                         json: ["prompt": .string("wake \(i)"), "model": "echo"])
                guard let jobID = submitted.json["job_id"]?.stringValue else { throw BenchError("submit failed: \(submitted.status)") }
                let polled = try await poll.value
                latencies.append((ContinuousClock.now - start).timeInterval)
                guard polled.status == 200 else { throw BenchError("the poll got no job: \(polled.status)") }
                let done = try await BenchHTTP.send(.POST, b.base + "/v1/jobs/\(jobID)/complete", headers: miner,
                                                    json: ["miner_id": "waiter", "result": "ok"])
                guard done.status == 200 else { throw BenchError("complete failed: \(done.status)") }
            }
            return latencies.sorted()
        }
    }

    /// `minerkit coordinator serve` on `database`, answering `/health`.
    private static func startNode(binary: String, database: String, key: String, arguments: [String],
                                  log: URL) async throws -> ServerProcess {
        let node = try await ServerProcess(
            binary: binary, arguments: ["coordinator", "serve", "--database", database, "--key", key, "--port", "0"] + arguments,
            log: log)
        do {
            while try await BenchHTTP.send(.GET, node.base + "/health").status != 200 {}
        } catch {
            node.stop()
            throw error
        }
        return node
    }

    private static func readClientKey(_ file: URL) throws -> String {
        try String(contentsOf: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Runs `body` with a fresh temporary folder, removed afterwards.
func withScratchFolder<T>(_ body: (URL) async throws -> T) async throws -> T {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("minerkit-bench-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    return try await body(folder)
}

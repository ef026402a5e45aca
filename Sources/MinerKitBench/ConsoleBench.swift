import AsyncHTTPClient
import Foundation
import Logging
import MinerKit
import MinerKitHTTP

/// Server-side render time of console pages on a SQLite store holding 100k jobs of one client (a third
/// queued, the rest completed but for 200 live leases): the jobs page listing 100 rows (all states, and one state), the miners
/// page (100 miners), the blocks page and the overview (its uncached read, split into its parts, and
/// the page as served through the one-second cache); then the jobs page fetched over loopback HTTP.
/// Reported as p50 / p99 / max in milliseconds, two rounds each.
enum ConsoleBench {
    static let jobs = 100_000
    static let miners = 100
    static let iterations = 300

    static func run() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("minerkit-console-\(UUID()).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let coordinator = Coordinator(store: try SQLiteStore(path: path), keyPair: .generate(),
                                      configuration: CoordinatorConfiguration(rateLimits: .off))
        let (client, key) = try await coordinator.createClientKey(name: "bench")
        let seeding = ContinuousClock.now
        try await seed(coordinator, client: client.id, key: key)
        print(String(format: "seeded %d jobs, %d miners, %d receipts in %.1f s", jobs, miners, miners * 10,
                     (ContinuousClock.now - seeding).timeInterval))
        let console = CoordinatorConsole(coordinator: coordinator)
        let credentials = ClientCredentials(apiKey: key.text)
        let rows = try await console.jobsPage(credentials: credentials, state: nil, limit: 100).text
            .components(separatedBy: "<td><a href=\"/ui/jobs/").count - 1
        guard rows == 100 else { throw BenchError("the jobs page listed \(rows) rows, not 100") }

        let server = try await APIServer.start(router: CoordinatorAPI.routerWithConsole(coordinator: coordinator))
        defer { Task { await server.stop() } }
        for round in 1...2 {
            print("-- round \(round)")
            try await measure("jobs page, 100 rows") { _ = try await console.jobsPage(credentials: credentials, state: nil, limit: 100) }
            try await measure("jobs page, 100 completed") {
                _ = try await console.jobsPage(credentials: credentials, state: .completed, limit: 100)
            }
            try await measure("miners page, 100 rows") { _ = try await console.minersPage() }
            try await measure("blocks page, 50 rows") { _ = try await console.blocksPage(before: nil) }
            try await measure("overview read, uncached") { _ = try await ConsoleOverview.read(coordinator) }
            try await measure("  of which 5 job counts") {
                _ = try await coordinator.store.read { db in
                    for state in JobState.allCases { _ = try await db.jobCount(state: state) }
                }
            }
            try await measure("  of which 1,000 receipts") {
                _ = try await coordinator.store.read { db in try await db.receipts(ReceiptQuery(limit: 1000)).count }
            }
            try await measure("overview page (1 s cache)") { _ = try await console.overviewPage() }
            try await measure("GET /ui/jobs over HTTP") {
                var request = HTTPClientRequest(url: server.baseURL + "/ui/jobs")
                request.headers.add(name: "X-Api-Key", value: key.text)
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
                _ = try await response.body.collect(upTo: 1 << 22)
                guard response.status == .ok else { throw BenchError("GET /ui/jobs: \(response.status)") }
            }
        }
        await server.stop()
    }

    /// `iterations` timed runs of `body` after 20 untimed ones.
    private static func measure(_ name: String, _ body: () async throws -> Void) async throws {
        for _ in 0..<20 { try await body() }
        var times: [Double] = []
        for _ in 0..<iterations {
            let start = ContinuousClock.now
            try await body()
            times.append((ContinuousClock.now - start).timeInterval * 1000)
        }
        times.sort()
        print(String(format: "%@ p50 %7.2f ms   p99 %7.2f ms   max %7.2f ms", name.padding(toLength: 30, withPad: " ", startingAt: 0) as NSString,
                     percentile(times, 0.5), percentile(times, 0.99), times.last ?? .nan))
    }

    /// The client's jobs, miners with keys, and sealed receipts.
    private static func seed(_ coordinator: Coordinator, client: String, key: APIKey) async throws {
        // Miners with keys, and 1,000 receipts they earned, sealed: the blocks and miners pages have rows.
        for m in 0..<miners {
            let (miner, minerKey) = try await coordinator.createMinerKey(minerID: "miner-\(m)")
            let credentials = MinerCredentials(minerID: miner.id, apiKey: minerKey.text)
            _ = try await coordinator.heartbeat(credentials: credentials)
            for r in 0..<10 {
                let job = try await coordinator.submitJob(JobSubmission(client: client, model: "echo", input: "r\(m)-\(r)"),
                                                          credentials: ClientCredentials(apiKey: key.text))
                let leased = try await coordinator.claim(jobID: job.id, credentials: credentials)
                _ = try await coordinator.complete(jobID: job.id, report: JobResultReport(result: "ok", leaseToken: leased.lease.token),
                                                   credentials: credentials)
            }
        }
        _ = try await coordinator.sealPendingReceipts()
        let start = Date().addingTimeInterval(-Double(jobs))
        for batch in stride(from: 0, to: jobs, by: 10_000) {
            try await coordinator.store.write { db in
                for i in batch..<min(jobs, batch + 10_000) {
                    let at = start.addingTimeInterval(Double(i))
                    var job = Job(client: client, model: "echo", input: "job \(i)", createdAt: at)
                    if i % 3 != 0 {
                        try JobLifecycle.lease(&job, to: "miner-\(i % miners)", at: at, duration: 3600)
                    }
                    // Completed, but for the last 200: two live leases per miner, as miners hold them.
                    if i % 3 != 0 && i < jobs - 2 * miners {
                        try JobLifecycle.complete(&job, by: "miner-\(i % miners)", token: 1, result: "ok",
                                                  resultHash: ResultDigest.of("ok"), metrics: nil, at: at)
                    }
                    try await db.insert(job)
                }
            }
        }
    }
}

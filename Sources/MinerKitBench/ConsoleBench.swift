import AsyncHTTPClient
import Foundation
import Logging
import MinerKit
import MinerKitHTTP
import MinerKitPostgres
import MinerKitTesting

/// Server-side render time of console pages on a store holding 100k jobs of one client (a third queued,
/// the rest completed but for 200 live leases), on SQLite and then on PostgreSQL (a throwaway cluster,
/// when its binaries are installed): the jobs page (first page, one state, a state no job is in, a deep
/// page by cursor), the miners page (100 miners), the blocks page and the overview (its uncached read,
/// split into its parts, and as served through the one-second cache); then each page fetched over
/// loopback HTTP, `offset=99900` included. Beside them, in the same run, what the old deep page cost:
/// the same read by `OFFSET 99900`. p50 / p99 / max in
/// milliseconds, two rounds each.
enum ConsoleBench {
    static let jobs = 100_000
    static let miners = 100
    static let iterations = 300

    static func run() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("minerkit-console-\(UUID()).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        print("-- SQLite")
        try await run(on: try SQLiteStore(path: path), batch: 10_000) { _ in }
        guard PostgresTestCluster.binDirectory != nil else { return print("-- PostgreSQL: not installed, skipped") }
        print("-- PostgreSQL")
        try await withDurableCluster { cluster in
            let url = try await cluster.createDatabase()
            let database = try await PostgresDatabasePool.open(url, maxConnections: 4)
            do {
                // Smaller units of work: PostgreSQL keeps every version of a counter row a unit of work updates.
                try await run(on: PostgresStore(database: database), batch: 1_000) { _ in
                    _ = try await cluster.runClient("psql", ["-q", "-c", "VACUUM ANALYZE", url])
                }
            } catch {
                await database.close()
                throw error
            }
            await database.close()
        }
    }

    /// Seeds `store` (in units of work of `batch` jobs), runs `prepare` (statistics for the planner),
    /// then measures every page twice.
    private static func run(on store: any Store, batch: Int, prepare: (any Store) async throws -> Void) async throws {
        let coordinator = Coordinator(store: store, keyPair: .generate(), configuration: CoordinatorConfiguration(rateLimits: .off))
        let (client, key) = try await coordinator.createClientKey(name: "bench")
        let seeding = ContinuousClock.now
        let start = try await seed(coordinator, client: client.id, key: key, batch: batch)
        try await prepare(store)
        print(String(format: "seeded %d jobs, %d miners, %d receipts in %.1f s", jobs, miners, miners * 10,
                     (ContinuousClock.now - seeding).timeInterval))
        let console = CoordinatorConsole(coordinator: coordinator)
        let credentials = ClientCredentials(apiKey: key.text)
        // A page near the oldest jobs: jobs created up to 200 s after the first, newest of those first.
        let deep = JobCursor(createdAt: start.addingTimeInterval(200), sequence: .max)
        let rows = try await console.jobsPage(credentials: credentials, state: nil, limit: 100, before: deep).text
            .components(separatedBy: "<td><a href=\"/ui/jobs/").count - 1
        guard rows == 100 else { throw BenchError("the deep jobs page listed \(rows) rows, not 100") }

        let server = try await APIServer.start(router: CoordinatorAPI.routerWithConsole(coordinator: coordinator))
        do {
            for round in 1...2 {
                print("-- round \(round)")
                try await measureRound(coordinator, console: console, credentials: credentials, client: client.id,
                                       deep: deep, server: server, key: key)
            }
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    private static func measureRound(_ coordinator: Coordinator, console: CoordinatorConsole, credentials: ClientCredentials,
                                     client: String, deep: JobCursor, server: RunningAPIServer, key: APIKey) async throws {
        let store = coordinator.store
        try await measure("jobs page, 100 rows") { _ = try await console.jobsPage(credentials: credentials, state: nil, limit: 100) }
        try await measure("jobs page, 100 completed") {
            _ = try await console.jobsPage(credentials: credentials, state: .completed, limit: 100)
        }
        try await measure("jobs page, failed (none)") { _ = try await console.jobsPage(credentials: credentials, state: .failed, limit: 100) }
        try await measure("jobs page, deep, by cursor") {
            _ = try await console.jobsPage(credentials: credentials, state: nil, limit: 100, before: deep)
        }
        try await measure("  old: OFFSET 99900 read") {
            _ = try await store.read { db in try await db.jobs(JobQuery(client: client, limit: 100, offset: jobs - 100)) }
        }
        try await measure("miners page, 100 rows") { _ = try await console.minersPage() }
        try await measure("blocks page, 50 rows") { _ = try await console.blocksPage(before: nil) }
        try await measure("overview read, uncached") { _ = try await ConsoleOverview.read(coordinator) }
        try await measure("  of which job counts") { _ = try await store.read { db in try await db.jobCounts() } }
        try await measure("  of which 1,000 receipt times") { _ = try await store.read { db in try await db.recentReceiptTimes(limit: 1000) } }
        try await measure("overview page (1 s cache)") { _ = try await console.overviewPage() }
        for path in ["/ui", "/ui/overview.json", "/ui/jobs", "/ui/jobs?state=failed", "/ui/jobs?before=\(deep.token)",
                     "/ui/jobs?offset=99900", "/ui/miners", "/ui/blocks"] {
            try await measure("GET \(path.count > 24 ? String(path.prefix(21)) + "..." : path)") {
                var request = HTTPClientRequest(url: server.baseURL + path)
                request.headers.add(name: "X-Api-Key", value: key.text)
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
                _ = try await response.body.collect(upTo: 1 << 22)
                guard response.status == .ok else { throw BenchError("GET \(path): \(response.status)") }
            }
        }
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
        print(String(format: "%@ p50 %7.2f ms   p99 %7.2f ms   max %7.2f ms", name.padding(toLength: 32, withPad: " ", startingAt: 0) as NSString,
                     percentile(times, 0.5), percentile(times, 0.99), times.last ?? .nan))
    }

    /// The client's jobs, miners with keys, and sealed receipts; returns when the first seeded job was created.
    private static func seed(_ coordinator: Coordinator, client: String, key: APIKey, batch: Int) async throws -> Date {
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
        for first in stride(from: 0, to: jobs, by: batch) {
            try await coordinator.store.write { db in
                for i in first..<min(jobs, first + batch) {
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
        return start
    }
}

import ArgumentParser
import Foundation
import MinerKit
import MinerKitHTTP

/// `minerkit pool`: the evolve/evaluate pool.
struct PoolCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pool",
        abstract: "Run the pool: leases of evolve/evaluate work, consensus, SOTA and reputation.",
        subcommands: [PoolServe.self]
    )
}

/// `minerkit pool serve`: serves the Pool API until SIGINT or SIGTERM.
struct PoolServe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the Pool API (shared/specs/pool-api.md) with SR25519 signed-request auth."
    )

    @Option(help: "SQLite database file (created if missing); in memory when omitted.")
    var db: String?

    @Option(help: "Interface to bind.")
    var host = "127.0.0.1"

    @Option(help: "Port to bind.")
    var port = 8434

    @Option(help: "Window length in seconds.")
    var windowSeconds = 3600.0

    @Option(help: "JSON seed file: {\"task_type\": [{\"id\", \"algorithm_dsl\"}]}; built-in cifar10_binary seeds when omitted.")
    var seeds: String?

    @Option(help: "Token required by GET /api/v1/monitor/summary (X-Monitor-Token or Bearer); also read from MINERKIT_POOL_MONITOR_TOKEN; public when neither is set.")
    var monitorToken: String?

    @Flag(help: "Refuse a second lease to the same miner within one window.")
    var oneLeasePerWindow = false

    func run() async throws {
        var configuration = PoolConfiguration(windows: PoolWindowClock(windowSeconds: windowSeconds),
                                              oneLeasePerWindow: oneLeasePerWindow)
        if let seeds { configuration.seeds = try PoolSeedCatalog.load(contentsOf: seeds) }
        let store: any PoolStore = try db.map { try SQLitePoolStore(path: $0) } ?? InMemoryPoolStore()
        let clock = SystemTimeSource()
        let pool = try await PoolService.open(store: store, configuration: configuration, clock: clock)
        let auth = PoolAuth(authenticator: PoolAuth.hotkeyAuthenticator(clock: clock), 
                            monitorToken: monitorToken ?? ProcessInfo.processInfo.environment["MINERKIT_POOL_MONITOR_TOKEN"])
        let router = APIRouter(maxBodyBytes: PoolRoutes.maxBodyBytes, groups: [PoolRoutes(pool: pool, auth: auth)])
        let taskTypes = configuration.seeds.taskTypes.joined(separator: ", ")
        let app = APIServer.application(
            router: router, configuration: APIServerConfiguration(host: host, port: port, serverName: "MinerKit Pool"),
            onRunning: { port in print("pool listening on \(host):\(port) (task types: \(taskTypes))") })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            // Settles closed windows and expires leases even while no miner writes.
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: .seconds(30))
                    try? await pool.maintain()
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }
}

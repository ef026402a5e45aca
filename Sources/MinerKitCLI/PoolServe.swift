import ArgumentParser
import Foundation
import Logging
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

/// `minerkit pool serve`: serves the Pool API until SIGINT or SIGTERM, in memory, on a SQLite file, or as
/// one of several nodes on a shared PostgreSQL database.
struct PoolServe: ConfigurableServe {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the Pool API (shared/specs/pool-api.md) with SR25519 signed-request auth.",
        discussion: """
            With --database postgres://USER[:PASSWORD]@HOST[:PORT]/NAME, any number of pool nodes share one \
            database (which may also hold a coordinator's): they share the pool's state and the replay guard of \
            signed requests, so a request accepted by one node is refused as a replay by the others.
            """
    )

    @Option(name: [.long, .customLong("db")],
            help: "Where to keep the pool's data: a SQLite file (created if missing), or a postgres:// URL shared by several pool nodes; in memory when not given.")
    var database: String?

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

    @OptionGroup
    var shared: ServeOptions

    static let path = ["pool", "serve"]

    var effectiveSettings: [(name: String, value: String)] {
        [("database", location?.description ?? "(in memory)"),
         ("host", host), ("port", "\(port)"), ("window-seconds", "\(windowSeconds)"), ("seeds", seeds ?? "(built in)"),
         ("monitor-token", (monitorToken ?? ProcessInfo.processInfo.environment["MINERKIT_POOL_MONITOR_TOKEN"]) == nil ? "(none: public)" : "********"),
         ("one-lease-per-window", "\(oneLeasePerWindow)")] + shared.effectiveSettings
    }

    private var location: DatabaseLocation? { database.map(DatabaseLocation.init) }

    func run() async throws {
        var configuration = PoolConfiguration(windows: PoolWindowClock(windowSeconds: windowSeconds),
                                              oneLeasePerWindow: oneLeasePerWindow)
        if let seeds { configuration.seeds = try PoolSeedCatalog.load(contentsOf: seeds) }
        let backend = try await PoolBackend.open(location)
        do {
            try await serve(backend, configuration: configuration)
            await backend.close()
        } catch {
            await backend.close()
            throw error
        }
    }

    private func serve(_ backend: PoolBackend, configuration: PoolConfiguration) async throws {
        shared.metrics.bootstrap()
        let logger = shared.logging.bootstrap(label: "minerkit.pool")
        let clock = SystemTimeSource()
        let pool = try await PoolService.open(store: backend.store, configuration: configuration, clock: clock,
                                              observer: ServiceMetrics())
        let auth = PoolAuth(authenticator: PoolAuth.hotkeyAuthenticator(clock: clock, replays: backend.replays),
                            monitorToken: monitorToken ?? ProcessInfo.processInfo.environment["MINERKIT_POOL_MONITOR_TOKEN"])
        let router = APIRouter(maxBodyBytes: PoolRoutes.maxBodyBytes, groups: [PoolRoutes(pool: pool, auth: auth), PoolConsoleRoutes(pool: pool)])
        let taskTypes = configuration.seeds.taskTypes.joined(separator: ", ")
        let storage = location?.description ?? "in memory"
        let app = APIServer.application(
            router: router, configuration: APIServerConfiguration(host: host, port: port, serverName: "MinerKit Pool",
                                                            limits: shared.limits.limits),
            logger: logger,
            onRunning: { port in say("pool listening on \(host):\(port) (task types: \(taskTypes); database: \(storage); console at /ui)") })
        let inFlight = router.inFlight, drainLimit = shared.limits.drainLimit
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await APIServer.serve(app, inFlight: inFlight, drainLimit: drainLimit) }
            // Settles closed windows and expires leases even while no miner writes.
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: .seconds(30))
                    do {
                        try await pool.maintain()
                        logger.debug("pool maintenance: overdue assignments expired, closed windows settled")
                    } catch is CancellationError {
                        return
                    } catch {
                        logger.error("pool maintenance failed; retrying in 30 s", metadata: ["error": "\(error)"])
                    }
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }
}

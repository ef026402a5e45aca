import ArgumentParser
import Foundation
import Logging
import MinerKit
import MinerKitHTTP

/// `minerkit coordinator serve`: the coordinator API on an embedded SQLite file (zero configuration), or
/// one of several nodes on a shared PostgreSQL database.
struct CoordinatorServeCommand: ConfigurableServe {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the coordinator API until SIGINT/SIGTERM.",
        discussion: """
            First start creates the database, the receipt-signing key (<database>.ed25519, mode 0600) and, when no \
            client key exists, a default client key written to <database>.client-key (mode 0600): send it as X-Api-Key. \
            More client keys: `minerkit keys client create --database <database>`. \
            With --database postgres://USER[:PASSWORD]@HOST[:PORT]/NAME, any number of nodes share one database \
            (see Docs/Scaling.md): give every node the same --key file; the default client key, when none exists, \
            is written to <key>.client-key.
            """
    )

    @Option(name: [.long, .customLong("db")],
            help: "Where to keep the data: a SQLite file path, or a postgres:// URL shared by several coordinators.")
    var database = "coordinator.sqlite"

    @Option(help: "Interface to bind.")
    var host = "127.0.0.1"

    @Option(help: "Port to bind.")
    var port = 8001

    @Option(help: "Receipt-signing key file (default: <database>.ed25519; required with a postgres:// database).")
    var key: String?

    @Option(help: "Seconds a miner may stay silent before its leases lapse.")
    var heartbeatTimeout: Double = 60

    @Option(help: "Seconds a polled job is held for a miner that does not heartbeat with job_ids (its bound).")
    var maxJobSeconds: Double = 600

    @Option(help: "Receipts per block.")
    var blockSize = 100

    @Option(help: "Seconds before a partial block is sealed.")
    var blockInterval: Double = 10

    @Option(help: "Per-miner requests per minute.")
    var requestsPerMinute = 60

    @Option(help: "Per-miner job operations per minute.")
    var jobOpsPerMinute = 10

    @Flag(help: "Switch per-miner rate limits off.")
    var noRateLimits = false

    @OptionGroup
    var shared: ServeOptions

    static let path = ["coordinator", "serve"]

    var effectiveSettings: [(name: String, value: String)] {
        [("database", location.description), ("host", host),
         ("port", "\(port)"), ("key", key ?? "(next to the database)"), ("heartbeat-timeout", "\(heartbeatTimeout)"),
         ("max-job-seconds", "\(maxJobSeconds)"),
         ("block-size", "\(blockSize)"), ("block-interval", "\(blockInterval)"), ("requests-per-minute", "\(requestsPerMinute)"),
         ("job-ops-per-minute", "\(jobOpsPerMinute)"), ("no-rate-limits", "\(noRateLimits)")] + shared.effectiveSettings
    }

    func validate() throws {
        if case .postgres = location, key == nil {
            throw ValidationError("""
                with a postgres:// database, pass --key FILE: every coordinator on one database must sign receipts \
                with the same Ed25519 key (create it once with `minerkit keys generate --out FILE` and give every node a copy)
                """)
        }
    }

    private var location: DatabaseLocation { DatabaseLocation(database) }

    func run() async throws {
        let configuration = CoordinatorConfiguration(
            heartbeatTimeout: heartbeatTimeout,
            rateLimits: RateLimits(requestsPerMinute: requestsPerMinute, jobOperationsPerMinute: jobOpsPerMinute,
                                   enabled: !noRateLimits),
            blockSize: blockSize, blockInterval: blockInterval, maxJobSeconds: maxJobSeconds)
        let location = self.location
        try await CoordinatorBackend.using(location) { backend in
            try await serve(backend, at: location, configuration: configuration)
        }
    }

    private func serve(_ backend: CoordinatorBackend, at location: DatabaseLocation,
                       configuration: CoordinatorConfiguration) async throws {
        let keyPath: String
        let clientKeyPath: String
        switch location {
        case .sqlite(let path): (keyPath, clientKeyPath) = (key ?? path + ".ed25519", path + ".client-key")
        case .postgres: (keyPath, clientKeyPath) = (key ?? "", (key ?? "") + ".client-key")
        }
        shared.metrics.bootstrap()
        let host = try CoordinatorHost.open(store: backend.store, coordination: backend.coordination,
                                            database: location.description, keyPath: keyPath, configuration: configuration,
                                            observer: ServiceMetrics())
        say("database: \(host.database)")
        say("receipt key: \(host.keyPath)\(host.createdKey ? " (created)" : "") key_id \(host.coordinator.publicKey.keyID)")
        if try await host.ensureClientKey(writingTo: clientKeyPath) {
            say("client key: created and written to \(clientKeyPath) (send it as X-Api-Key)")
        }
        let bindHost = self.host
        let logger = shared.logging.bootstrap(label: "minerkit.coordinator")
        try await host.serve(host: bindHost, port: port, limits: shared.limits.limits, drainLimit: shared.limits.drainLimit, logger: logger) { port in
            say("serving on http://\(bindHost):\(port) (GET /health, /metrics, /openapi.json; console at /ui)")
        }
    }
}


import ArgumentParser
import Foundation
import Logging
import MinerKit
import MinerKitHTTP

/// `minerkit coordinator serve`: the coordinator API on an embedded SQLite file, zero configuration.
struct CoordinatorServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the coordinator API until SIGINT/SIGTERM.",
        discussion: """
            First start creates the database, the receipt-signing key (<db>.ed25519, mode 0600) and, when no \
            client key exists, a default client key written to <db>.client-key (mode 0600): send it as X-Api-Key. \
            More client keys: `minerkit keys client create --db <db>`.
            """
    )

    @Option(help: "SQLite database file.")
    var db = "coordinator.sqlite"

    @Option(help: "Interface to bind.")
    var host = "127.0.0.1"

    @Option(help: "Port to bind.")
    var port = 8001

    @Option(help: "Receipt-signing key file (default: <db>.ed25519).")
    var key: String?

    @Option(help: "Seconds a miner may stay silent before its leases lapse.")
    var heartbeatTimeout: Double = 60

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

    func run() async throws {
        let configuration = CoordinatorConfiguration(
            heartbeatTimeout: heartbeatTimeout,
            rateLimits: RateLimits(requestsPerMinute: requestsPerMinute, jobOperationsPerMinute: jobOpsPerMinute,
                                   enabled: !noRateLimits),
            blockSize: blockSize, blockInterval: blockInterval)
        let host = try CoordinatorHost.open(databasePath: db, keyPath: key, configuration: configuration)
        say("database: \(host.databasePath)")
        say("receipt key: \(host.keyPath)\(host.createdKey ? " (created)" : "") key_id \(host.coordinator.publicKey.keyID)")
        if try await host.ensureClientKey(writingTo: db + ".client-key") {
            say("client key: created and written to \(db).client-key (send it as X-Api-Key)")
        }
        let bindHost = self.host
        var logger = Logger(label: "minerkit.coordinator")
        logger.logLevel = .notice
        try await host.serve(host: bindHost, port: port, logger: logger) { port in
            say("serving on http://\(bindHost):\(port) (GET /health, /openapi.json)")
        }
    }
}

/// Writes a status line to stdout unbuffered, so it reaches a log file or pipe as it is said.
private func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

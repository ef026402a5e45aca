import Foundation
import Hummingbird
import Logging
import MinerKit
import MinerKitHTTP

/// The servers the bench runs as child processes of itself (`minerkit-bench --serve KIND …`), so that
/// their CPU time is read from /proc apart from the clients': a bare Hummingbird route (the floor every
/// ratio is taken against) and the coordinator with some of its layers left out (what each costs).
/// Each prints `serving on http://127.0.0.1:PORT` once it listens and stops on SIGTERM.
enum BenchServer {
    /// The argument that turns this process into a server.
    static let flag = "--serve"

    /// A coordinator child (`--serve coordinator …`): served as `minerkit coordinator serve` serves it
    /// (request log at info, metrics bootstrapped; rate limits off, as the bench runs the product), on
    /// SQLite or in memory, with some ``ServerLayers`` left out. Its log lines go through swift-log's
    /// `StreamLogHandler`, one write per line where the product batches them, so the request log's
    /// share measured here is an upper bound (`minerkit-bench observability` measures the product's).
    struct CoordinatorLayout: Equatable {
        /// SQLite file; `nil` keeps the data in memory (``InMemoryStore``).
        var database: String?
        /// The receipt key file; the client key is written next to it (`<key>.client-key`).
        var key: String
        var layers: ServerLayers = .all

        var arguments: [String] {
            ["coordinator", "--key", key, "--layers", String(layers.rawValue)] + (database.map { ["--database", $0] } ?? [])
        }

        init(database: String?, key: String, layers: ServerLayers) {
            self.database = database
            self.key = key
            self.layers = layers
        }

        init?(_ arguments: ArraySlice<String>) {
            var options: [String: String] = [:]
            var rest = arguments
            while let name = rest.popFirst() {
                guard let value = rest.popFirst() else { return nil }
                options[name] = value
            }
            guard let key = options["--key"], let layers = options["--layers"].flatMap(Int.init) else { return nil }
            self.init(database: options["--database"], key: key, layers: ServerLayers(rawValue: layers))
        }
    }

    /// Serves as `arguments` (what follows ``flag``) say until SIGTERM.
    static func run(_ arguments: ArraySlice<String>) async throws {
        switch arguments.first {
        case "bare": try await serveBare()
        case "coordinator":
            guard let layout = CoordinatorLayout(arguments.dropFirst()) else { throw BenchError("bad coordinator arguments: \(arguments)") }
            try await serveCoordinator(layout)
        default: throw BenchError("unknown server: \(arguments)")
        }
    }

    private static func announce(_ port: Int) {
        print("serving on http://127.0.0.1:\(port)")
        fflush(nil)
    }

    private static func serveBare() async throws {
        // The bytes the coordinator's `/health` answers.
        let body = ByteBuffer(string: #"{"status":"ok","version":"\#(MinerKitVersion.current)"}"#)
        let router = Router()
        router.get("/health") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: body))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { announce($0.localAddress?.port ?? 0) })
        try await app.runService()
    }

    private static func serveCoordinator(_ layout: CoordinatorLayout) async throws {
        ProcessMetrics.bootstrap()
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        var logger = Logger(label: "minerkit.coordinator")
        logger.logLevel = .info
        let configuration = CoordinatorConfiguration(rateLimits: RateLimits(enabled: false))
        let host = if let database = layout.database {
            try CoordinatorHost.open(databasePath: database, keyPath: layout.key, configuration: configuration,
                                     observer: ServiceMetrics())
        } else {
            try CoordinatorHost.open(store: InMemoryStore(), coordination: .inProcess(), database: "memory",
                                     keyPath: layout.key, configuration: configuration, observer: ServiceMetrics())
        }
        _ = try await host.ensureClientKey(writingTo: layout.key + ".client-key")
        try await host.serve(port: 0, logger: logger, layers: layout.layers) { announce($0) }
    }
}

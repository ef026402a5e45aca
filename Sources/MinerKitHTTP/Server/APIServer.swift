import Hummingbird
import HummingbirdCore
import Logging
import MinerKit
import NIOCore
import ServiceLifecycle

/// Where and how an API server listens.
public struct APIServerConfiguration: Sendable {
    /// Interface to bind; `127.0.0.1` keeps a server private to the machine.
    public var host: String
    /// Port to bind; `0` picks a free port (reported through `onRunning`).
    public var port: Int
    /// Name served in the `Server` header.
    public var serverName: String
    /// The largest request head (one header field, and all of them together) the HTTP parser reads.
    /// Requests within it reach the routes, which answer a bad header with the usual JSON error
    /// (`{"detail", "error_code"}`, e.g. a 100 KB `X-Signature` gets 401 `auth_malformed_header`);
    /// beyond it the parser refuses the request with a bare 400 before any route sees it. The default,
    /// 1 MiB, is far above any header a client of these APIs sends (Hummingbird's own is 80 KiB).
    public var maxHeaderBytes: Int
    /// Timeouts on idle and slow clients and the bound on open connections.
    public var limits: ConnectionLimits
    /// The connection layers to run (``ServerLayers/connectionHandlers``, ``ServerLayers/http10``); all
    /// of them unless a benchmark measures what one costs.
    public var layers: ServerLayers

    public init(host: String = "127.0.0.1", port: Int = 0, serverName: String = "MinerKit", maxHeaderBytes: Int = 1 << 20,
                limits: ConnectionLimits = ConnectionLimits(), layers: ServerLayers = .all) {
        self.host = host
        self.port = port
        self.serverName = serverName
        self.maxHeaderBytes = maxHeaderBytes
        self.limits = limits
        self.layers = layers
    }
}

/// Builds the Hummingbird application for an ``APIRouter``.
///
/// ```swift
/// let router = APIRouter(groups: [CoordinatorRoutes(coordinator: coordinator)])
/// let app = APIServer.application(router: router, configuration: .init(port: 8001))
/// try await app.runService()   // until SIGINT/SIGTERM
/// ```
public enum APIServer {
    /// The application serving `router`; `onRunning` receives the bound port once it listens. Requests
    /// are logged (one line each, ``RequestLogMiddleware``) when `logger` is at `info` or below; without
    /// a logger only notices and worse are written.
    public static func application(
        router: APIRouter,
        configuration: APIServerConfiguration = APIServerConfiguration(),
        logger: Logger? = nil,
        eventLoopGroup: (any EventLoopGroup)? = nil,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> Application<RouterResponder<APIRequestContext>> {
        let decoder = HTTP1Channel.Configuration.DecoderConfiguration(maxHeaderFieldSize: configuration.maxHeaderBytes,
                                                                     maxHeaderListSize: configuration.maxHeaderBytes)
        let limits = configuration.limits
        let layers = configuration.layers
        let inFlight = router.inFlight
        let serverLogger = logger ?? Self.quietLogger(label: configuration.serverName)
        return Application(
            router: router,
            server: HTTPServerBuilder { responder in
                HTTP1ChannelWithHTTP10(base: HTTP1Channel(
                    responder: responder,
                    configuration: .init(
                        additionalChannelHandlers: layers.contains(.connectionHandlers)
                            ? [ConnectionWatch(), ConnectionDeadlineHandler(limits: limits, roster: inFlight)] : [],
                        httpDecoderConfiguration: decoder)),
                    http10: layers.contains(.http10))
            },
            configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                                 serverName: configuration.serverName,
                                 availableConnectionsDelegate: .maximum(limits.maxConnections, logger: serverLogger)),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? configuration.port) },
            eventLoopGroupProvider: eventLoopGroup.map { .shared($0) } ?? .singleton,
            logger: serverLogger
        )
    }
}

extension APIServer {
    /// The logger of a server given none: at `notice`, so tests and embedders get no line per request.
    static func quietLogger(label: String) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = .notice
        return logger
    }

    /// Starts serving `router` in a background task and returns once it listens (port 0 picks a free
    /// port, see ``RunningAPIServer/port``). For tests, benchmarks and embedding; a process serving
    /// until a signal uses ``application(router:configuration:logger:onRunning:)`` and `runService()`.
    ///
    /// An `isolated` server runs on threads of its own, stopped with it: one event loop for its sockets
    /// and two threads for its tasks (every connection and request), instead of the process's shared
    /// event loops and Swift's cooperative pool. For a server embedded in a process whose other work
    /// can hold those threads for seconds (a test run, a batch job) and whose clients have timeouts.
    public static func start(router: APIRouter, configuration: APIServerConfiguration = APIServerConfiguration(),
                             logger: Logger? = nil, isolated: Bool = false) async throws -> RunningAPIServer {
        let threads = isolated ? ServerThreads(name: configuration.serverName) : nil
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = application(router: router, configuration: configuration, logger: logger,
                              eventLoopGroup: threads?.loops) { port in
            continuation.yield(port)
        }
        let group = ServiceGroup(services: [app], gracefulShutdownSignals: [], logger: app.logger)
        let task = Task(executorPreference: threads?.tasks) {
            defer { continuation.finish() }
            try await group.run()
        }
        for await port in ports {
            return RunningAPIServer(host: configuration.host, port: port, group: group, task: task, threads: threads)
        }
        _ = await task.result
        await threads?.shutdown()
        try await task.value
        throw CancellationError()
    }
}

/// A server started with ``APIServer/start(router:configuration:logger:)``.
public final class RunningAPIServer: Sendable {
    public let host: String
    /// The port it listens on.
    public let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, any Error>
    private let threads: ServerThreads?

    init(host: String, port: Int, group: ServiceGroup, task: Task<Void, any Error>, threads: ServerThreads?) {
        self.host = host
        self.port = port
        self.group = group
        self.task = task
        self.threads = threads
    }

    /// `http://host:port`.
    public var baseURL: String { "http://\(host):\(port)" }

    /// Shuts the server down gracefully (requests in flight finish) and waits for it.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
        await threads?.shutdown()
    }
}

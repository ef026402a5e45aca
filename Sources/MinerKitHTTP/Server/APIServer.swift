import Hummingbird
import Logging

/// Where and how an API server listens.
public struct APIServerConfiguration: Sendable {
    /// Interface to bind; `127.0.0.1` keeps a server private to the machine.
    public var host: String
    /// Port to bind; `0` picks a free port (reported through `onRunning`).
    public var port: Int
    /// Name served in the `Server` header.
    public var serverName: String

    public init(host: String = "127.0.0.1", port: Int = 0, serverName: String = "MinerKit") {
        self.host = host
        self.port = port
        self.serverName = serverName
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
    /// The application serving `router`; `onRunning` receives the bound port once it listens.
    public static func application(
        router: APIRouter,
        configuration: APIServerConfiguration = APIServerConfiguration(),
        logger: Logger? = nil,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> Application<RouterResponder<APIRequestContext>> {
        Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                                 serverName: configuration.serverName),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger ?? Logger(label: configuration.serverName)
        )
    }
}

import Foundation
import Hummingbird
import MinerKit

/// The coordinator's HTTP API: every route of the coordinator and marketplace-miner specs, the
/// deployed-miner routes, receipts, explorer, `/health`, `/openapi.json` and `/docs`.
///
/// ```swift
/// let router = CoordinatorAPI.router(coordinator: coordinator)
/// let app = APIServer.application(router: router, configuration: .init(port: 8001))
/// ```
public enum CoordinatorAPI {
    /// Request bodies above this many bytes are refused with 413 (payload jobs carry base64 inputs).
    public static let defaultMaxBodyBytes = 2 << 20

    /// The route groups of the coordinator API.
    public static func routeGroups(coordinator: Coordinator) -> [any RouteGroup] {
        [
            SystemRoutes(),
            ClientJobRoutes(coordinator: coordinator),
            SpecMinerRoutes(coordinator: coordinator),
            MarketplaceMinerRoutes(coordinator: coordinator),
            DeployedMinerRoutes(coordinator: coordinator),
            LedgerRoutes(coordinator: coordinator),
            ExplorerRoutes(coordinator: coordinator),
            AITBCExplorerRoutes(coordinator: coordinator),
            MetricsRoutes { try await ServiceMetrics.refreshJobs(of: coordinator) },
        ]
    }

    /// A router serving the whole coordinator API.
    public static func router(coordinator: Coordinator, maxBodyBytes: Int = defaultMaxBodyBytes) -> APIRouter {
        APIRouter(maxBodyBytes: maxBodyBytes, groups: routeGroups(coordinator: coordinator))
    }

    /// The OpenAPI document served at `/openapi.json`.
    public static let openAPIDocument: JSONValue = CoordinatorOpenAPI.document.json
}

/// `/health`, `/openapi.json` and `/docs`: public (as is `/metrics`, ``MetricsRoutes``).
struct SystemRoutes: RouteGroup {
    /// `/health`'s body, the same for the life of the process: encoded once, not per probe.
    private static let health = (try? APIJSON.encoder().encode(HealthBody())) ?? Data()

    func register(on router: APIRouter) {
        router.get("/health") { _, _ in APIJSON.bytes(Self.health) }
        OpenAPIRoutes(json: CoordinatorAPI.openAPIDocument).register(on: router)
    }
}

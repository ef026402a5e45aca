import Hummingbird
import MinerKit

/// The pool console's page under `/ui` (and `/` redirecting there), on the pool's port. HTML for
/// people, not part of the pool API (not in its OpenAPI document): a pool server adds it next to
/// ``PoolRoutes``.
///
/// ```swift
/// let router = APIRouter(maxBodyBytes: PoolRoutes.maxBodyBytes,
///                        groups: [PoolRoutes(pool: pool, auth: auth), PoolConsoleRoutes(pool: pool)])
/// ```
public struct PoolConsoleRoutes: RouteGroup {
    public let console: PoolConsole

    public init(pool: PoolService) {
        console = PoolConsole(pool: pool)
    }

    public func register(on router: APIRouter) {
        let console = self.console
        router.get("/") { _, _ in ConsolePage.redirect(to: "/ui") }
        router.get("/ui") { _, _ in await console.page.serve { try await console.overviewPage() } }
        router.get("/ui/status.json") { _, _ in
            var response = APIJSON.response(try await PoolConsoleStatus.read(console.pool))
            response.headers[.cacheControl] = "no-store"
            return response
        }
        ConsoleAssets.register(on: router)
        router.get("/ui/**") { _, _ in console.page.error(.notFound, "There is no such page.", code: "not_found") }
    }
}

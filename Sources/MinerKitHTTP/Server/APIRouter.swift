import Hummingbird

/// A group of endpoints registered together: one type (and file) per API group.
///
/// ```swift
/// struct HealthRoutes: RouteGroup {
///     func register(on router: APIRouter) {
///         router.get("/health") { _, _ in APIJSON.response(["status": "ok"]) }
///     }
/// }
/// let router = APIRouter(maxBodyBytes: 1 << 20, groups: [HealthRoutes()])
/// ```
public protocol RouteGroup {
    /// Adds this group's endpoints to `router`.
    func register(on router: APIRouter)
}

/// The router every MinerKit HTTP API is built on: Hummingbird's `Router` with the shared error
/// middleware and body limit installed first, and a ``RouteTable`` of everything registered.
///
/// It speaks Hummingbird's `RouterMethods`, so routes are added the usual way (`router.get`,
/// `router.post`, `router.group`) and the router is passed to `Application(router:)` as is.
public final class APIRouter: RouterMethods, HTTPResponderBuilder {
    /// Every MinerKit route runs with the same request context.
    public typealias Context = APIRequestContext

    private let router: Router<APIRequestContext>
    /// Every endpoint registered so far.
    public let table: RouteTable
    /// The largest request body accepted (bytes).
    public let maxBodyBytes: Int
    /// Requests being answered now (what a drain waits for), as the server's connection handlers report them.
    public let inFlight = InFlightRequests()

    /// A router whose requests carry bodies of at most `maxBodyBytes`, with `groups` registered;
    /// `layers` leaves out the request log or metrics only when a benchmark measures what they cost.
    public init(maxBodyBytes: Int = 1 << 20, groups: [any RouteGroup] = [], layers: ServerLayers = .all) {
        let table = RouteTable()
        self.table = table
        self.maxBodyBytes = maxBodyBytes
        router = Router(context: APIRequestContext.self)
        // Middleware applies only to routes added after it, so these come first. Each request is logged
        // (one line, at info) and counted and timed by route template once errors have become responses
        // (a no-op until `ProcessMetrics.bootstrap()`). Requests in flight are counted by the server's
        // connection handlers, until their replies are out.
        if layers.contains(.requestLog) { router.add(middleware: RequestLogMiddleware()) }
        if layers.contains(.metrics) { router.add(middleware: MetricsMiddleware()) }
        router.add(middleware: ErrorMiddleware(routes: table))
        router.add(middleware: BodyLimitMiddleware(maxBytes: maxBodyBytes))
        for group in groups { group.register(on: self) }
    }

    /// Registers `responder` for `method` on `path`, recording it in ``table``.
    @discardableResult
    public func on<Responder: HTTPResponder>(_ path: RouterPath, method: HTTPRequest.Method,
                                             responder: Responder) -> Self where Responder.Context == Context {
        table.add(APIRoute(method: method.rawValue, path: path.description))
        router.on(path, method: method, responder: responder)
        return self
    }

    /// Adds middleware for the routes registered after this call.
    @discardableResult
    public func add(middleware: any MiddlewareProtocol<Request, Response, Context>) -> Self {
        router.add(middleware: middleware)
        return self
    }

    public func buildResponder() -> RouterResponder<APIRequestContext> { router.buildResponder() }
}

import Hummingbird

/// `GET /metrics`: the process's series (``ProcessMetrics``) in the Prometheus text format, after
/// `refresh` has set the gauges that are read from the service when scraped (jobs by state, queue
/// depths, pool counts). Public, like `/health`: it carries counts, never ids or keys.
public struct MetricsRoutes: RouteGroup {
    /// Where every server serves its metrics.
    public static let path = "/metrics"

    /// Sets the scrape-time gauges; errors leave them at their last values.
    public let refresh: @Sendable () async throws -> Void

    public init(refresh: @escaping @Sendable () async throws -> Void = {}) {
        self.refresh = refresh
    }

    public func register(on router: APIRouter) {
        let refresh = self.refresh
        router.get(RouterPath(Self.path)) { _, _ in
            try? await refresh()
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: ProcessMetrics.exposition())))
        }
    }
}

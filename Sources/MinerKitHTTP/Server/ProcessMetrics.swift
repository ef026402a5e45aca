import Metrics
import Prometheus

/// The process's Prometheus registry, fed through swift-metrics: Hummingbird's request series,
/// ``ServiceMetrics``' service series and the gauges each server refreshes when `/metrics` is scraped
/// (``MetricsRoutes``).
///
/// swift-metrics has one backend per process, so ``bootstrap()`` is called once, by the process that
/// serves (`minerkit … serve`), before any series is created; without it every series is a no-op,
/// which is what tests and embedders that do not scrape get.
public enum ProcessMetrics {
    /// Where every series of this process is kept.
    public static let registry = PrometheusCollectorRegistry()

    private static let bootstrapped: Void = {
        var factory = PrometheusMetricsFactory(registry: registry)
        // Real-time factor: processing time over audio time (below 1 is faster than real time).
        factory.valueHistogramBuckets[ServiceMetrics.realTimeFactorLabel] = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5]
        MetricsSystem.bootstrap(factory)
    }()

    /// Points swift-metrics at ``registry``; calls after the first do nothing.
    public static func bootstrap() {
        _ = bootstrapped
    }

    /// Every series in the Prometheus text format (version 0.0.4).
    public static func exposition() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}

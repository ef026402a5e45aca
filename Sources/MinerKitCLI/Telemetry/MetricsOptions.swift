import ArgumentParser
import MinerKitHTTP

/// Whether a `serve` command keeps metrics (also `MINERKIT_METRICS` or the config file, see
/// ``ServeSettings``). Off, no series is recorded and `/metrics` answers with an empty exposition; it
/// exists to measure what metrics cost, and for embedders that collect nothing.
struct MetricsOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Record Prometheus series for GET /metrics: on or off (env MINERKIT_METRICS).",
                               valueName: "on|off"))
    var metrics: String = "on"

    /// Their effective values.
    var effectiveSettings: [(name: String, value: String)] { [("metrics", metrics)] }

    func validate() throws {
        guard ["on", "off"].contains(metrics) else { throw ValidationError("--metrics must be on or off, not '\(metrics)'") }
    }

    /// Points swift-metrics at the process's registry unless metrics are off (once per process).
    func bootstrap() {
        if metrics == "on" { ProcessMetrics.bootstrap() }
    }
}

import ArgumentParser

/// The options every `serve` command shares, in their help sections: timeouts and limits, logging,
/// metrics, and `--config`/`--print-config`.
struct ServeOptions: ParsableArguments {
    @OptionGroup(title: "Timeouts and limits")
    var limits: ServerLimitOptions

    @OptionGroup(title: "Logging")
    var logging: LoggingOptions

    @OptionGroup(title: "Metrics")
    var metrics: MetricsOptions

    @OptionGroup(title: "Configuration")
    var settings: SettingsOptions

    /// The shared options' effective values, in option order.
    var effectiveSettings: [(name: String, value: String)] {
        limits.effectiveSettings + logging.effectiveSettings + metrics.effectiveSettings
    }
}

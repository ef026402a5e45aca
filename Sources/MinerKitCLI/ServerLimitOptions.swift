import ArgumentParser
import MinerKitHTTP

/// The timeouts, connection bound and drain limit every `serve` command takes (see ``ConnectionLimits``
/// and `APIServer.serve`).
struct ServerLimitOptions: ParsableArguments {
    @Option(help: "Seconds an open connection may send nothing before it is closed (before and between requests).")
    var idleTimeout: Double = 30

    @Option(help: "Seconds a request head may take to arrive, from its first byte.")
    var headerTimeout: Double = 10

    @Option(help: "Seconds a request body may take to arrive, from the end of its head.")
    var bodyTimeout: Double = 60

    @Option(help: "Connections served at once; more wait to be accepted (default: 3/4 of `ulimit -n`, at most 10000).")
    var maxConnections: Int?

    @Option(name: .customLong("drain-limit"),
            help: "Seconds SIGTERM/SIGINT waits for requests in flight; past it they are cut off and the exit status is 1.")
    var drainLimitSeconds: Double = 30

    func validate() throws {
        for (name, value) in [("--idle-timeout", idleTimeout), ("--header-timeout", headerTimeout), ("--body-timeout", bodyTimeout),
                              ("--drain-limit", drainLimitSeconds)]
        where !(value > 0) {
            throw ValidationError("\(name) must be a number of seconds above 0")
        }
        if let maxConnections, maxConnections < 1 { throw ValidationError("--max-connections must be at least 1") }
    }

    /// Their effective values.
    var effectiveSettings: [(name: String, value: String)] {
        [("idle-timeout", "\(idleTimeout)"), ("header-timeout", "\(headerTimeout)"), ("body-timeout", "\(bodyTimeout)"),
         ("max-connections", "\(maxConnections ?? ConnectionLimits.defaultMaxConnections)"), ("drain-limit", "\(drainLimitSeconds)")]
    }

    /// How long a drain may take.
    var drainLimit: Duration { .seconds(drainLimitSeconds) }

    /// The limits these options describe.
    var limits: ConnectionLimits {
        ConnectionLimits(idleTimeout: .seconds(idleTimeout), headerTimeout: .seconds(headerTimeout),
                         bodyTimeout: .seconds(bodyTimeout),
                         maxConnections: maxConnections ?? ConnectionLimits.defaultMaxConnections)
    }
}

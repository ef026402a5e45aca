/// The layers of an API server that can be left out. Every server runs with all of them (the default
/// everywhere); `minerkit-bench layers` leaves one out at a time to print what each costs per request.
public struct ServerLayers: OptionSet, Sendable {
    public let rawValue: Int

    public init(rawValue: Int) {
        self.rawValue = rawValue
    }

    /// ``ConnectionWatch`` and the connection deadline handler: timeouts on idle and slow clients, and
    /// long polls that end when their client goes.
    public static let connectionHandlers = ServerLayers(rawValue: 1 << 0)
    /// ``HTTP10Persistence``: HTTP/1.0 clients' connection semantics.
    public static let http10 = ServerLayers(rawValue: 1 << 1)
    /// ``RequestLogMiddleware``: one log line per request.
    public static let requestLog = ServerLayers(rawValue: 1 << 2)
    /// Hummingbird's `MetricsMiddleware`: request counts and durations by route, method and status.
    public static let metrics = ServerLayers(rawValue: 1 << 3)

    /// Every layer: what servers run.
    public static let all: ServerLayers = [.connectionHandlers, .http10, .requestLog, .metrics]
}

import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

extension APIServer {
    /// Serves `app` until SIGTERM or SIGINT, then drains: `onDrain` runs at once (the coordinator ends its
    /// long polls there), the server stops accepting connections and lets the requests in flight finish,
    /// streamed replies included, then `services` are stopped in turn (last listed first) and this returns.
    ///
    /// A request is in flight until the last byte of its reply is handed to the kernel, and a connection
    /// is closed only once its replies are out, so a client reading a large reply slowly gets all of it.
    /// A drain that takes longer than `drainLimit` is cut short (swift-service-lifecycle cancels what is
    /// left) and throws ``DrainLimitExceeded``, which names the requests still in flight just before the
    /// cut (each is also logged). A service that fails stops the others and its error is thrown.
    public static func serve(_ app: Application<RouterResponder<APIRequestContext>>, inFlight: InFlightRequests,
                             drainLimit: Duration, services: [ServiceGroupConfiguration.ServiceConfiguration] = [],
                             onDrain: @escaping @Sendable () async -> Void = {}) async throws {
        let drain = DrainStart(limit: drainLimit, inFlight: inFlight, onDrain: onDrain, logger: app.logger)
        // Graceful shutdown reaches services in reverse order: the drain first, then the server.
        var configuration = ServiceGroupConfiguration(
            services: services + [.init(service: app),
                                  .init(service: drain, successTerminationBehavior: .ignore)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: app.logger)
        configuration.maximumGracefulShutdownDuration = drainLimit
        do {
            try await ServiceGroup(configuration: configuration).run()
        } catch {
            if let cut = drain.finish(), !cut.isEmpty { throw DrainLimitExceeded(limit: drainLimit, cutOff: cut) }
            throw error
        }
        if let cut = drain.finish(), !cut.isEmpty { throw DrainLimitExceeded(limit: drainLimit, cutOff: cut) }
    }
}

/// A drain that did not finish within its limit: requests were still being answered and were cut off.
public struct DrainLimitExceeded: Error, CustomStringConvertible {
    public let limit: Duration
    /// The requests cut off, one line each (``InFlightRequests/unfinished``).
    public let cutOff: [String]

    /// How many requests were cut off.
    public var inFlight: Int { cutOff.count }

    public init(limit: Duration, cutOff: [String]) {
        self.limit = limit
        self.cutOff = cutOff
    }

    public var description: String {
        "the drain limit of \(limit.timeInterval) s passed with \(inFlight) request\(inFlight == 1 ? "" : "s") "
            + "still in flight; \(inFlight == 1 ? "it was" : "they were") cut off: \(cutOff.joined(separator: ", "))"
    }
}

/// Starts a drain when graceful shutdown begins, and notes (and logs) what is still in flight just before
/// the limit (a tenth of it, at most 100 ms, before the group cancels what is left).
private final class DrainStart: Service, Sendable {
    let limit: Duration
    let inFlight: InFlightRequests
    let onDrain: @Sendable () async -> Void
    let logger: Logger
    private let atLimit = Mutex<[String]?>(nil)
    private let timer = Mutex<Task<Void, Never>?>(nil)

    init(limit: Duration, inFlight: InFlightRequests, onDrain: @escaping @Sendable () async -> Void, logger: Logger) {
        self.limit = limit
        self.inFlight = inFlight
        self.onDrain = onDrain
        self.logger = logger
    }

    func run() async throws {
        try await gracefulShutdown()
        logger.notice("draining", metadata: ["in_flight": "\(inFlight.current)", "limit_s": "\(limit.timeInterval)"])
        await onDrain()
        let task = Task { [self] in
            try? await Task.sleep(for: limit - min(limit / 10, .milliseconds(100)))
            guard !Task.isCancelled else { return }
            let cut = inFlight.unfinished
            for request in cut { logger.error("cut off at the drain limit", metadata: ["request": "\(request)"]) }
            atLimit.withLock { $0 = cut }
        }
        timer.withLock { $0 = task }
    }

    /// Stops the limit's timer; the requests in flight when it passed, if it did.
    func finish() -> [String]? {
        timer.withLock { $0 }?.cancel()
        return atLimit.withLock { $0 }
    }
}

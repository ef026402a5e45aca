import Foundation

/// Exponential backoff with full jitter for transient failures (network errors, 5xx, 429).
public struct RetryPolicy: Sendable, Equatable {
    /// Delay before the first retry.
    public var initialDelay: TimeInterval
    /// Ceiling for any single delay.
    public var maxDelay: TimeInterval
    /// Attempts in all (the first try included) before giving up.
    public var maxAttempts: Int
    /// Seconds from the first try after which an operation gives up whatever ``maxAttempts`` says: no
    /// retry starts that would wait past it, and a try still running then is cancelled. `nil`: only
    /// ``maxAttempts`` bounds it.
    public var giveUpAfter: TimeInterval?

    public init(initialDelay: TimeInterval = 0.1, maxDelay: TimeInterval = 5, maxAttempts: Int = 8,
                giveUpAfter: TimeInterval? = nil) {
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.maxAttempts = max(1, maxAttempts)
        self.giveUpAfter = giveUpAfter
    }

    /// The delay before retry number `attempt` (1-based): uniform in [0, min(max, initial * 2^(attempt-1))],
    /// never less than a server's `Retry-After`.
    public func delay(beforeRetry attempt: Int, retryAfter: Int? = nil) -> TimeInterval {
        let ceiling = min(maxDelay, initialDelay * pow(2, Double(max(0, attempt - 1))))
        return max(Double(retryAfter ?? 0), Double.random(in: 0...ceiling))
    }

    /// Whether `error` is worth retrying: the request may succeed later unchanged.
    public static func isTransient(_ error: any Error) -> Bool {
        guard let error = error as? MinerKitError else { return !(error is CancellationError) }
        switch error.kind {
        case .unavailable, .rateLimited, .storage, .internal: return true
        default: return false
        }
    }
}

import Foundation

/// The coordinator's knobs. Every default works for a single-machine deployment.
public struct CoordinatorConfiguration: Sendable, Equatable {
    /// Seconds a miner may stay silent before it is marked offline. Leases last this long and each
    /// heartbeat (or new lease) renews them, so a miner silent this long has lost every lease.
    public var heartbeatTimeout: TimeInterval
    /// Leases that may lapse before a job fails for good (dead letter).
    public var maxAttempts: Int
    /// The longest a polled lease is held for a miner that does not say which jobs it works on (no
    /// `job_ids`), in seconds: the bound that frees a lease nobody works on (see ``LeaseAcknowledgement``).
    /// Never below ``heartbeatTimeout``.
    public var maxJobSeconds: TimeInterval
    /// Per-miner request and job-operation budgets.
    public var rateLimits: RateLimits
    /// A block is sealed once this many receipts wait...
    public var blockSize: Int
    /// ...or once the oldest waiting receipt is this many seconds old (checked by ``Coordinator/maintain()``).
    public var blockInterval: TimeInterval
    /// Upper bound on a long poll, whatever the miner asks for.
    public var maxLongPoll: TimeInterval
    /// An empty long poll is answered this many seconds before the wait the miner asked for (never
    /// below zero), so the answer beats a client timeout equal to that wait.
    public var longPollMargin: TimeInterval
    /// Bounds on what clients may submit.
    public var jobLimits: JobLimits

    public init(heartbeatTimeout: TimeInterval = 60, maxAttempts: Int = 3, rateLimits: RateLimits = RateLimits(),
                blockSize: Int = 100, blockInterval: TimeInterval = 10, maxLongPoll: TimeInterval = 30,
                longPollMargin: TimeInterval = 0.5, jobLimits: JobLimits = JobLimits(maxInputBytes: 1 << 20),
                maxJobSeconds: TimeInterval = 600) {
        self.heartbeatTimeout = heartbeatTimeout
        self.maxAttempts = maxAttempts
        self.maxJobSeconds = max(heartbeatTimeout, maxJobSeconds)
        self.rateLimits = rateLimits
        self.blockSize = max(1, blockSize)
        self.blockInterval = blockInterval
        self.maxLongPoll = maxLongPoll
        self.longPollMargin = max(0, longPollMargin)
        self.jobLimits = jobLimits
    }
}

/// Per-miner rate limits (token buckets refilled continuously over a minute).
public struct RateLimits: Sendable, Equatable {
    /// Authenticated miner requests per minute.
    public var requestsPerMinute: Int
    /// Job operations (claim, accept, lease by poll, complete, fail) per minute.
    public var jobOperationsPerMinute: Int
    /// `false` switches rate limiting off.
    public var enabled: Bool

    public init(requestsPerMinute: Int = 60, jobOperationsPerMinute: Int = 10, enabled: Bool = true) {
        self.requestsPerMinute = max(1, requestsPerMinute)
        self.jobOperationsPerMinute = max(1, jobOperationsPerMinute)
        self.enabled = enabled
    }

    /// No limits (benchmarks, trusted single-tenant set-ups).
    public static let off = RateLimits(enabled: false)
}

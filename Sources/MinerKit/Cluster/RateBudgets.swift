import Foundation

/// One token bucket: `capacity` tokens, refilled continuously at `refillPerSecond`.
public struct TokenBucket: Sendable, Equatable {
    /// Names the bucket (for example `r:miner-1`).
    public var key: String
    public var capacity: Double
    public var refillPerSecond: Double

    public init(key: String, capacity: Double, refillPerSecond: Double) {
        self.key = key
        self.capacity = capacity
        self.refillPerSecond = refillPerSecond
    }

    /// The tokens a bucket holds at `now` that held `tokens` at `updated` (a new bucket is full).
    /// The one refill rule every ``RateBudgets`` implementation applies.
    public func tokens(_ tokens: Double?, updated: Date?, at now: Date) -> Double {
        guard let tokens, let updated else { return capacity }
        return min(capacity, tokens + max(0, now.timeIntervalSince(updated)) * refillPerSecond)
    }

    /// Seconds until a bucket holding `tokens` has one whole token again.
    public func wait(from tokens: Double) -> TimeInterval {
        tokens >= 1 ? 0 : (1 - tokens) / refillPerSecond
    }
}

/// A bucket that had no token to give, and how long until it has one.
public struct RateRefusal: Sendable, Equatable {
    public var bucket: TokenBucket
    public var retryAfter: TimeInterval

    public init(bucket: TokenBucket, retryAfter: TimeInterval) {
        self.bucket = bucket
        self.retryAfter = retryAfter
    }
}

/// Where rate-limit budgets are kept: in this process, or in a table every node shares.
///
/// Charged once per request, before any transaction, so a retried transaction is never charged twice.
public protocol RateBudgets: Sendable {
    /// Takes one token from every bucket in `buckets`, or from none of them: `nil` when all had one,
    /// else the refusal of the first bucket that was empty.
    func take(_ buckets: [TokenBucket], at now: Date) async throws -> RateRefusal?
}

import Foundation
import Synchronization

/// Per-miner token buckets for requests and job operations.
///
/// Each bucket holds up to a minute's budget and refills continuously; a call that finds it empty is
/// refused with a `rateLimited` error whose `retryAfter` is the whole seconds until a token is back.
public final class RateLimiter: Sendable {
    /// What a call costs.
    public enum Operation: Sendable {
        /// Any authenticated miner request.
        case request
        /// A request that also moves a job (claim, accept, lease by poll, complete, fail).
        case jobOperation
    }

    private struct Bucket {
        var tokens: Double
        var updated: Date
    }

    private let limits: RateLimits
    private let clock: any TimeSource
    private let buckets = Mutex<[String: Bucket]>([:])

    public init(limits: RateLimits, clock: any TimeSource) {
        self.limits = limits
        self.clock = clock
    }

    /// Charges `minerID` for `operation` (a job operation also costs a request), or throws 429.
    public func admit(_ minerID: String, _ operation: Operation) throws {
        guard limits.enabled else { return }
        let now = clock.now()
        try buckets.withLock { buckets in
            var keys = [("r:" + minerID, limits.requestsPerMinute)]
            if operation == .jobOperation { keys.append(("j:" + minerID, limits.jobOperationsPerMinute)) }
            var refilled: [(String, Bucket)] = []
            for (key, perMinute) in keys {
                var bucket = buckets[key] ?? Bucket(tokens: Double(perMinute), updated: now)
                let rate = Double(perMinute) / 60
                bucket.tokens = min(Double(perMinute), bucket.tokens + max(0, now.timeIntervalSince(bucket.updated)) * rate)
                bucket.updated = now
                guard bucket.tokens >= 1 else {
                    let wait = Int(((1 - bucket.tokens) / rate).rounded(.up))
                    let what = key.hasPrefix("j:") ? "job operations" : "requests"
                    throw MinerKitError(.rateLimited, code: "rate_limited",
                                        "miner \(minerID) is over its limit of \(perMinute) \(what) per minute",
                                        retryAfter: max(1, wait))
                }
                bucket.tokens -= 1
                refilled.append((key, bucket))
            }
            for (key, bucket) in refilled { buckets[key] = bucket }
        }
    }
}

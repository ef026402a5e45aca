import Foundation

/// Per-miner rate limits: a request budget and a job-operation budget, as token buckets that hold a
/// minute's budget and refill continuously.
///
/// The budgets themselves live in a ``RateBudgets`` (this process's memory, or a table every node
/// shares). A call that finds a bucket empty is refused with a `rateLimited` error whose `retryAfter`
/// is the whole seconds until a token is back. Charges are made once per request, outside any unit of
/// work.
public struct RateLimiter: Sendable {
    /// What a call costs.
    public enum Operation: Sendable {
        /// Any authenticated miner request.
        case request
        /// A request that also moves a job (claim, accept, lease by poll, complete, fail).
        case jobOperation
        /// Only the job-operation budget (a poll that found a job after its request was charged).
        case jobOperationOnly
    }

    private let limits: RateLimits
    private let clock: any TimeSource
    private let budgets: any RateBudgets

    public init(limits: RateLimits, clock: any TimeSource, budgets: any RateBudgets = InMemoryRateBudgets()) {
        self.limits = limits
        self.clock = clock
        self.budgets = budgets
    }

    /// Charges `minerID` for `operation` (a job operation also costs a request), or throws 429.
    public func admit(_ minerID: String, _ operation: Operation) async throws {
        guard limits.enabled else { return }
        let buckets = Self.buckets(minerID, operation, limits)
        guard let refusal = try await budgets.take(buckets, at: clock.now()) else { return }
        let what = refusal.bucket.key.hasPrefix("j:") ? "job operations" : "requests"
        throw MinerKitError(.rateLimited, code: "rate_limited",
                            "miner \(minerID) is over its limit of \(Int(refusal.bucket.capacity)) \(what) per minute",
                            retryAfter: max(1, Int(refusal.retryAfter.rounded(.up))))
    }

    private static func buckets(_ minerID: String, _ operation: Operation, _ limits: RateLimits) -> [TokenBucket] {
        let requests = TokenBucket(key: "r:" + minerID, capacity: Double(limits.requestsPerMinute),
                                   refillPerSecond: Double(limits.requestsPerMinute) / 60)
        let jobs = TokenBucket(key: "j:" + minerID, capacity: Double(limits.jobOperationsPerMinute),
                               refillPerSecond: Double(limits.jobOperationsPerMinute) / 60)
        switch operation {
        case .request: return [requests]
        case .jobOperation: return [requests, jobs]
        case .jobOperationOnly: return [jobs]
        }
    }
}

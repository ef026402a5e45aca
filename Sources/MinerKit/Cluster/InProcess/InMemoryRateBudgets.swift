import Foundation
import Synchronization

/// Budgets kept in this process's memory.
public final class InMemoryRateBudgets: RateBudgets {
    private struct Entry {
        var tokens: Double
        var updated: Date
    }

    private let entries = Mutex<[String: Entry]>([:])

    public init() {}

    public func take(_ buckets: [TokenBucket], at now: Date) async throws -> RateRefusal? {
        entries.withLock { entries in
            var taken: [(String, Entry)] = []
            for bucket in buckets {
                let current = entries[bucket.key]
                let tokens = bucket.tokens(current?.tokens, updated: current?.updated, at: now)
                guard tokens >= 1 else { return RateRefusal(bucket: bucket, retryAfter: bucket.wait(from: tokens)) }
                taken.append((bucket.key, Entry(tokens: tokens - 1, updated: now)))
            }
            for (key, entry) in taken { entries[key] = entry }
            return nil
        }
    }
}

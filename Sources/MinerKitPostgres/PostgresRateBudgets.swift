import Foundation
import MinerKit
import PostgresNIO
import Synchronization

/// Rate-limit budgets several nodes share: one row per token bucket, so a miner's budget is the same
/// whichever node it talks to.
///
/// All buckets of one call are taken in one transaction: their rows are created if missing (an empty
/// row is a full bucket) and locked in key order (so two calls never deadlock) by one upsert, refilled
/// with ``TokenBucket/tokens(_:updated:at:)`` (the one refill rule, as ``InMemoryRateBudgets`` applies
/// it) and written back only if every bucket had a token. Each row records when its bucket is full
/// again; rows past that are deleted now and then, which changes nothing (a missing bucket is full).
public final class PostgresRateBudgets: RateBudgets {
    private let database: PostgresDatabasePool
    /// Seconds between two deletions of full buckets (by this node).
    public let sweepInterval: TimeInterval
    private let nextSweep = Mutex<Date>(.distantPast)

    /// Budgets in `database`'s `rate_buckets` table.
    public init(database: PostgresDatabasePool, sweepInterval: TimeInterval = 60) {
        self.database = database
        self.sweepInterval = sweepInterval
    }

    public func take(_ buckets: [TokenBucket], at now: Date) async throws -> RateRefusal? {
        guard !buckets.isEmpty else { return nil }
        let keys = Array(Set(buckets.map(\.key))).sorted()
        let refusal = try await database.transaction { db -> RateRefusal? in
            // Creates missing rows and locks every row in key order, returning what each holds, in one statement.
            var stored: [String: (tokens: Double?, updated: Date?)] = [:]
            for row in try await db.query("""
                INSERT INTO rate_buckets (key) SELECT unnest(\(keys)::text[]) ORDER BY 1
                ON CONFLICT (key) DO UPDATE SET key = excluded.key
                RETURNING key, tokens, updated
                """).rows {
                let (key, tokens, updated) = try row.decode((String, Double?, Double?).self)
                stored[key] = (tokens, updated.map(Date.init(timeIntervalSince1970:)))
            }
            var taken: [String: (tokens: Double, fullAt: Double)] = [:]
            for bucket in buckets {
                let tokens = bucket.tokens(stored[bucket.key]?.tokens, updated: stored[bucket.key]?.updated, at: now)
                guard tokens >= 1 else { return RateRefusal(bucket: bucket, retryAfter: bucket.wait(from: tokens)) }
                taken[bucket.key] = (tokens - 1, now.timeIntervalSince1970 + (bucket.capacity - tokens + 1) / bucket.refillPerSecond)
            }
            let ordered = taken.keys.sorted()
            try await db.query("""
                UPDATE rate_buckets SET tokens = taken.tokens, updated = \(now.timeIntervalSince1970), full_at = taken.full_at
                FROM unnest(\(ordered)::text[], \(ordered.map { taken[$0]!.tokens })::float8[],
                            \(ordered.map { taken[$0]!.fullAt })::float8[]) AS taken (key, tokens, full_at)
                WHERE rate_buckets.key = taken.key
                """)
            return nil
        }
        if sweepDue(at: now) {
            try await database.execute(
                "DELETE FROM rate_buckets WHERE full_at IS NULL OR full_at < \(now.timeIntervalSince1970)")
        }
        return refusal
    }

    /// Whether this call should sweep: true once per interval (the first caller after it passes).
    private func sweepDue(at now: Date) -> Bool {
        nextSweep.withLock { next in
            guard now >= next else { return false }
            next = now.addingTimeInterval(sweepInterval)
            return true
        }
    }
}

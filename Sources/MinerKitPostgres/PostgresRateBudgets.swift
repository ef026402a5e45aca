import Foundation
import MinerKit
import PostgresNIO
import Synchronization

/// Rate-limit budgets several nodes share, charged without a round trip per request: one row per token
/// bucket in `rate_buckets`, from which each node leases **slices** of tokens and spends them locally.
///
/// A request is charged from this node's slices, in memory. Only when this node has no live slice of a
/// bucket does it lease one (a tenth of its capacity, at least one token, at most what the bucket
/// holds), in one transaction: one round trip per slice instead of one per request. A bucket with less
/// than one token refuses, with the wait the shared row says, and takes nothing from the others.
///
/// **Bounds.** Every token a node spends was taken from the shared row first. The row goes on refilling
/// while a slice waits to be spent, so a miner can be admitted its bucket's allowance plus at most one
/// slice per node (the overshoot bound: with the default tenth, 10 % of a bucket per node). Tokens a
/// node leased and did not spend within ``sliceLifetime`` are dropped, not returned: a miner that moves
/// to another node may be refused early by at most one slice per node it left.
/// Slices commit ``CommitDurability/deferred``: a charge lost in a server crash only frees tokens.
///
/// Each row records when its bucket is full again; rows past that are deleted now and then, which
/// changes nothing (a missing bucket is full).
public final class PostgresRateBudgets: RateBudgets {
    private struct Slice {
        var tokens: Double
        var expires: Date
    }

    private let database: PostgresDatabasePool
    /// Seconds between two deletions of full buckets (by this node).
    public let sweepInterval: TimeInterval
    /// How long a leased slice may be spent.
    public let sliceLifetime: TimeInterval
    /// The share of a bucket's capacity one slice takes.
    public let sliceFraction: Double
    private let nextSweep = Mutex<Date>(.distantPast)
    private let slices = Mutex<[String: Slice]>([:])

    /// Budgets in `database`'s `rate_buckets` table.
    public init(database: PostgresDatabasePool, sweepInterval: TimeInterval = 60, sliceLifetime: TimeInterval = 60,
                sliceFraction: Double = 0.1) {
        self.database = database
        self.sweepInterval = sweepInterval
        self.sliceLifetime = sliceLifetime
        self.sliceFraction = sliceFraction
    }

    public func take(_ buckets: [TokenBucket], at now: Date) async throws -> RateRefusal? {
        guard !buckets.isEmpty else { return nil }
        // Each lease adds at least one token to every bucket that lacked one, so only calls racing for
        // the same slices go round again; past a few rounds the caller is told to come back shortly.
        for _ in 0..<8 {
            let lacking = spend(buckets, at: now)
            if lacking.isEmpty {
                if sweepDue(at: now) {
                    slices.withLock { slices in slices = slices.filter { $0.value.expires > now } }
                    try await database.execute(
                        "DELETE FROM rate_buckets WHERE full_at IS NULL OR full_at < \(now.timeIntervalSince1970)")
                }
                return nil
            }
            if let refusal = try await lease(lacking, at: now) { return refusal }
        }
        return RateRefusal(bucket: buckets[0], retryAfter: 1)
    }

    /// Takes one token from this node's slice of every bucket and returns `[]`, or takes none and
    /// returns the buckets with no token in a live slice here.
    private func spend(_ buckets: [TokenBucket], at now: Date) -> [TokenBucket] {
        slices.withLock { slices in
            let lacking = buckets.filter { bucket in
                guard let slice = slices[bucket.key], slice.expires > now else { return true }
                return slice.tokens < 1
            }
            guard lacking.isEmpty else { return lacking }
            for bucket in buckets { slices[bucket.key]!.tokens -= 1 }
            return []
        }
    }

    /// Leases a slice of every bucket in `buckets` from the shared rows, in one transaction, and adds it
    /// to this node's slices; the refusal of the first bucket with less than one token (none is taken then).
    private func lease(_ buckets: [TokenBucket], at now: Date) async throws -> RateRefusal? {
        let keys = Array(Set(buckets.map(\.key))).sorted()
        let leased = try await database.transaction(durability: .deferred) { db -> (RateRefusal?, [String: Double]) in
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
            var taken: [String: (slice: Double, left: Double, fullAt: Double)] = [:]
            for bucket in buckets where taken[bucket.key] == nil {
                let tokens = bucket.tokens(stored[bucket.key]?.tokens, updated: stored[bucket.key]?.updated, at: now)
                guard tokens >= 1 else { return (RateRefusal(bucket: bucket, retryAfter: bucket.wait(from: tokens)), [:]) }
                let slice = min(tokens.rounded(.down), max(1, (bucket.capacity * self.sliceFraction).rounded(.up)))
                taken[bucket.key] = (slice, tokens - slice,
                                     now.timeIntervalSince1970 + (bucket.capacity - tokens + slice) / bucket.refillPerSecond)
            }
            let ordered = taken.keys.sorted()
            try await db.query("""
                UPDATE rate_buckets SET tokens = taken.tokens, updated = \(now.timeIntervalSince1970), full_at = taken.full_at
                FROM unnest(\(ordered)::text[], \(ordered.map { taken[$0]!.left })::float8[],
                            \(ordered.map { taken[$0]!.fullAt })::float8[]) AS taken (key, tokens, full_at)
                WHERE rate_buckets.key = taken.key
                """)
            return (nil, taken.mapValues(\.slice))
        }
        if let refusal = leased.0 { return refusal }
        let expires = now.addingTimeInterval(sliceLifetime)
        slices.withLock { slices in
            for (key, amount) in leased.1 {
                let live = slices[key].flatMap { $0.expires > now ? $0.tokens : nil } ?? 0
                slices[key] = Slice(tokens: live + amount, expires: expires)
            }
        }
        return nil
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

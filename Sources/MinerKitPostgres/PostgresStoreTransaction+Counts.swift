import Foundation
import MinerKit
import PostgresNIO

/// Counts read from `store_counts`, kept by triggers in one row per shard (see
/// ``PostgresSchema/storeCounts``): a count is a sum over 64 rows, whatever the size of the tables.
extension PostgresStoreTransaction {
    func jobCount(state: JobState?) async throws -> Int {
        let counts = try await jobCounts()
        guard let state else { return counts.values.reduce(0, +) }
        return counts[state] ?? 0
    }

    func jobCounts() async throws -> [JobState: Int] {
        let rows = try await sql.query("""
            SELECT sum(queued)::bigint, sum(leased)::bigint, sum(completed)::bigint, sum(failed)::bigint,
            sum(cancelled)::bigint FROM store_counts
            """).rows
        guard let row = rows.first else { return [:] }
        var c = PostgresColumns(row)
        var counts: [JobState: Int] = [:]
        for state in [JobState.queued, .leased, .completed, .failed, .cancelled] { counts[state] = try c.next(Int?.self) ?? 0 }
        return counts
    }

    func receiptCount() async throws -> Int {
        try await sql.query("SELECT sum(receipts)::bigint FROM store_counts").rows.first?.decode(Int?.self) ?? 0
    }

    func leaseCounts(minerIDs: [String]) async throws -> [String: Int] {
        guard !minerIDs.isEmpty else { return [:] }
        var counts: [String: Int] = [:]
        for row in try await sql.query("""
            SELECT lease_miner, count(*) FROM jobs WHERE state = 'leased' AND lease_miner = ANY(\(minerIDs))
            GROUP BY lease_miner
            """).rows {
            let (miner, count) = try row.decode((String, Int).self)
            counts[miner] = count
        }
        return counts
    }
}

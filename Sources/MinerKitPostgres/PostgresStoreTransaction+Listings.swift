import Foundation
import MinerKit
import PostgresNIO

/// Listings that page: jobs newest first (by offset, or by key from a ``JobCursor`` whose sequence is
/// the job's `queue_seq`), a page of miners' counters, and the times of the newest receipts.
extension PostgresStoreTransaction {
    func jobs(_ query: JobQuery) async throws -> [Job] {
        try await jobRows(query, limit: query.limit).map(\.job)
    }

    func jobPage(_ query: JobQuery) async throws -> JobPage {
        // One row past the page says whether another page follows.
        let rows = try await jobRows(query, limit: query.limit + 1)
        let page = rows.prefix(query.limit)
        let next = rows.count > query.limit ? page.last.map { JobCursor(createdAt: $0.job.createdAt, sequence: $0.sequence) } : nil
        return JobPage(jobs: page.map(\.job), next: next)
    }

    /// Jobs matching `query` with their queue sequences, newest first: an index walk from the cursor on
    /// `jobs_client_state` (client and state), `jobs_client_page` (client) or `jobs_created`.
    private func jobRows(_ query: JobQuery, limit: Int) async throws -> [(job: Job, sequence: Int64)] {
        let before = query.before
        return try await sql.query("""
            SELECT \(unescaped: Self.jobColumns), queue_seq FROM jobs
            WHERE (\(query.state?.rawValue)::text IS NULL OR state = \(query.state?.rawValue))
              AND (\(query.client)::text IS NULL OR client = \(query.client))
              AND (\(query.minerID)::text IS NULL OR lease_miner = \(query.minerID))
              AND (\(before?.sequence)::bigint IS NULL
                   OR (created_at, queue_seq) < (\(before?.createdAt.timeIntervalSince1970), \(before?.sequence)))
            ORDER BY created_at DESC, queue_seq DESC LIMIT \(limit) OFFSET \(query.offset)\(unescaped: forUpdate)
            """).rows.map { row in
            var c = PostgresColumns(row)
            let job = try Self.decodeJob(&c)
            return (job, try c.next(Int64.self))
        }
    }

    func minerStats(ids minerIDs: [String]) async throws -> [String: MinerStats] {
        guard !minerIDs.isEmpty else { return [:] }
        var stats: [String: MinerStats] = [:]
        for row in try await sql.query("""
            SELECT miner_id, completed, failed, expired, busy_seconds, gpu_seconds, earnings FROM miner_stats
            WHERE miner_id = ANY(\(minerIDs))
            """).rows {
            var c = PostgresColumns(row)
            let id = try c.next(String.self)
            stats[id] = MinerStats(minerID: id, completed: try c.next(), failed: try c.next(), expired: try c.next(),
                                   busySeconds: try c.next(), gpuSeconds: try c.next(), earnings: try c.next())
        }
        return stats
    }

    func recentReceiptTimes(limit: Int) async throws -> [Date] {
        try await sql.query("SELECT created_at FROM receipts ORDER BY seq DESC LIMIT \(limit)").rows.map {
            Date(timeIntervalSince1970: try $0.decode(Double.self))
        }
    }
}

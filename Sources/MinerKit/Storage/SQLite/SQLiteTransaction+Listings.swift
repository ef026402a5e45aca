import Foundation

/// Listings that page: jobs newest first (by offset, or by key from a ``JobCursor``), a page of
/// miners' counters, and the times of the newest receipts.
extension SQLiteTransaction {
    func jobs(_ query: JobQuery) throws -> [Job] {
        try jobRows(query, limit: query.limit).map(\.job)
    }

    func jobPage(_ query: JobQuery) throws -> JobPage {
        // One row past the page says whether another page follows.
        let rows = try jobRows(query, limit: query.limit + 1)
        let page = rows.prefix(query.limit)
        let next = rows.count > query.limit ? page.last.map { JobCursor(createdAt: $0.job.createdAt, sequence: $0.rowid) } : nil
        return JobPage(jobs: page.map(\.job), next: next)
    }

    /// Jobs matching `query` with their rowids, newest first (`created_at`, then rowid): an index walk
    /// from the cursor on `jobs_client_state` (client and state), `jobs_client` (client) or `jobs_created`.
    private func jobRows(_ query: JobQuery, limit: Int) throws -> [(job: Job, rowid: Int64)] {
        var filter = SQLiteFilter()
        if let state = query.state { filter.require("state = ?", state.rawValue) }
        if let client = query.client { filter.require("client = ?", client) }
        if let minerID = query.minerID { filter.require("lease_miner = ?", minerID) }
        if let before = query.before { filter.require("(created_at, rowid) < (?, ?)", before.createdAt, before.sequence) }
        return try connection.statement(
            "SELECT \(Self.jobColumns), rowid FROM jobs \(filter.clause) ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?",
            binding: filter.values + [limit, query.offset]
        ).rows { (try Self.decodedJob($0), $0.int64(22)) }
    }

    func minerStats(ids minerIDs: [String]) throws -> [String: MinerStats] {
        guard !minerIDs.isEmpty else { return [:] }
        let rows = try connection.statement("""
            SELECT \(Self.minerStatsColumns) FROM miner_stats WHERE miner_id IN (SELECT value FROM json_each(?))
            """, JSONValue.array(minerIDs.map(JSONValue.string)).jsonString()).rows(Self.decodedMinerStats)
        return Dictionary(rows.map { ($0.minerID, $0) }, uniquingKeysWith: { _, last in last })
    }

    func recentReceiptTimes(limit: Int) throws -> [Date] {
        try connection.statement("SELECT created_at FROM receipts ORDER BY seq DESC LIMIT ?", limit).rows { $0.date(0) }
    }
}

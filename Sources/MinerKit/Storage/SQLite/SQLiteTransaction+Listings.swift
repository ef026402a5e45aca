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
        var clauses: [String] = []
        if query.state != nil { clauses.append("state = ?") }
        if query.client != nil { clauses.append("client = ?") }
        if query.minerID != nil { clauses.append("lease_miner = ?") }
        if query.before != nil { clauses.append("(created_at, rowid) < (?, ?)") }
        let filter = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        let statement = try connection.statement(
            "SELECT \(Self.jobColumns), rowid FROM jobs \(filter) ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?")
        var index: Int32 = 1
        for value in [query.state?.rawValue, query.client, query.minerID] where value != nil {
            statement.bind(index, value)
            index += 1
        }
        if let before = query.before {
            statement.bind(index, before.createdAt)
            statement.bind(index + 1, before.sequence)
            index += 2
        }
        statement.bind(index, limit)
        statement.bind(index + 1, query.offset)
        var out: [(job: Job, rowid: Int64)] = []
        while try statement.step() { out.append((try Self.decodedJob(statement), statement.int64(22))) }
        return out
    }

    func minerStats(ids minerIDs: [String]) throws -> [String: MinerStats] {
        guard !minerIDs.isEmpty else { return [:] }
        let statement = try connection.statement("""
            SELECT miner_id, completed, failed, expired, busy_seconds, gpu_seconds, earnings FROM miner_stats
            WHERE miner_id IN (SELECT value FROM json_each(?))
            """)
        statement.bind(1, JSONValue.array(minerIDs.map(JSONValue.string)).jsonString())
        var stats: [String: MinerStats] = [:]
        while try statement.step() {
            let id = statement.string(0)
            stats[id] = MinerStats(minerID: id, completed: statement.int(1), failed: statement.int(2),
                                   expired: statement.int(3), busySeconds: statement.double(4),
                                   gpuSeconds: statement.double(5), earnings: statement.double(6))
        }
        return stats
    }

    func recentReceiptTimes(limit: Int) throws -> [Date] {
        let statement = try connection.statement("SELECT created_at FROM receipts ORDER BY seq DESC LIMIT ?")
        statement.bind(1, limit)
        var times: [Date] = []
        while try statement.step() { times.append(statement.date(0)) }
        return times
    }
}

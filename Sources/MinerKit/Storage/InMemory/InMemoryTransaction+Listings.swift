import Foundation

/// Listings that page: jobs newest first (by offset, or from a ``JobCursor``), a page of miners'
/// counters, and the times of the newest receipts.
extension InMemoryTransaction {
    func jobs(_ query: JobQuery) throws -> [Job] {
        jobEntries(query, limit: query.limit).map(\.job)
    }

    func jobPage(_ query: JobQuery) throws -> JobPage {
        let rows = jobEntries(query, limit: query.limit + 1)
        let page = rows.prefix(query.limit)
        let next = rows.count > query.limit
            ? page.last.map { JobCursor(createdAt: $0.entry.createdAt, sequence: $0.entry.sequence) } : nil
        return JobPage(jobs: page.map(\.job), next: next)
    }

    /// Jobs matching `query`, newest first, walking back from its cursor (the filters test each job on
    /// the way: this store is for tests and simulations).
    private func jobEntries(_ query: JobQuery, limit: Int) -> [(job: Job, entry: JobListingIndex.Entry)] {
        var out: [(job: Job, entry: JobListingIndex.Entry)] = []
        var skipped = 0
        let entries = db.jobOrder.entries
        for entry in entries[..<db.jobOrder.end(before: query.before)].reversed() {
            guard let job = db.job(entry.id) else { continue }
            if let state = query.state, job.state != state { continue }
            if let client = query.client, job.client != client { continue }
            if let miner = query.minerID, job.minerID != miner { continue }
            if skipped < query.offset { skipped += 1; continue }
            out.append((job, entry))
            if out.count >= limit { break }
        }
        return out
    }

    func leaseCounts(minerIDs: [String]) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for id in minerIDs { if let held = db.leasedByMiner[id], !held.isEmpty { counts[id] = held.count } }
        return counts
    }

    func minerStats(ids minerIDs: [String]) throws -> [String: MinerStats] {
        var stats: [String: MinerStats] = [:]
        for id in minerIDs { stats[id] = db.minerStats[id] }
        return stats
    }

    func recentReceiptTimes(limit: Int) throws -> [Date] {
        db.receiptOrder.suffix(limit).reversed().compactMap { db.receipt($0)?.createdAt }
    }
}

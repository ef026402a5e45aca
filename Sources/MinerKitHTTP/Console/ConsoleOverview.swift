import Foundation
import MinerKit

/// What the coordinator console's overview shows, read in one snapshot: jobs by state, queue depth,
/// receipts per minute over the last minutes, miners online and the latest blocks. The page renders it,
/// and `/ui/overview.json` serves it for the page's live updates.
public struct ConsoleOverview: Sendable, Encodable {
    /// One sealed block as listed.
    public struct BlockRow: Sendable, Encodable {
        public var height: Int
        public var hash: String
        public var time: String
        public var transactions: Int
    }

    /// Jobs per state, under the API's names (`pending`, `running`, `completed`, `failed`, `cancelled`).
    public var jobs: [String: Int]
    public var totalJobs: Int
    /// Jobs waiting for a miner.
    public var queueDepth: Int
    public var minersOnline: Int
    public var minersTotal: Int
    public var receipts: Int
    public var blockHeight: Int
    /// Receipts issued in each of the last ``throughputMinutes`` minutes, oldest first.
    public var receiptsPerMinute: [Int]
    /// Whether more receipts than the sample holds fell in the window (the counts are then a lower bound).
    public var throughputTruncated: Bool
    public var latestBlocks: [BlockRow]
    public var generatedAt: String

    /// Minutes of throughput shown.
    public static let throughputMinutes = 5
    /// At most this many recent receipts are read to count throughput (the read stays bounded).
    public static let throughputSample = 1000

    enum CodingKeys: String, CodingKey {
        case jobs
        case totalJobs = "total_jobs"
        case queueDepth = "queue_depth"
        case minersOnline = "miners_online"
        case minersTotal = "miners_total"
        case receipts
        case blockHeight = "block_height"
        case receiptsPerMinute = "receipts_per_minute"
        case throughputTruncated = "throughput_truncated"
        case latestBlocks = "latest_blocks"
        case generatedAt = "generated_at"
    }

    /// Reads the overview of `coordinator` now.
    public static func read(_ coordinator: Coordinator) async throws -> ConsoleOverview {
        let now = coordinator.clock.now()
        return try await coordinator.store.read { db in
            var jobs: [String: Int] = [:]
            for (state, count) in try await db.jobCounts() { jobs[state.apiName, default: 0] += count }
            let recent = try await db.recentReceiptTimes(limit: throughputSample)
            let (perMinute, truncated) = Self.perMinute(recent, now: now, sample: throughputSample)
            let blocks = try await db.blocks(below: nil, limit: 5).map {
                BlockRow(height: $0.height, hash: $0.hash, time: ConsoleFormat.time($0.timestamp), transactions: $0.transactions)
            }
            return ConsoleOverview(
                jobs: jobs, totalJobs: jobs.values.reduce(0, +), queueDepth: jobs[JobState.queued.apiName] ?? 0,
                minersOnline: try await db.minerCount(status: .active), minersTotal: try await db.minerCount(status: nil),
                receipts: try await db.receiptCount(), blockHeight: blocks.first?.height ?? 0,
                receiptsPerMinute: perMinute, throughputTruncated: truncated, latestBlocks: blocks,
                generatedAt: ConsoleFormat.time(now))
        }
    }

    /// Counts of `times` (newest first) per minute over the last ``throughputMinutes`` minutes before
    /// `now`, oldest minute first; truncated when the sample was full and its oldest entry is in the window.
    static func perMinute(_ times: [Date], now: Date, sample: Int) -> ([Int], Bool) {
        var counts = [Int](repeating: 0, count: throughputMinutes)
        for time in times {
            let minutesAgo = Int(now.timeIntervalSince(time) / 60)
            guard minutesAgo >= 0 else { counts[throughputMinutes - 1] += 1; continue }
            guard minutesAgo < throughputMinutes else { break }
            counts[throughputMinutes - 1 - minutesAgo] += 1
        }
        let truncated = times.count >= sample
            && (times.last.map { now.timeIntervalSince($0) < Double(throughputMinutes * 60) } ?? false)
        return (counts, truncated)
    }
}

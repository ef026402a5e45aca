import Foundation
import MinerKit

/// The pool console's live numbers (`/ui/status.json`): the window and its time left, the chain block,
/// and the pool's counters. Public facts only, the same a miner sees in `GET /health` and the overview
/// of `GET /api/v1/miners/stats`.
public struct PoolConsoleStatus: Sendable, Encodable {
    public var windowNumber: Int
    public var timeRemainingS: Double
    public var windowSeconds: Double
    public var currentBlock: Int
    public var miners: Int
    public var activeLeases: Int
    public var completedLeases: Int
    public var expiredLeases: Int
    public var pendingCandidates: Int
    public var scoredCandidates: Int
    public var unresolvedCandidates: Int
    public var evaluations: Int
    public var generatedAt: String

    enum CodingKeys: String, CodingKey {
        case windowNumber = "window_number"
        case timeRemainingS = "time_remaining_s"
        case windowSeconds = "window_seconds"
        case currentBlock = "current_block"
        case miners
        case activeLeases = "active_leases"
        case completedLeases = "completed_leases"
        case expiredLeases = "expired_leases"
        case pendingCandidates = "pending_candidates"
        case scoredCandidates = "scored_candidates"
        case unresolvedCandidates = "unresolved_candidates"
        case evaluations
        case generatedAt = "generated_at"
    }

    /// Reads `pool`'s status now.
    public static func read(_ pool: PoolService) async throws -> PoolConsoleStatus {
        let position = pool.health()
        let counts = try await pool.store.read { db in try await db.counts() }
        return PoolConsoleStatus(
            windowNumber: position.windowNumber, timeRemainingS: position.timeRemaining,
            windowSeconds: pool.configuration.windows.windowSeconds, currentBlock: position.currentBlock,
            miners: counts.miners, activeLeases: counts.activeAssignments, completedLeases: counts.completedAssignments,
            expiredLeases: counts.expiredAssignments, pendingCandidates: counts.pendingAlgorithms,
            scoredCandidates: counts.scoredAlgorithms, unresolvedCandidates: counts.unresolvedAlgorithms,
            evaluations: counts.evaluations, generatedAt: ConsoleFormat.time(pool.clock.now()))
    }
}

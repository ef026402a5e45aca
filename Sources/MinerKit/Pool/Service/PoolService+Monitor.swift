import Foundation

extension PoolService {
    /// `GET /api/v1/monitor/summary`: miners, leases, consensus and throughput in the current window.
    public func monitorSummary() async throws -> PoolMonitorSummary {
        let now = clock.now()
        let windows = configuration.windows
        let window = windows.window(at: now)
        let rule = configuration.consensus
        return try await store.read { db in
            let counts = try await db.counts()
            let stats = try await db.windowStats(window: window)
            let top = try await db.minersByReputation(limit: 1).first?.reputation
            let evaluations = stats.reduce(0) { $0 + $1.evaluations }
            let elapsedMinutes = max(windows.windowSeconds - windows.timeRemaining(at: now), 1) / 60
            return PoolMonitorSummary(
                windowNumber: window, timeRemainingS: windows.timeRemaining(at: now),
                miners: .init(total: counts.miners, activeInWindow: stats.filter { $0.activity > 0 }.count,
                              topReputation: top),
                leases: .init(active: counts.activeAssignments, completed: counts.completedAssignments,
                              expired: counts.expiredAssignments),
                consensus: .init(pending: counts.pendingAlgorithms, scored: counts.scoredAlgorithms,
                                 unresolved: counts.unresolvedAlgorithms,
                                 agreementsInWindow: stats.reduce(0) { $0 + $1.agreements },
                                 disagreementsInWindow: stats.reduce(0) { $0 + $1.disagreements },
                                 quorum: rule.quorum, evaluatorsPerCandidate: rule.evaluatorsPerCandidate,
                                 tolerance: rule.tolerance),
                throughput: .init(evaluationsTotal: counts.evaluations, evaluationsInWindow: evaluations,
                                  evolutionsInWindow: stats.reduce(0) { $0 + $1.evolutions },
                                  iterationsInWindow: stats.reduce(0) { $0 + $1.iterations },
                                  evaluationsPerMinute: Double(evaluations) / elapsedMinutes),
                sota: try await sotaViews(db))
        }
    }
}

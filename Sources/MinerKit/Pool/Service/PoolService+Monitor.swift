import Foundation

extension PoolService {
    /// `GET /api/v1/monitor/summary`: miners, leases, consensus and throughput in the current window.
    public func monitorSummary() async throws -> PoolSummary {
        let now = clock.now()
        let windows = configuration.windows
        let window = windows.window(at: now)
        return try await store.read { db in
            let snapshot = try await snapshot(db, at: now)
            let stats = try await db.windowStats(window: window)
            let top = try await db.minersByReputation(limit: 1).first?.reputation
            let evaluations = stats.reduce(0) { $0 + $1.evaluations }
            let elapsedMinutes = max(windows.windowSeconds - windows.timeRemaining(at: now), 1) / 60
            return PoolSummary(
                snapshot: snapshot, activeMiners: stats.filter { $0.activity > 0 }.count, topReputation: top,
                evaluationsInWindow: evaluations, evolutionsInWindow: stats.reduce(0) { $0 + $1.evolutions },
                iterationsInWindow: stats.reduce(0) { $0 + $1.iterations },
                agreementsInWindow: stats.reduce(0) { $0 + $1.agreements },
                disagreementsInWindow: stats.reduce(0) { $0 + $1.disagreements },
                evaluationsPerMinute: Double(evaluations) / elapsedMinutes, consensus: configuration.consensus)
        }
    }
}

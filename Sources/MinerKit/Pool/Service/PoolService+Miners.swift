import Foundation

extension PoolService {
    /// `POST /api/v1/miners/register`: registers the miner, or refreshes its last-seen time.
    public func register(hotkey: String) async throws -> PoolRegistration {
        try checkHotkey(hotkey)
        let now = clock.now()
        let (miner, isNew) = try await write { db in
            try await housekeep(db, at: now)
            return try await touch(db, hotkey, at: now)
        }
        return PoolRegistration(status: isNew ? "registered" : "refreshed", hotkey: miner.hotkey,
                                reputation: miner.reputation, registeredAt: PoolTimeFormat.string(miner.registeredAt),
                                lastSeenAt: PoolTimeFormat.string(miner.lastSeenAt),
                                windowNumber: configuration.windows.window(at: now))
    }

    /// `GET /api/v1/miners/stats`: the miner (registered on first sight), its window and a pool summary.
    public func stats(hotkey: String) async throws -> PoolMinerStats {
        try checkHotkey(hotkey)
        let now = clock.now()
        let window = configuration.windows.window(at: now)
        return try await write { db in
            try await housekeep(db, at: now)
            let miner = try await touch(db, hotkey, at: now).miner
            let stats = try await db.windowStats(miner: hotkey, window: window) ?? PoolWindowStats(miner: hotkey, windowNumber: window)
            return PoolMinerStats(miner: PoolMinerView(miner), currentWindow: PoolWindowActivity(stats),
                                  pool: try await overview(db, at: now))
        }
    }

    /// `GET /api/v1/miners/leaderboard`: miners by reputation, best first (`limit` clamped to 1...200).
    public func leaderboard(limit: Int = 50) async throws -> PoolLeaderboard {
        let limit = min(max(limit, 1), configuration.limits.maxListLimit)
        let miners = try await store.read { db in try await db.minersByReputation(limit: limit) }
        let entries = miners.enumerated().map { index, miner in
            PoolLeaderboard.Entry(rank: index + 1, hotkey: miner.hotkey, reputation: miner.reputation,
                                  evaluations: miner.evaluations, evolutions: miner.evolutions,
                                  agreements: miner.agreements, disagreements: miner.disagreements)
        }
        return PoolLeaderboard(windowNumber: configuration.windows.window(at: clock.now()), miners: entries)
    }

    func overview(_ db: any PoolStoreReader, at now: Date) async throws -> PoolOverview {
        let counts = try await db.counts()
        return PoolOverview(windowNumber: configuration.windows.window(at: now),
                            timeRemainingS: configuration.windows.timeRemaining(at: now), miners: counts.miners,
                            activeAssignments: counts.activeAssignments, sota: try await sotaViews(db))
    }

    func sotaViews(_ db: any PoolStoreReader) async throws -> [PoolSOTAView] {
        var views: [PoolSOTAView] = []
        for taskType in configuration.seeds.taskTypes { views.append(try await sotaView(db, taskType: taskType)) }
        return views
    }

    func sotaView(_ db: any PoolStoreReader, taskType: String) async throws -> PoolSOTAView {
        guard let sota = try await db.sota(taskType: taskType) else {
            return PoolSOTAView(taskType: taskType, algorithmID: nil, score: nil, algorithmDSL: nil, updatedAt: nil)
        }
        return PoolSOTAView(taskType: taskType, algorithmID: sota.algorithmID, score: sota.score,
                            algorithmDSL: try await db.algorithm(id: sota.algorithmID)?.dsl,
                            updatedAt: PoolTimeFormat.string(sota.updatedAt))
    }
}

import Foundation

extension PoolService {
    /// `POST /api/v1/miners/register`: registers the miner, or refreshes its last-seen time.
    public func register(hotkey: String) async throws -> PoolEnrollment {
        try checkHotkey(hotkey)
        let now = clock.now()
        let (miner, isNew) = try await write { db in
            try await housekeep(db, at: now)
            return try await touch(db, hotkey, at: now)
        }
        return PoolEnrollment(miner: miner, isNew: isNew, windowNumber: configuration.windows.window(at: now))
    }

    /// `GET /api/v1/miners/stats`: the miner (registered on first sight), its window and the pool around it.
    public func stats(hotkey: String) async throws -> PoolMinerStanding {
        try checkHotkey(hotkey)
        let now = clock.now()
        let window = configuration.windows.window(at: now)
        return try await write { db in
            try await housekeep(db, at: now)
            let miner = try await touch(db, hotkey, at: now).miner
            let stats = try await db.windowStats(miner: hotkey, window: window) ?? PoolWindowStats(miner: hotkey, windowNumber: window)
            return PoolMinerStanding(miner: miner, window: stats, pool: try await snapshot(db, at: now))
        }
    }

    /// `GET /api/v1/miners/leaderboard`: miners by reputation, best first (`limit` clamped to 1...200).
    public func leaderboard(limit: Int = 50) async throws -> PoolRanking {
        let limit = min(max(limit, 1), configuration.limits.maxListLimit)
        let miners = try await store.read { db in try await db.minersByReputation(limit: limit) }
        return PoolRanking(windowNumber: configuration.windows.window(at: clock.now()), miners: miners)
    }

    /// The pool at `now`: its window, counts and the SOTA of every task type.
    func snapshot(_ db: any PoolStoreReader, at now: Date) async throws -> PoolSnapshot {
        let counts = try await db.counts()
        var sota: [PoolTaskSOTA] = []
        for taskType in configuration.seeds.taskTypes { sota.append(try await self.sota(db, taskType: taskType)) }
        return PoolSnapshot(position: configuration.windows.position(at: now), counts: counts, sota: sota)
    }

    /// The SOTA of `taskType` with its algorithm's DSL.
    func sota(_ db: any PoolStoreReader, taskType: String) async throws -> PoolTaskSOTA {
        guard let best = try await db.sota(taskType: taskType) else {
            return PoolTaskSOTA(taskType: taskType, best: nil, algorithmDSL: nil)
        }
        return PoolTaskSOTA(taskType: taskType, best: best, algorithmDSL: try await db.algorithm(id: best.algorithmID)?.dsl)
    }
}

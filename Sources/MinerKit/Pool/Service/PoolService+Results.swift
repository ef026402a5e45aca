import Foundation

extension PoolService {
    /// `GET /api/v1/results`: scored algorithms, best first; verified ones only unless `query` says otherwise.
    public func results(_ query: PoolResultQuery) async throws -> [PoolResult] {
        let limit = min(max(query.limit, 1), configuration.limits.maxListLimit)
        let taskType = try query.taskType.map { try self.taskType($0) }
        if let minScore = query.minScore, !minScore.isFinite {
            throw MinerKitError(.validation, code: "invalid_min_score", "min_score must be a finite number")
        }
        let algorithms = try await store.read { db in
            try await db.scoredAlgorithms(taskType: taskType, minScore: query.minScore, verified: query.verified, limit: limit)
        }
        return algorithms.compactMap(PoolResult.init)
    }

    /// `GET /api/v1/results/sota`: the best consensus score of `taskType` (the default when `nil`).
    public func sota(taskType requested: String? = nil) async throws -> PoolTaskSOTA {
        let taskType = try taskType(requested)
        return try await store.read { db in try await sota(db, taskType: taskType) }
    }

    /// `POST /api/v1/results/verify/{result_id}`: marks a scored result verified by `hotkey`
    /// (idempotent: the first verification is kept). 404 unknown, 409 not scored.
    public func verify(resultID: String, hotkey: String) async throws -> PoolResult {
        try checkHotkey(hotkey)
        try configuration.limits.checkName(resultID, field: "result_id")
        let now = clock.now()
        return try await write { db in
            try await touch(db, hotkey, at: now)
            guard var algorithm = try await db.algorithm(id: resultID) else {
                throw MinerKitError(.notFound, code: "result_not_found", "Result not found")
            }
            guard algorithm.status == .scored else {
                throw MinerKitError(.conflict, code: "result_not_completed", "Result has no consensus score yet")
            }
            if algorithm.verifiedAt == nil {
                algorithm.verifiedAt = now
                algorithm.verifiedBy = hotkey
                try await db.save(algorithm)
            }
            guard let result = PoolResult(algorithm) else {
                throw MinerKitError(.internal, code: "result_unscored", "a scored result has no score")
            }
            return result
        }
    }
}

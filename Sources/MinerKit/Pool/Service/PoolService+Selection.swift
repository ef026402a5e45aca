extension PoolService {
    /// Pending candidates looked at when choosing what a miner evaluates, per candidate wanted.
    static let candidateScanFactor = 8

    /// Up to `count` pending candidates `miner` may evaluate: not its own, not evaluated by it, and
    /// with an evaluate slot free. Oldest first. A candidate has n slots; once it holds n evaluations
    /// without consensus it takes one more evaluator at a time, up to `maxEvaluations`.
    func evaluationCandidates(_ db: any PoolStoreReader, taskType: String, miner: String,
                              count: Int) async throws -> [PoolAlgorithm] {
        guard count > 0 else { return [] }
        let rule = configuration.consensus
        var chosen: [PoolAlgorithm] = []
        for algorithm in try await db.pendingCandidates(taskType: taskType, limit: count * Self.candidateScanFactor) {
            let slots = max(rule.evaluatorsPerCandidate - algorithm.evaluationCount, 1)
            guard algorithm.submitter != miner, algorithm.inFlight < slots,
                  algorithm.evaluationCount + algorithm.inFlight < rule.maxEvaluations,
                  try await db.evaluation(algorithmID: algorithm.id, miner: miner) == nil else { continue }
            chosen.append(algorithm)
            if chosen.count == count { break }
        }
        return chosen
    }

    /// Up to `count` seeds `miner` has not evaluated yet and the pool has not given up on.
    func seedFill(_ db: any PoolStoreReader, taskType: String, miner: String, count: Int) async throws -> [PoolAlgorithm] {
        guard count > 0 else { return [] }
        var chosen: [PoolAlgorithm] = []
        for seed in try await db.seeds(taskType: taskType) where seed.status != .unresolved {
            guard try await db.evaluation(algorithmID: seed.id, miner: miner) == nil else { continue }
            chosen.append(seed)
            if chosen.count == count { break }
        }
        return chosen
    }

    /// Up to `count` parents to evolve from: the best scored algorithms, then seeds.
    func parents(_ db: any PoolStoreReader, taskType: String, count: Int) async throws -> [PoolAlgorithm] {
        guard count > 0 else { return [] }
        var chosen = try await db.scoredAlgorithms(taskType: taskType, minScore: nil, verified: nil, limit: count)
        for seed in try await db.seeds(taskType: taskType) where chosen.count < count {
            if !chosen.contains(where: { $0.id == seed.id }) { chosen.append(seed) }
        }
        return chosen
    }

    /// Hands out an evaluate slot of each of `algorithms`.
    func takeSlots(_ db: any PoolStoreWriter, _ algorithms: [PoolAlgorithm]) async throws {
        for var algorithm in algorithms {
            algorithm.inFlight += 1
            try await db.save(algorithm)
        }
    }
}

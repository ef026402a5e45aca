import Foundation

extension PoolService {
    /// Stores one evaluation by `miner`, judging it at once when the algorithm already has a score
    /// and resolving consensus when enough have arrived. `false` when it was ignored (the algorithm
    /// is unknown or given up, or the miner already evaluated it).
    func recordEvaluation(_ db: any PoolStoreWriter, algorithmID: String, score: Double, miner: String,
                          at now: Date) async throws -> Bool {
        guard var algorithm = try await db.algorithm(id: algorithmID), algorithm.status != .unresolved,
              try await db.evaluation(algorithmID: algorithmID, miner: miner) == nil else { return false }
        let window = configuration.windows.window(at: now)
        try await db.save(PoolEvaluation(algorithmID: algorithmID, miner: miner, score: score, windowNumber: window,
                                   submittedAt: now))
        try await credit(db, miner, at: now) { $0.evaluations += 1 } totals: { $0.evaluations += 1 }

        if algorithm.status == .scored, let consensus = algorithm.consensusScore {
            try await judge(db, miner, agrees: configuration.consensus.agrees(score, with: consensus), at: now)
            return true
        }
        let rule = configuration.consensus
        let evaluations = try await db.evaluations(algorithmID: algorithmID)
        algorithm.evaluationCount = evaluations.count
        if evaluations.count >= rule.evaluatorsPerCandidate {
            if let cluster = rule.cluster(evaluations.map(\.score)) {
                try await resolve(db, &algorithm, cluster: cluster, evaluations: evaluations, at: now)
                note(.poolConsensus(outcome: "scored"))
            } else if evaluations.count >= rule.maxEvaluations {
                algorithm.status = .unresolved
                algorithm.resolvedAt = now
                note(.poolConsensus(outcome: "unresolved"))
            }
        }
        try await db.save(algorithm)
        return true
    }

    /// Gives `algorithm` its consensus score: evaluators agree or disagree, the submitter earns evolver
    /// points, and the task type's SOTA moves when the score beats it.
    private func resolve(_ db: any PoolStoreWriter, _ algorithm: inout PoolAlgorithm, cluster: ConsensusCluster,
                         evaluations: [PoolEvaluation], at now: Date) async throws {
        algorithm.status = .scored
        algorithm.consensusScore = cluster.score
        algorithm.resolvedAt = now
        for (index, evaluation) in evaluations.enumerated() {
            try await judge(db, evaluation.miner, agrees: cluster.members.contains(index), at: now)
        }
        let sotaBefore = try await db.sota(taskType: algorithm.taskType)
        if let submitter = algorithm.submitter {
            var bestParent: Double?
            for id in algorithm.parentIDs {
                guard let score = try await db.algorithm(id: id)?.consensusScore else { continue }
                bestParent = max(bestParent ?? score, score)
            }
            let points = configuration.reputation.evolverPoints(score: cluster.score, sotaBefore: sotaBefore?.score,
                                                                bestParent: bestParent)
            try await credit(db, submitter, at: now) { $0.improvementPoints += points }
        }
        if cluster.score > sotaBefore?.score ?? -.infinity {
            try await db.save(PoolSOTA(taskType: algorithm.taskType, algorithmID: algorithm.id, score: cluster.score,
                                 updatedAt: now))
        }
    }

    private func judge(_ db: any PoolStoreWriter, _ miner: String, agrees: Bool, at now: Date) async throws {
        if agrees {
            try await credit(db, miner, at: now) { $0.agreements += 1 } totals: { $0.agreements += 1 }
        } else {
            try await credit(db, miner, at: now) { $0.disagreements += 1 } totals: { $0.disagreements += 1 }
        }
    }

    /// Stores an evolved algorithm as a new pending candidate; `nil` when its content hash is already
    /// known for the task type (a duplicate, counted against the miner).
    func recordEvolution(_ db: any PoolStoreWriter, taskType: String, _ evolution: PoolEvolution, miner: String,
                         at now: Date) async throws -> String? {
        let hash = PoolAlgorithm.contentHash(of: evolution.dsl)
        if try await db.algorithm(taskType: taskType, contentHash: hash) != nil {
            try await credit(db, miner, at: now) { $0.duplicates += 1 }
            return nil
        }
        var parents: [String] = []
        for id in evolution.parentIDs where !parents.contains(id) {
            if try await db.algorithm(id: id)?.taskType == taskType { parents.append(id) }
        }
        let algorithm = PoolAlgorithm(id: Self.newID("alg_"), taskType: taskType, dsl: evolution.dsl, parentIDs: parents,
                                      submitter: miner, isSeed: false, createdAt: now,
                                      windowNumber: configuration.windows.window(at: now))
        try await db.save(algorithm)
        try await credit(db, miner, at: now) { $0.evolutions += 1 } totals: { $0.evolutions += 1 }
        return algorithm.id
    }

    /// Checks a submission's scores and evolutions against the pool's limits before any is stored.
    func validate(scores: [PoolScore], evolutions: [PoolEvolution]) throws {
        let limits = configuration.limits
        try limits.checkCount(scores.count, limits.maxEvaluationsPerSubmission, field: "evaluations")
        try limits.checkCount(evolutions.count, limits.maxEvolutionsPerSubmission, field: "evolutions")
        for score in scores {
            try limits.checkName(score.algorithmID, field: "algorithm_id")
            guard score.score.isFinite else {
                throw MinerKitError(.validation, code: "invalid_score", "score must be a finite number")
            }
        }
        for evolution in evolutions {
            try limits.checkDSL(evolution.dsl)
            try limits.checkCount(evolution.parentIDs.count, limits.maxParents, field: "parents")
            for id in evolution.parentIDs { try limits.checkName(id, field: "parent id") }
        }
    }

    /// Records the scores of `assignment`'s algorithms (others are ignored, as are repeats within the
    /// submission) and returns (accepted, ignored).
    func recordEvaluations(_ db: any PoolStoreWriter, _ scores: [PoolScore],
                           for assignment: PoolAssignment, at now: Date) async throws -> (Int, Int) {
        var seen = Set<String>()
        var accepted = 0
        for score in scores {
            guard assignment.evaluateIDs.contains(score.algorithmID), seen.insert(score.algorithmID).inserted,
                  try await recordEvaluation(db, algorithmID: score.algorithmID, score: score.score,
                                       miner: assignment.miner, at: now) else { continue }
            accepted += 1
        }
        return (accepted, scores.count - accepted)
    }
}

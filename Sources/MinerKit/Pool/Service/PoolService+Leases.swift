import Foundation

extension PoolService {
    /// `POST /api/v1/tasks/lease`: candidates to evaluate (filled from seeds when too few await),
    /// parents to evolve from, an evolve budget and gossip. One active assignment per miner.
    public func lease(hotkey: String, _ terms: PoolLeaseTerms = PoolLeaseTerms()) async throws -> PoolLease {
        try checkHotkey(hotkey)
        let taskType = try taskType(terms.taskType)
        let limits = configuration.limits
        let evalCount = try batchSize(terms.evalBatchSize, field: "eval_batch_size",
                                      default: configuration.defaultEvalBatchSize, maximum: limits.maxEvalBatchSize)
        let seedCount = try batchSize(terms.seedBatchSize, field: "seed_batch_size",
                                      default: configuration.defaultSeedBatchSize, maximum: limits.maxSeedBatchSize)
        let requestedGossip = terms.gossipLimit ?? configuration.defaultGossipLimit
        guard (-PoolLimits.maxRequestInteger - 1...PoolLimits.maxRequestInteger).contains(requestedGossip) else {
            throw MinerKitError(.validation, code: "invalid_gossip_limit", "gossip_limit must be a 32-bit integer")
        }
        let gossipLimit = min(max(requestedGossip, 0), limits.maxGossip)
        let now = clock.now()
        let window = configuration.windows.window(at: now)
        return try await write { db in
            try await housekeep(db, at: now)
            try await touch(db, hotkey, at: now)
            if try await liveAssignment(db, miner: hotkey, at: now) != nil {
                throw MinerKitError(.invalidInput, code: "miner_has_active_task", "Miner already has active task")
            }
            if configuration.oneLeasePerWindow, try await db.leaseCount(miner: hotkey, window: window) > 0 {
                throw MinerKitError(.invalidInput, code: "lease_window_used",
                                    "Lease already issued for this window. Wait for next window.")
            }
            var evaluate = try await evaluationCandidates(db, taskType: taskType, miner: hotkey, count: evalCount)
            evaluate += try await seedFill(db, taskType: taskType, miner: hotkey, count: evalCount - evaluate.count)
            try await takeSlots(db, evaluate)
            let parents = try await parents(db, taskType: taskType, count: seedCount)
            let gossip = try await db.scoredAlgorithms(taskType: taskType, minScore: nil, verified: nil, limit: gossipLimit).map(\.id)
            let assignment = PoolAssignment(
                id: Self.newID("lease_"), kind: .lease, miner: hotkey, taskType: taskType, windowNumber: window,
                issuedAt: now, timeoutAt: now.addingTimeInterval(configuration.assignmentSeconds),
                evolveBudget: configuration.evolveBudget, evaluateIDs: evaluate.map(\.id), parentIDs: parents.map(\.id))
            try await db.save(assignment)
            note(.poolAssignmentIssued(kind: assignment.kind.rawValue))
            return PoolLease(assignment: assignment, evaluateAlgorithms: evaluate, seedAlgorithms: parents, gossipIDs: gossip)
        }
    }

    /// `POST /api/v1/tasks/{lease_id}/submit_lease`: records evaluations and evolutions (at most the
    /// lease's budget) and frees the miner. 404 when the lease is not the miner's, expired or done.
    public func submitLease(hotkey: String, leaseID: String, _ report: PoolLeaseReport) async throws
        -> PoolSubmissionOutcome {
        try checkHotkey(hotkey)
        try validate(scores: report.scores, evolutions: report.evolutions)
        let limits = configuration.limits
        let gossipIDs = report.gossipIDs
        try limits.checkCount(gossipIDs.count, limits.maxGossip, field: "gossip_ids")
        guard (0...1_000_000_000).contains(report.iterations) else {
            throw MinerKitError(.validation, code: "invalid_iterations", "iterations must be between 0 and 10^9")
        }
        let now = clock.now()
        return try await write { db in
            try await housekeep(db, at: now)
            try await touch(db, hotkey, at: now)
            var lease = try await requireLive(db, id: leaseID, kind: .lease, miner: hotkey, at: now, notFound:
                MinerKitError(.notFound, code: "lease_not_found", "Active lease assignment not found"))
            guard report.evolutions.count <= lease.evolveBudget else {
                throw MinerKitError(.invalidInput, code: "evolve_budget_exceeded",
                                    "Too many evolutions: this lease allows \(lease.evolveBudget)")
            }
            let (accepted, ignored) = try await recordEvaluations(db, report.scores, for: lease, at: now)
            var created: [String] = []
            for evolution in report.evolutions {
                if let id = try await recordEvolution(db, taskType: lease.taskType, evolution, miner: hotkey, at: now) {
                    created.append(id)
                }
            }
            var gossipKnown = 0
            for id in gossipIDs where try await db.algorithm(id: id) != nil { gossipKnown += 1 }
            try await complete(db, &lease, iterations: report.iterations, at: now)
            note(.poolSubmissionAccepted(kind: lease.kind.rawValue, evaluations: accepted, evolutions: created.count))
            return PoolSubmissionOutcome(
                assignmentID: lease.id, windowNumber: configuration.windows.window(at: now),
                evaluationsAccepted: accepted, evaluationsIgnored: ignored, algorithmIDs: created,
                duplicates: report.evolutions.count - created.count, gossipKnown: gossipKnown)
        }
    }

    /// A requested batch size: the default when absent, refused below 2 or above 32 bits, clamped to `maximum`.
    private func batchSize(_ requested: Int?, field: String, default fallback: Int, maximum: Int) throws -> Int {
        guard let requested else { return fallback }
        guard requested >= 2, requested <= PoolLimits.maxRequestInteger else {
            throw MinerKitError(.validation, code: "invalid_\(field)", "\(field) must be 2 to \(PoolLimits.maxRequestInteger)")
        }
        return min(requested, maximum)
    }
}

import Foundation

extension PoolService {
    /// `POST /api/v1/tasks/request` (older API): an `evaluate` batch of pending candidates or an
    /// `evolve` batch of parents, on the default task type; when `kind` is `nil`, evaluate if there is
    /// evaluation work, else evolve (see ``PoolAssignment/Kind/batch(named:)``). 404 when there is no such work.
    public func requestBatch(hotkey: String, kind wanted: PoolAssignment.Kind? = nil) async throws -> PoolBatch {
        try checkHotkey(hotkey)
        guard wanted != .lease else { throw PoolAssignment.Kind.invalidBatchKind }
        let taskType = configuration.defaultTaskType
        let now = clock.now()
        return try await write { db in
            try await housekeep(db, at: now)
            try await touch(db, hotkey, at: now)
            if try await liveAssignment(db, miner: hotkey, at: now) != nil {
                throw MinerKitError(.invalidInput, code: "miner_has_active_task", "Miner already has active task")
            }
            var kind = wanted ?? .evaluateBatch
            var algorithms: [PoolAlgorithm] = []
            if kind == .evaluateBatch {
                algorithms = try await evaluationCandidates(db, taskType: taskType, miner: hotkey,
                                                      count: configuration.batchEvaluateSize)
                if algorithms.isEmpty, wanted == nil { kind = .evolveBatch }
            }
            if kind == .evolveBatch {
                algorithms = try await parents(db, taskType: taskType, count: configuration.batchEvolveParents)
            }
            guard !algorithms.isEmpty else {
                throw MinerKitError(.notFound, code: "no_tasks_available", "No \(kind.rawValue) tasks available")
            }
            if kind == .evaluateBatch { try await takeSlots(db, algorithms) }
            let batch = PoolAssignment(
                id: Self.newID("batch_"), kind: kind, miner: hotkey, taskType: taskType,
                windowNumber: configuration.windows.window(at: now),
                issuedAt: now, timeoutAt: now.addingTimeInterval(configuration.assignmentSeconds),
                evolveBudget: kind == .evolveBatch ? 1 : 0,
                evaluateIDs: kind == .evaluateBatch ? algorithms.map(\.id) : [],
                parentIDs: kind == .evolveBatch ? algorithms.map(\.id) : [])
            try await db.save(batch)
            note(.poolAssignmentIssued(kind: batch.kind.rawValue))
            return PoolBatch(assignment: batch, algorithms: algorithms)
        }
    }

    /// `POST /api/v1/tasks/{batch_id}/submit_evolution`: one evolved algorithm for an evolve batch.
    public func submitEvolution(hotkey: String, batchID: String, _ evolution: PoolEvolution) async throws
        -> PoolSubmissionOutcome {
        try checkHotkey(hotkey)
        try validate(scores: [], evolutions: [evolution])
        let now = clock.now()
        return try await write { db in
            try await housekeep(db, at: now)
            try await touch(db, hotkey, at: now)
            var batch = try await requireLive(db, id: batchID, kind: .evolveBatch, miner: hotkey, at: now,
                                        notFound: Self.batchNotFound)
            let created = try await recordEvolution(db, taskType: batch.taskType, evolution, miner: hotkey, at: now)
            try await complete(db, &batch, iterations: 0, at: now)
            note(.poolSubmissionAccepted(kind: batch.kind.rawValue, evaluations: 0, evolutions: created == nil ? 0 : 1))
            return PoolSubmissionOutcome(
                assignmentID: batch.id, windowNumber: configuration.windows.window(at: now),
                evaluationsAccepted: 0, evaluationsIgnored: 0, algorithmIDs: created.map { [$0] } ?? [],
                duplicates: created == nil ? 1 : 0, gossipKnown: 0)
        }
    }

    /// `POST /api/v1/tasks/{batch_id}/submit_evaluation`: scores for an evaluate batch.
    public func submitEvaluation(hotkey: String, batchID: String, scores: [PoolScore]) async throws
        -> PoolSubmissionOutcome {
        try checkHotkey(hotkey)
        try validate(scores: scores, evolutions: [])
        let now = clock.now()
        return try await write { db in
            try await housekeep(db, at: now)
            try await touch(db, hotkey, at: now)
            var batch = try await requireLive(db, id: batchID, kind: .evaluateBatch, miner: hotkey, at: now,
                                        notFound: Self.batchNotFound)
            let (accepted, ignored) = try await recordEvaluations(db, scores, for: batch, at: now)
            try await complete(db, &batch, iterations: 0, at: now)
            note(.poolSubmissionAccepted(kind: batch.kind.rawValue, evaluations: accepted, evolutions: 0))
            return PoolSubmissionOutcome(
                assignmentID: batch.id, windowNumber: configuration.windows.window(at: now),
                evaluationsAccepted: accepted, evaluationsIgnored: ignored, algorithmIDs: [], duplicates: 0,
                gossipKnown: 0)
        }
    }

    /// `GET /api/v1/tasks/pending_evaluations`: how many candidates of `taskType` (the default when `nil`)
    /// await an evaluation this miner could give, counted up to the pool's evaluate batch size.
    public func pendingEvaluations(hotkey: String, taskType requested: String? = nil) async throws -> Int {
        try checkHotkey(hotkey)
        let taskType = try taskType(requested)
        return try await store.read { db in
            try await evaluationCandidates(db, taskType: taskType, miner: hotkey, count: configuration.batchEvaluateSize).count
        }
    }

    static let batchNotFound = MinerKitError(.notFound, code: "batch_not_found", "Active batch assignment not found")
}

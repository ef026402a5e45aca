import Foundation
import MinerKit

extension PoolStoreConformance {
    static let recordChecks: [Check] = [
        check("every record reads back exactly, every field included") { store, expect in
            var verified = scored("alg_1", 0.8125, resolved: 30)
            verified.dsl = "model \"conv\" / ✓\n\tlr=0.001"
            verified.contentHash = PoolAlgorithm.contentHash(of: verified.dsl)
            verified.parentIDs = ["seed-0", "alg_\"quoted\"", "alg/slash"]
            verified.inFlight = 2
            verified.verifiedBy = "5Fverifier"
            verified.verifiedAt = at(45.5)
            let seed = algorithm("seed-0", isSeed: true)
            let minerRecord = miner("5Fminer", reputation: -0.375, registered: 0.25)
            let evaluationRecord = evaluation("alg_1", by: "5Fminer", 0.8125, at: 12.75)
            var batch = assignment("batch_1", kind: .evaluateBatch, status: .expired)
            batch.evaluateIDs = []
            let lease = assignment("lease_1")
            let sota = PoolSOTA(taskType: taskType, algorithmID: "alg_1", score: 0.8125, updatedAt: at(30))
            let activity = stats("5Fminer", window: window, settled: true)
            try await store.write { [verified, batch] db in
                try await db.save(verified)
                try await db.save(seed)
                try await db.save(minerRecord)
                try await db.save(evaluationRecord)
                try await db.save(batch)
                try await db.save(lease)
                try await db.save(sota)
                try await db.save(activity)
            }
            try await store.read { [verified, batch] db in
                try expect.equal(try await db.algorithm(id: "alg_1"), verified, "scored, verified algorithm")
                try expect.equal(try await db.algorithm(id: "seed-0"), seed, "seed without optional fields")
                try expect.equal(try await db.miner(hotkey: "5Fminer"), minerRecord, "miner")
                try expect.equal(try await db.evaluation(algorithmID: "alg_1", miner: "5Fminer"), evaluationRecord, "evaluation")
                try expect.equal(try await db.assignment(id: "batch_1"), batch, "batch with no ids")
                try expect.equal(try await db.assignment(id: "lease_1"), lease, "lease")
                try expect.equal(try await db.sota(taskType: taskType), sota, "SOTA")
                try expect.equal(try await db.windowStats(miner: "5Fminer", window: window), activity, "window stats")
            }
        },
        check("a missing record is nil, not an error") { store, expect in
            try await store.write { db in try await db.save(miner("a")) }
            try await store.read { db in
                try expect.that(try await db.miner(hotkey: "b") == nil, "miner")
                try expect.that(try await db.algorithm(id: "alg_x") == nil, "algorithm")
                try expect.that(try await db.algorithm(taskType: taskType, contentHash: "sha256:00") == nil, "by hash")
                try expect.that(try await db.evaluation(algorithmID: "alg_x", miner: "a") == nil, "evaluation")
                try expect.that(try await db.evaluations(algorithmID: "alg_x").isEmpty, "evaluations")
                try expect.that(try await db.assignment(id: "lease_x") == nil, "assignment")
                try expect.that(try await db.activeAssignment(miner: "a") == nil, "active assignment")
                try expect.that(try await db.sota(taskType: taskType) == nil, "SOTA")
                try expect.that(try await db.allSOTA().isEmpty, "all SOTA")
                try expect.that(try await db.windowStats(miner: "a", window: window) == nil, "window stats")
                try expect.equal(try await db.leaseCount(miner: "a", window: window), 0, "lease count")
            }
        },
        check("saving a record with a known key replaces it") { store, expect in
            var minerRecord = miner("a", reputation: 0.5)
            var candidate = algorithm("alg_1")
            var lease = assignment("lease_1")
            var activity = stats("a", window: window)
            try await store.write { [minerRecord, candidate, lease, activity] db in
                try await db.save(minerRecord)
                try await db.save(candidate)
                try await db.save(lease)
                try await db.save(activity)
                try await db.save(PoolSOTA(taskType: taskType, algorithmID: "alg_0", score: 0.5, updatedAt: at(1)))
            }
            minerRecord.reputation = 0.75
            minerRecord.lastSeenAt = at(500)
            candidate.status = .unresolved
            candidate.resolvedAt = at(90)
            candidate.evaluationCount = 6
            lease.status = .completed
            activity.settled = true
            activity.reputationDelta = 0.25
            let sota = PoolSOTA(taskType: taskType, algorithmID: "alg_1", score: 0.75, updatedAt: at(2))
            try await store.write { [minerRecord, candidate, lease, activity] db in
                try await db.save(minerRecord)
                try await db.save(candidate)
                try await db.save(lease)
                try await db.save(activity)
                try await db.save(sota)
            }
            try await store.read { [minerRecord, candidate, lease, activity] db in
                try expect.equal(try await db.miner(hotkey: "a"), minerRecord, "miner")
                try expect.equal(try await db.algorithm(id: "alg_1"), candidate, "algorithm")
                try expect.equal(try await db.assignment(id: "lease_1"), lease, "assignment")
                try expect.equal(try await db.windowStats(miner: "a", window: window), activity, "stats")
                try expect.equal(try await db.allSOTA(), [sota], "SOTA")
                let counts = try await db.counts()
                try expect.that(counts.miners == 1 && counts.unresolvedAlgorithms == 1 && counts.pendingAlgorithms == 0
                                    && counts.completedAssignments == 1 && counts.activeAssignments == 0,
                                "replaced, not added: \(counts)")
            }
        },
    ]
}

import Foundation
import MinerKit

extension PoolStoreConformance {
    static let algorithmChecks: [Check] = [
        check("an algorithm is found by content hash: the earliest of its task type, ties by id") { store, expect in
            let dsl = "model repeated"
            let later = algorithm("alg_a", dsl: dsl, created: 5)
            let tiedLater = algorithm("alg_c", dsl: dsl, created: 3)
            let earliest = algorithm("alg_b", dsl: dsl, created: 3)
            let otherTask = algorithm("alg_0", taskType: "mnist", dsl: dsl, created: 1)
            try await store.write { db in
                for algorithm in [later, tiedLater, otherTask, earliest] { try await db.save(algorithm) }
            }
            let hash = PoolAlgorithm.contentHash(of: dsl)
            try await store.read { db in
                try expect.equal(try await db.algorithm(taskType: taskType, contentHash: hash)?.id, "alg_b", "earliest")
                try expect.equal(try await db.algorithm(taskType: "mnist", contentHash: hash)?.id, "alg_0", "per task type")
            }
        },
        check("pending candidates: not seeds, not resolved, of the task type, oldest first, ties by id") { store, expect in
            var scoredOne = scored("alg_scored", 0.5, resolved: 9)
            scoredOne.createdAt = at(0)
            var unresolved = algorithm("alg_unresolved", created: 0)
            unresolved.status = .unresolved
            let records = [algorithm("alg_3", created: 3), algorithm("alg_1b", created: 1), scoredOne, unresolved,
                           algorithm("seed-0", created: 0, isSeed: true), algorithm("alg_1a", created: 1),
                           algorithm("alg_other", taskType: "mnist", created: 0), algorithm("alg_2", created: 2)]
            try await store.write { db in for record in records { try await db.save(record) } }
            try await store.read { db in
                try expect.equal(try await db.pendingCandidates(taskType: taskType, limit: 10).map(\.id),
                                 ["alg_1a", "alg_1b", "alg_2", "alg_3"], "pending candidates")
                try expect.equal(try await db.pendingCandidates(taskType: taskType, limit: 2).map(\.id),
                                 ["alg_1a", "alg_1b"], "limited")
            }
        },
        check("seeds of a task type, whatever their status, in id order") { store, expect in
            var unresolved = algorithm("seed-b", created: 0, isSeed: true)
            unresolved.status = .unresolved
            var scoredSeed = algorithm("seed-C", created: 5, isSeed: true)
            scoredSeed.status = .scored
            scoredSeed.consensusScore = 0.5
            scoredSeed.resolvedAt = at(6)
            // Byte order: "seed-C" sorts before "seed-a" (a store comparing ids by locale would not agree).
            let records = [unresolved, algorithm("seed-a", created: 9, isSeed: true), scoredSeed,
                           algorithm("seed-mnist", taskType: "mnist", isSeed: true), algorithm("alg_1")]
            try await store.write { db in for record in records { try await db.save(record) } }
            try expect.equal(try await store.read { try await $0.seeds(taskType: taskType) }.map(\.id),
                             ["seed-C", "seed-a", "seed-b"], "seeds")
        },
        check("scored algorithms: best first, ties by earliest resolved then id, filtered and limited") { store, expect in
            var unresolved = algorithm("alg_unresolved")
            unresolved.status = .unresolved
            unresolved.resolvedAt = at(1)
            var verifiedW = scored("alg_w", 0.9, resolved: 2)
            verifiedW.verifiedAt = at(3)
            verifiedW.verifiedBy = "m-v"
            var verifiedLow = scored("alg_low", 0.5, resolved: 1)
            verifiedLow.verifiedAt = at(4)
            verifiedLow.verifiedBy = "m-v"
            let records = [scored("alg_x", 0.9, resolved: 5), verifiedLow,
                           verifiedW, scored("alg_mnist", 0.7, resolved: 1, taskType: "mnist"),
                           scored("alg_v", 0.9, resolved: 5), algorithm("alg_pending"), unresolved]
            try await store.write { db in for record in records { try await db.save(record) } }
            try await store.read { db in
                try expect.equal(try await db.scoredAlgorithms(taskType: nil, minScore: nil, verified: nil, limit: 10).map(\.id),
                                 ["alg_w", "alg_v", "alg_x", "alg_mnist", "alg_low"], "all scored")
                try expect.equal(try await db.scoredAlgorithms(taskType: taskType, minScore: nil, verified: nil, limit: 10).map(\.id),
                                 ["alg_w", "alg_v", "alg_x", "alg_low"], "of one task type")
                try expect.equal(try await db.scoredAlgorithms(taskType: nil, minScore: 0.7, verified: nil, limit: 10).map(\.id),
                                 ["alg_w", "alg_v", "alg_x", "alg_mnist"], "at least the minimum score")
                try expect.equal(try await db.scoredAlgorithms(taskType: taskType, minScore: 0.7, verified: nil, limit: 2).map(\.id),
                                 ["alg_w", "alg_v"], "filtered and limited")
                try expect.equal(try await db.scoredAlgorithms(taskType: nil, minScore: nil, verified: true, limit: 10).map(\.id),
                                 ["alg_w", "alg_low"], "verified only")
                try expect.equal(try await db.scoredAlgorithms(taskType: taskType, minScore: nil, verified: false, limit: 10).map(\.id),
                                 ["alg_v", "alg_x"], "unverified only")
            }
        },
        check("evaluations: in the order first saved; saving again replaces in place") { store, expect in
            try await store.write { db in
                try await db.save(evaluation("alg_1", by: "m-z", 0.5, at: 3))
                try await db.save(evaluation("alg_2", by: "m-a", 0.25, at: 1))
                try await db.save(evaluation("alg_1", by: "m-a", 0.75, at: 1))
                try await db.save(evaluation("alg_1", by: "m-m", 0.5, at: 2))
            }
            let replacement = evaluation("alg_1", by: "m-z", 0.875, at: 4)
            try await store.write { db in try await db.save(replacement) }
            try await store.read { db in
                let stored = try await db.evaluations(algorithmID: "alg_1")
                try expect.equal(stored.map(\.miner), ["m-z", "m-a", "m-m"], "order")
                try expect.equal(stored.first, replacement, "replaced evaluation")
                try expect.equal(try await db.evaluation(algorithmID: "alg_2", miner: "m-a")?.score, 0.25, "per algorithm")
                try expect.that(try await db.evaluation(algorithmID: "alg_2", miner: "m-z") == nil, "not evaluated")
                try expect.equal(try await db.counts().evaluations, 4, "evaluation count")
            }
        },
    ]
}

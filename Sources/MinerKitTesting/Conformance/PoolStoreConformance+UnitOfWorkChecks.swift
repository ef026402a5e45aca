import Foundation
import MinerKit

extension PoolStoreConformance {
    static let unitOfWorkChecks: [Check] = [
        check("a unit of work that throws leaves no trace and its error reaches the caller") { store, expect in
            let kept = miner("m-kept", reputation: 0.5)
            try await store.write { db in try await db.save(kept) }
            do {
                try await store.write { db in
                    var changed = kept
                    changed.reputation = 0.9
                    try await db.save(changed)
                    try await db.save(miner("m-ghost"))
                    try await db.save(algorithm("alg_ghost"))
                    try await db.save(evaluation("alg_ghost", by: "m-kept", 0.5))
                    try await db.save(assignment("lease_ghost", miner: "m-kept"))
                    try await db.save(PoolSOTA(taskType: taskType, algorithmID: "alg_ghost", score: 1, updatedAt: at(1)))
                    try await db.save(stats("m-kept", window: window))
                    throw Abort()
                }
                try expect.that(false, "the unit of work did not throw")
            } catch is Abort {}
            try await store.read { db in
                try expect.equal(try await db.miner(hotkey: "m-kept"), kept, "updated miner rolled back")
                try expect.that(try await db.miner(hotkey: "m-ghost") == nil, "miner rolled back")
                try expect.that(try await db.algorithm(id: "alg_ghost") == nil, "algorithm rolled back")
                try expect.that(try await db.evaluations(algorithmID: "alg_ghost").isEmpty, "evaluation rolled back")
                try expect.that(try await db.activeAssignment(miner: "m-kept") == nil, "assignment rolled back")
                try expect.that(try await db.sota(taskType: taskType) == nil, "SOTA rolled back")
                try expect.that(try await db.windowStats(miner: "m-kept", window: window) == nil, "stats rolled back")
                var counts = PoolCounts()
                counts.miners = 1
                try expect.equal(try await db.counts(), counts, "counts")
            }
        },
        check("read your writes inside one unit of work, in every query") { store, expect in
            let seen = try await store.write { db in
                try await db.save(miner("m-1", reputation: 1))
                try await db.save(algorithm("alg_1", dsl: "model fresh"))
                try await db.save(scored("alg_2", 0.5, resolved: 1))
                try await db.save(algorithm("seed-0", isSeed: true))
                try await db.save(evaluation("alg_1", by: "m-1", 0.5))
                try await db.save(assignment("lease_1", miner: "m-1", deadline: 5))
                try await db.save(PoolSOTA(taskType: taskType, algorithmID: "alg_2", score: 0.5, updatedAt: at(1)))
                try await db.save(stats("m-1", window: 7))
                let counts = try await db.counts()
                return [
                    try await db.miner(hotkey: "m-1")?.hotkey,
                    try await db.minersByReputation(limit: 1).first?.hotkey,
                    try await db.algorithm(taskType: taskType, contentHash: PoolAlgorithm.contentHash(of: "model fresh"))?.id,
                    try await db.pendingCandidates(taskType: taskType, limit: 5).first?.id,
                    try await db.seeds(taskType: taskType).first?.id,
                    try await db.scoredAlgorithms(taskType: taskType, minScore: nil, verified: nil, limit: 5).first?.id,
                    try await db.evaluations(algorithmID: "alg_1").first?.miner,
                    try await db.evaluation(algorithmID: "alg_1", miner: "m-1")?.miner,
                    try await db.assignment(id: "lease_1")?.id,
                    try await db.activeAssignment(miner: "m-1")?.id,
                    try await db.overdueAssignments(at: at(5), limit: 5).first?.id,
                    "\(try await db.leaseCount(miner: "m-1", window: window))",
                    try await db.sota(taskType: taskType)?.algorithmID,
                    try await db.allSOTA().first?.algorithmID,
                    try await db.windowStats(miner: "m-1", window: 7)?.miner,
                    try await db.windowStats(window: 7).first?.miner,
                    try await db.unsettledStats(before: 8, limit: 5).first?.miner,
                    "\(counts.miners) \(counts.pendingAlgorithms) \(counts.scoredAlgorithms) \(counts.evaluations) \(counts.activeAssignments)",
                ]
            }
            try expect.equal(seen, ["m-1", "m-1", "alg_1", "alg_1", "seed-0", "alg_2", "m-1", "m-1", "lease_1", "lease_1",
                                    "lease_1", "1", "alg_2", "alg_2", "m-1", "m-1", "m-1", "1 1 1 1 1"],
                             "what later reads in the unit of work saw")
        },
        check("a read is one snapshot: a write committed while it runs is not seen by it") { store, expect in
            try await store.write { db in try await db.save(miner("m-1")) }
            let (opened, openedSignal) = AsyncStream<Void>.makeStream()
            let (committed, committedSignal) = AsyncStream<Void>.makeStream()
            async let seen = store.read { db in
                defer { openedSignal.finish() }
                let before = try await db.counts().miners
                openedSignal.yield()
                for await _ in committed { break }
                return (before, try await db.counts().miners, try await db.miner(hotkey: "m-2") == nil)
            }
            for await _ in opened { break }
            try await store.write { db in try await db.save(miner("m-2")) }
            committedSignal.yield()
            let (before, after, missing) = try await seen
            try expect.that(before == 1 && after == 1 && missing, "the read saw \(before), then \(after) miners")
            try expect.equal(try await store.read { try await $0.counts().miners }, 2, "a later read sees the write")
        },
    ]
}

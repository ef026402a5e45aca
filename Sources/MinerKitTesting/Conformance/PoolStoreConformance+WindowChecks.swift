import Foundation
import MinerKit

extension PoolStoreConformance {
    static let windowChecks: [Check] = [
        check("SOTA is one per task type, listed by task type") { store, expect in
            let mnist = PoolSOTA(taskType: "mnist", algorithmID: "alg_m", score: 0.5, updatedAt: at(1))
            let cifar = PoolSOTA(taskType: "cifar10_binary", algorithmID: "alg_c", score: 0.75, updatedAt: at(2))
            try await store.write { db in
                try await db.save(mnist)
                try await db.save(cifar)
            }
            try await store.read { db in
                try expect.equal(try await db.allSOTA(), [cifar, mnist], "all SOTA")
                try expect.equal(try await db.sota(taskType: "mnist"), mnist, "one task type")
                try expect.that(try await db.sota(taskType: "imagenet") == nil, "a task type without a SOTA")
            }
        },
        check("window stats per miner and window; a window's by hotkey; unsettled ones oldest first") { store, expect in
            try await store.write { db in
                for record in [stats("m-b", window: 5), stats("m-a", window: 5, settled: true), stats("m-c", window: 4),
                               stats("m-a", window: 4), stats("m-a", window: 6), stats("m-z", window: 3, settled: true)] {
                    try await db.save(record)
                }
            }
            try await store.read { db in
                try expect.equal(try await db.windowStats(window: 5).map(\.miner), ["m-a", "m-b"], "window 5 by hotkey")
                try expect.equal(try await db.windowStats(miner: "m-a", window: 5), stats("m-a", window: 5, settled: true),
                                 "one miner's window")
                try expect.that(try await db.windowStats(miner: "m-b", window: 4) == nil, "a window a miner missed")
                let unsettled = try await db.unsettledStats(before: 6, limit: 10).map { "\($0.windowNumber)/\($0.miner)" }
                try expect.equal(unsettled, ["4/m-a", "4/m-c", "5/m-b"], "unsettled before window 6")
                try expect.equal(try await db.unsettledStats(before: 6, limit: 2).map(\.miner), ["m-a", "m-c"], "limited")
                try expect.equal(try await db.unsettledStats(before: 4, limit: 10).map(\.miner), [], "before window 4")
            }
        },
        check("counts: miners, assignments by status, candidates (never seeds) by status, evaluations") { store, expect in
            var unresolved = algorithm("alg_u")
            unresolved.status = .unresolved
            var scoredSeed = algorithm("seed-s", isSeed: true)
            scoredSeed.status = .scored
            scoredSeed.consensusScore = 0.5
            scoredSeed.resolvedAt = at(1)
            let records = [algorithm("alg_p1"), algorithm("alg_p2"), scored("alg_s", 0.5, resolved: 1), unresolved,
                           algorithm("seed-p", isSeed: true), scoredSeed]
            try await store.write { db in
                for hotkey in ["m-1", "m-2", "m-3"] { try await db.save(miner(hotkey)) }
                for record in records { try await db.save(record) }
                try await db.save(assignment("lease_1", miner: "m-1"))
                try await db.save(assignment("lease_2", miner: "m-2", status: .completed))
                try await db.save(assignment("batch_1", miner: "m-2", kind: .evaluateBatch, status: .completed))
                try await db.save(assignment("lease_3", miner: "m-3", status: .expired))
                for hotkey in ["m-1", "m-2"] { try await db.save(evaluation("alg_s", by: hotkey, 0.5)) }
                try await db.save(evaluation("seed-p", by: "m-3", 0.5))
            }
            var expected = PoolCounts()
            expected.miners = 3
            expected.activeAssignments = 1
            expected.completedAssignments = 2
            expected.expiredAssignments = 1
            expected.pendingAlgorithms = 2
            expected.scoredAlgorithms = 1
            expected.unresolvedAlgorithms = 1
            expected.evaluations = 3
            try expect.equal(try await store.read { try await $0.counts() }, expected, "counts")
        },
    ]
}

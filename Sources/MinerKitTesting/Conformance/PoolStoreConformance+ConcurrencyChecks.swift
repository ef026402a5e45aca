import Foundation
import MinerKit

extension PoolStoreConformance {
    static let concurrencyChecks: [Check] = [
        check("many miners taking leases and batches at once: no evaluate slot is handed out twice") { store, expect in
            let pool = try await service(store)
            let candidates = (0..<10).map { String(format: "alg_%02d", $0) }
            try await store.write { db in
                for (index, id) in candidates.enumerated() { try await db.save(algorithm(id, created: Double(index))) }
            }
            // Each miner reports the candidates it was handed; more miners ask than there are slots.
            let grants = try await withThrowingTaskGroup(of: [String]?.self) { group in
                for index in 0..<24 {
                    group.addTask {
                        let hotkey = "m-\(index)"
                        guard index.isMultiple(of: 2) else {
                            return try await ignoring("no_tasks_available") {
                                try await pool.requestBatch(hotkey: hotkey, kind: .evaluateBatch).algorithms.map(\.id)
                            }
                        }
                        return try await pool.lease(hotkey: hotkey, PoolLeaseTerms(evalBatchSize: 4)).evaluateAlgorithms.map(\.id)
                    }
                }
                return try await group.reduce(into: [[String]?]()) { $0.append($1) }
            }
            let handedOut = grants.compactMap { $0 }.joined().filter { $0.hasPrefix("alg_") }
            let slots = pool.configuration.consensus.evaluatorsPerCandidate
            try expect.equal(handedOut.count, candidates.count * slots, "slots handed out")
            try expect.equal(Dictionary(grouping: handedOut) { $0 }.mapValues(\.count),
                             Dictionary(uniqueKeysWithValues: candidates.map { ($0, slots) }), "holders per candidate")
            try await store.read { db in
                for id in candidates {
                    try expect.equal(try await db.algorithm(id: id)?.inFlight, slots, "slots taken of \(id)")
                }
                try expect.equal(try await db.counts().activeAssignments, grants.compactMap { $0 }.count, "assignments")
            }
        },
        check("one miner asking for work many times at once gets one assignment") { store, expect in
            let pool = try await service(store, oneLeasePerWindow: true)
            let granted = try await withThrowingTaskGroup(of: String?.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        try await ignoring("miner_has_active_task", "lease_window_used") {
                            if index.isMultiple(of: 2) { return try await pool.lease(hotkey: "m-1", PoolLeaseTerms()).assignment.id }
                            return try await pool.requestBatch(hotkey: "m-1").assignment.id
                        }
                    }
                }
                return try await group.reduce(into: [String?]()) { $0.append($1) }.compactMap { $0 }
            }
            try expect.equal(granted.count, 1, "assignments granted")
            try await store.read { db in
                try expect.equal(try await db.activeAssignment(miner: "m-1")?.id, granted.first, "the active assignment")
                try expect.equal(try await db.counts().activeAssignments, 1, "active assignments")
                try expect.that(try await db.leaseCount(miner: "m-1", window: currentWindow(pool)) <= 1, "one lease per window")
            }
        },
        check("evaluators submitting at once: each evaluation counts once and consensus is reached once") { store, expect in
            let pool = try await service(store)
            try await store.write { db in try await db.save(algorithm("alg_01")) }
            let scores = [0.75, 0.765625, 0.75]
            let leases = try await withThrowingTaskGroup(of: (String, PoolLease).self) { group in
                for index in scores.indices {
                    group.addTask { ("m-\(index)", try await pool.lease(hotkey: "m-\(index)", PoolLeaseTerms(evalBatchSize: 2))) }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            try expect.that(leases.values.allSatisfy { $0.evaluateAlgorithms.map(\.id).contains("alg_01") },
                            "every evaluator was handed the candidate")
            let accepted = try await withThrowingTaskGroup(of: Int.self) { group in
                for (index, score) in scores.enumerated() {
                    group.addTask {
                        let hotkey = "m-\(index)"
                        let submission = PoolLeaseReport(scores: [PoolScore(algorithmID: "alg_01", score: score)])
                        return try await pool.submitLease(hotkey: hotkey, leaseID: leases[hotkey]!.assignment.id, submission)
                            .evaluationsAccepted
                    }
                }
                return try await group.reduce(0, +)
            }
            try expect.equal(accepted, 3, "evaluations accepted")
            let rule = pool.configuration.reputation
            let current = currentWindow(pool)
            try await store.read { db in
                let candidate = try await db.algorithm(id: "alg_01")
                try expect.that(candidate?.status == .scored && candidate?.consensusScore == 0.75, "scored once: \(String(describing: candidate))")
                try expect.equal(candidate?.evaluationCount, 3, "evaluation count")
                try expect.equal(candidate?.inFlight, 0, "slots returned")
                try expect.equal(Set(try await db.evaluations(algorithmID: "alg_01").map(\.miner)), ["m-0", "m-1", "m-2"], "evaluators")
                for index in scores.indices {
                    let stats = try await db.windowStats(miner: "m-\(index)", window: current)
                    try expect.that(stats?.evaluations == 1 && stats?.agreements == 1 && stats?.assignmentsCompleted == 1,
                                    "m-\(index) credited once: \(String(describing: stats))")
                    let miner = try await db.miner(hotkey: "m-\(index)")
                    try expect.that(miner?.evaluations == 1 && miner?.agreements == 1, "m-\(index) totals: \(String(describing: miner))")
                }
                try expect.equal(try await db.windowStats(miner: "author", window: current)?.improvementPoints,
                                 rule.evolverPoints(score: 0.75, sotaBefore: nil, bestParent: nil), "submitter's points, once")
                try expect.equal(try await db.sota(taskType: taskType)?.algorithmID, "alg_01", "SOTA")
                try expect.equal(try await db.counts().completedAssignments, 3, "completed leases")
            }
        },
    ]

    /// A pool over `store` with two seeds of ``taskType``, on a clock at `at(0)`.
    static func service(_ store: any PoolStore, oneLeasePerWindow: Bool = false) async throws -> PoolService {
        let seeds = PoolSeedCatalog(seeds: [taskType: [.init(id: "seed-0", algorithmDSL: "seed zero"),
                                                       .init(id: "seed-1", algorithmDSL: "seed one")]])
        return try await PoolService.open(store: store,
                                          configuration: PoolConfiguration(seeds: seeds, oneLeasePerWindow: oneLeasePerWindow),
                                          clock: ManualTimeSource(start: at(0)))
    }

    static func currentWindow(_ pool: PoolService) -> Int { pool.configuration.windows.window(at: pool.clock.now()) }

    /// The value of `body`, or `nil` when it throws a ``MinerKitError`` with one of `codes`.
    static func ignoring<T>(_ codes: String..., body: () async throws -> T) async throws -> T? {
        do {
            return try await body()
        } catch let error as MinerKitError where codes.contains(error.code) {
            return nil
        }
    }
}

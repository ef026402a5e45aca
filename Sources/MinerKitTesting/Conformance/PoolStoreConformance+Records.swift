import Foundation
import MinerKit

/// Records for the pool store checks: every field set away from its default, and dates a store keeping
/// seconds as a binary floating-point number holds exactly.
extension PoolStoreConformance {
    static let taskType = "cifar10_binary"
    static let window = 472_222

    /// `seconds` after a fixed instant.
    static func at(_ seconds: Double) -> Date { Date(timeIntervalSince1970: 1_700_000_000 + seconds) }

    static func miner(_ hotkey: String, reputation: Double = 0, registered: Double = 0) -> PoolMiner {
        var miner = PoolMiner(hotkey: hotkey, at: at(registered))
        miner.reputation = reputation
        miner.lastSeenAt = at(registered + 60.25)
        miner.evaluations = 11
        miner.evolutions = 3
        miner.agreements = 7
        miner.disagreements = 2
        miner.assignmentsCompleted = 5
        return miner
    }

    /// A pending candidate (or seed) created `created` seconds in; `dsl` decides the content hash.
    static func algorithm(_ id: String, taskType: String = taskType, dsl: String? = nil, created: Double = 0,
                          isSeed: Bool = false) -> PoolAlgorithm {
        PoolAlgorithm(id: id, taskType: taskType, dsl: dsl ?? "model \(id)", parentIDs: isSeed ? [] : ["seed-0"],
                      submitter: isSeed ? nil : "author", isSeed: isSeed, createdAt: at(created), windowNumber: window)
    }

    /// A candidate that reached consensus on `score`, `resolved` seconds in.
    static func scored(_ id: String, _ score: Double, resolved: Double, taskType: String = taskType) -> PoolAlgorithm {
        var algorithm = algorithm(id, taskType: taskType)
        algorithm.status = .scored
        algorithm.consensusScore = score
        algorithm.evaluationCount = 3
        algorithm.resolvedAt = at(resolved)
        return algorithm
    }

    static func evaluation(_ algorithmID: String, by miner: String, _ score: Double, at seconds: Double = 0)
        -> PoolEvaluation {
        PoolEvaluation(algorithmID: algorithmID, miner: miner, score: score, windowNumber: window, submittedAt: at(seconds))
    }

    static func assignment(_ id: String, miner: String = "m", kind: PoolAssignment.Kind = .lease,
                           window: Int = window, deadline: Double = 600,
                           status: PoolAssignment.Status = .active) -> PoolAssignment {
        var assignment = PoolAssignment(id: id, kind: kind, miner: miner, taskType: taskType, windowNumber: window,
                                        issuedAt: at(deadline - 600), timeoutAt: at(deadline), evolveBudget: 4,
                                        evaluateIDs: ["alg_1", "seed-0"], parentIDs: ["seed-1"])
        assignment.status = status
        return assignment
    }

    static func stats(_ miner: String, window: Int, settled: Bool = false) -> PoolWindowStats {
        var stats = PoolWindowStats(miner: miner, windowNumber: window)
        stats.evaluations = 4
        stats.evolutions = 2
        stats.duplicates = 1
        stats.agreements = 3
        stats.disagreements = 1
        stats.improvementPoints = 1.5
        stats.iterations = 1_000
        stats.assignmentsCompleted = 2
        stats.settled = settled
        stats.reputationDelta = settled ? -0.125 : 0
        return stats
    }
}

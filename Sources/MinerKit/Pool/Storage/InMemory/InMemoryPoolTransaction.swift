import Foundation

/// One transaction over a private copy of ``InMemoryPoolTables``.
final class InMemoryPoolTransaction: PoolStoreWriter {
    var tables: InMemoryPoolTables

    init(_ tables: InMemoryPoolTables) { self.tables = tables }

    func miner(hotkey: String) -> PoolMiner? { tables.miners[hotkey] }

    func minersByReputation(limit: Int) -> [PoolMiner] {
        Array(tables.miners.values.sorted {
            ($0.reputation, $1.registeredAt, $1.hotkey) > ($1.reputation, $0.registeredAt, $0.hotkey)
        }.prefix(limit))
    }

    func algorithm(id: String) -> PoolAlgorithm? { tables.algorithms[id] }

    func algorithm(taskType: String, contentHash: String) -> PoolAlgorithm? {
        tables.algorithms.values.filter { $0.taskType == taskType && $0.contentHash == contentHash }
            .min { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    func pendingCandidates(taskType: String, limit: Int) -> [PoolAlgorithm] {
        Array(tables.algorithms.values
            .filter { $0.taskType == taskType && !$0.isSeed && $0.status == .pending }
            .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
            .prefix(limit))
    }

    func seeds(taskType: String) -> [PoolAlgorithm] {
        tables.algorithms.values.filter { $0.taskType == taskType && $0.isSeed }.sorted { $0.id < $1.id }
    }

    func scoredAlgorithms(taskType: String?, minScore: Double?, verified: Bool?, limit: Int) -> [PoolAlgorithm] {
        Array(tables.algorithms.values
            .filter { algorithm in
                guard algorithm.status == .scored, let score = algorithm.consensusScore else { return false }
                return (taskType.map { algorithm.taskType == $0 } ?? true) && score >= (minScore ?? -.infinity)
                    && (verified.map { (algorithm.verifiedAt != nil) == $0 } ?? true)
            }
            .sorted { a, b in
                let (sa, sb) = (a.consensusScore ?? 0, b.consensusScore ?? 0)
                if sa != sb { return sa > sb }
                return (a.resolvedAt ?? a.createdAt, a.id) < (b.resolvedAt ?? b.createdAt, b.id)
            }
            .prefix(limit))
    }

    func evaluations(algorithmID: String) -> [PoolEvaluation] { tables.evaluations[algorithmID] ?? [] }

    func evaluation(algorithmID: String, miner: String) -> PoolEvaluation? {
        tables.evaluations[algorithmID]?.first { $0.miner == miner }
    }

    func assignment(id: String) -> PoolAssignment? { tables.assignments[id] }

    func activeAssignment(miner: String) -> PoolAssignment? {
        tables.assignments.values.first { $0.miner == miner && $0.status == .active }
    }

    func overdueAssignments(at date: Date, limit: Int) -> [PoolAssignment] {
        Array(tables.assignments.values.filter { $0.status == .active && $0.timeoutAt <= date }
            .sorted { ($0.timeoutAt, $0.id) < ($1.timeoutAt, $1.id) }.prefix(limit))
    }

    func leaseCount(miner: String, window: Int) -> Int {
        tables.assignments.values.filter { $0.miner == miner && $0.windowNumber == window && $0.kind == .lease }.count
    }

    func sota(taskType: String) -> PoolSOTA? { tables.sota[taskType] }

    func allSOTA() -> [PoolSOTA] { tables.sota.values.sorted { $0.taskType < $1.taskType } }

    func windowStats(miner: String, window: Int) -> PoolWindowStats? {
        tables.stats[InMemoryPoolTables.statsKey(miner, window)]
    }

    func windowStats(window: Int) -> [PoolWindowStats] {
        tables.stats.values.filter { $0.windowNumber == window }.sorted { $0.miner < $1.miner }
    }

    func unsettledStats(before window: Int, limit: Int) -> [PoolWindowStats] {
        Array(tables.stats.values.filter { !$0.settled && $0.windowNumber < window }
            .sorted { ($0.windowNumber, $0.miner) < ($1.windowNumber, $1.miner) }.prefix(limit))
    }

    func counts() -> PoolCounts {
        var counts = PoolCounts()
        counts.miners = tables.miners.count
        for assignment in tables.assignments.values {
            switch assignment.status {
            case .active: counts.activeAssignments += 1
            case .completed: counts.completedAssignments += 1
            case .expired: counts.expiredAssignments += 1
            }
        }
        for algorithm in tables.algorithms.values where !algorithm.isSeed {
            switch algorithm.status {
            case .pending: counts.pendingAlgorithms += 1
            case .scored: counts.scoredAlgorithms += 1
            case .unresolved: counts.unresolvedAlgorithms += 1
            }
        }
        counts.evaluations = tables.evaluations.values.reduce(0) { $0 + $1.count }
        return counts
    }

    func save(_ miner: PoolMiner) { tables.miners[miner.hotkey] = miner }

    func save(_ algorithm: PoolAlgorithm) { tables.algorithms[algorithm.id] = algorithm }

    func save(_ evaluation: PoolEvaluation) {
        var list = tables.evaluations[evaluation.algorithmID] ?? []
        if let index = list.firstIndex(where: { $0.miner == evaluation.miner }) {
            list[index] = evaluation
        } else {
            list.append(evaluation)
        }
        tables.evaluations[evaluation.algorithmID] = list
    }

    func save(_ assignment: PoolAssignment) { tables.assignments[assignment.id] = assignment }

    func save(_ sota: PoolSOTA) { tables.sota[sota.taskType] = sota }

    func save(_ stats: PoolWindowStats) {
        tables.stats[InMemoryPoolTables.statsKey(stats.miner, stats.windowNumber)] = stats
    }
}

/// When the evaluators of an algorithm agree, and on what score.
///
/// An algorithm is judged once it has `evaluatorsPerCandidate` (n) evaluations. Its score counts
/// when at least `quorum` (k) of them lie within `tolerance` of each other: the pool takes the
/// tightest group of k scores (smallest spread, the lower one on a tie), widens it with the nearest
/// neighbours while the whole group still spans at most `tolerance`, and agrees on the group's median.
/// Evaluators inside the group agree; those outside disagree. Without such a group the algorithm
/// keeps collecting evaluations up to `maxEvaluations`, then stays unscored (`unresolved`).
public struct ConsensusRule: Sendable, Equatable {
    /// k: agreeing evaluators needed.
    public var quorum: Int
    /// n: evaluations collected before judging (and evaluate slots handed out per candidate).
    public var evaluatorsPerCandidate: Int
    /// Evaluations after which an algorithm without consensus is given up.
    public var maxEvaluations: Int
    /// Largest spread of scores that still counts as agreement.
    public var tolerance: Double

    /// Defaults: k = 2 of n = 3, give up after 6, tolerance 0.02.
    public init(quorum: Int = 2, evaluatorsPerCandidate: Int = 3, maxEvaluations: Int = 6, tolerance: Double = 0.02) {
        self.quorum = quorum
        self.evaluatorsPerCandidate = evaluatorsPerCandidate
        self.maxEvaluations = maxEvaluations
        self.tolerance = tolerance
    }

    /// Throws `.invalidInput` unless 1 <= k <= n <= maxEvaluations <= 1000 and tolerance is finite and >= 0.
    public func validate() throws {
        guard quorum >= 1, quorum <= evaluatorsPerCandidate, evaluatorsPerCandidate <= maxEvaluations,
              maxEvaluations <= 1000, tolerance.isFinite, tolerance >= 0 else {
            throw MinerKitError(.invalidInput, code: "invalid_consensus_rule",
                                "consensus needs 1 <= k <= n <= max_evaluations <= 1000 and a finite tolerance >= 0")
        }
    }

    /// The agreeing cluster among `scores`, or `nil` when fewer than k scores agree.
    public func cluster(_ scores: [Double]) -> ConsensusCluster? {
        guard quorum >= 1, scores.count >= quorum else { return nil }
        let order = scores.indices.sorted { (scores[$0], $0) < (scores[$1], $1) }
        let sorted = order.map { scores[$0] }
        var best: (start: Int, spread: Double)?
        for start in 0...(sorted.count - quorum) {
            let spread = sorted[start + quorum - 1] - sorted[start]
            if spread <= tolerance, spread < (best?.spread ?? .infinity) { best = (start, spread) }
        }
        guard let best else { return nil }
        var low = best.start
        var high = best.start + quorum - 1
        let center = sorted[low...high].reduce(0, +) / Double(quorum)
        while true {
            let canLower = low > 0 && sorted[high] - sorted[low - 1] <= tolerance
            let canRaise = high < sorted.count - 1 && sorted[high + 1] - sorted[low] <= tolerance
            if canLower, canRaise {
                if center - sorted[low - 1] <= sorted[high + 1] - center { low -= 1 } else { high += 1 }
            } else if canLower {
                low -= 1
            } else if canRaise {
                high += 1
            } else {
                break
            }
        }
        let members = Set(order[low...high])
        let middle = (low + high) / 2
        let median = (high - low) % 2 == 0 ? sorted[middle] : (sorted[middle] + sorted[middle + 1]) / 2
        return ConsensusCluster(score: median, members: members)
    }

    /// Whether `score` agrees with an already agreed `consensus`.
    public func agrees(_ score: Double, with consensus: Double) -> Bool { abs(score - consensus) <= tolerance }
}

/// The outcome of ``ConsensusRule/cluster(_:)``.
public struct ConsensusCluster: Sendable, Equatable {
    /// The agreed score: the cluster's median.
    public var score: Double
    /// Indices (into the scores given) of the evaluations inside the cluster.
    public var members: Set<Int>
}

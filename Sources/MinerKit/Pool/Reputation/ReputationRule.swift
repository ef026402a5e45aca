/// How a miner's reputation moves when a window closes.
///
/// - Evaluator points: `(agreements - disagreements) * evaluatorWeight`.
/// - Evolver points, earned when a miner's candidate reaches consensus:
///   `sotaWeight * max(0, score - SOTA before it)` (nothing while a task type has no SOTA) plus
///   `parentWeight * max(0, score - best scored parent)`; minus `duplicatePenalty` for every
///   evolution whose content hash the pool had already seen.
/// - A positive total counts only when the miner did at least `minActivity` evaluations plus
///   evolutions in the window; negative totals always count.
/// - Reputation stays within `-bound...bound`.
public struct ReputationRule: Sendable, Equatable {
    /// Points per agreement (and lost per disagreement).
    public var evaluatorWeight: Double
    /// Points per unit of score above the SOTA before.
    public var sotaWeight: Double
    /// Points per unit of score above the best scored parent.
    public var parentWeight: Double
    /// Points lost per duplicate evolution.
    public var duplicatePenalty: Double
    /// Evaluations plus evolutions a window needs before a positive total counts.
    public var minActivity: Int
    /// Reputation stays within `-bound...bound`.
    public var bound: Double

    /// Defaults: evaluator 1, SOTA 100, parent 10, duplicate penalty 2, activity 3, bound 10 000.
    public init(evaluatorWeight: Double = 1, sotaWeight: Double = 100, parentWeight: Double = 10,
                duplicatePenalty: Double = 2, minActivity: Int = 3, bound: Double = 10_000) {
        self.evaluatorWeight = evaluatorWeight
        self.sotaWeight = sotaWeight
        self.parentWeight = parentWeight
        self.duplicatePenalty = duplicatePenalty
        self.minActivity = minActivity
        self.bound = bound
    }

    /// Throws `.invalidInput` when a weight is negative or not finite, or the bound is not positive.
    public func validate() throws {
        let weights = [evaluatorWeight, sotaWeight, parentWeight, duplicatePenalty, bound]
        guard weights.allSatisfy({ $0.isFinite && $0 >= 0 }), bound > 0, minActivity >= 0 else {
            throw MinerKitError(.invalidInput, code: "invalid_reputation_rule",
                                "reputation weights must be finite and >= 0, the bound > 0")
        }
    }

    /// Evolver points for a candidate that reached consensus at `score`.
    public func evolverPoints(score: Double, sotaBefore: Double?, bestParent: Double?) -> Double {
        let overSOTA = sotaBefore.map { max(0, score - $0) } ?? 0
        let overParent = bestParent.map { max(0, score - $0) } ?? 0
        return sotaWeight * overSOTA + parentWeight * overParent
    }

    /// The reputation change for one miner's closed window.
    public func delta(for stats: PoolWindowStats) -> Double {
        let evaluator = Double(stats.agreements - stats.disagreements) * evaluatorWeight
        let evolver = stats.improvementPoints - Double(stats.duplicates) * duplicatePenalty
        let total = evaluator + evolver
        if total > 0, stats.activity < minActivity { return 0 }
        return total
    }

    /// `reputation + delta`, kept within the bound.
    public func apply(_ delta: Double, to reputation: Double) -> Double {
        min(bound, max(-bound, reputation + delta))
    }
}

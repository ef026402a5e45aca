/// What one miner did in one window; settled into reputation once the window has closed.
public struct PoolWindowStats: Sendable, Codable, Equatable {
    /// The miner's hotkey.
    public var miner: String
    /// The window.
    public var windowNumber: Int
    /// Evaluations stored.
    public var evaluations = 0
    /// New candidates submitted.
    public var evolutions = 0
    /// Evolutions whose content hash the pool had already seen.
    public var duplicates = 0
    /// Evaluations inside a consensus cluster (or within tolerance of an agreed score).
    public var agreements = 0
    /// Evaluations outside a consensus cluster or away from an agreed score.
    public var disagreements = 0
    /// Evolver points earned by candidates that reached consensus in this window.
    public var improvementPoints = 0.0
    /// Iterations reported with lease submissions.
    public var iterations = 0
    /// Leases and batches submitted in time.
    public var assignmentsCompleted = 0
    /// Whether the window has been settled into reputation.
    public var settled = false
    /// The reputation change applied at settlement.
    public var reputationDelta = 0.0

    /// Empty stats.
    public init(miner: String, windowNumber: Int) {
        self.miner = miner
        self.windowNumber = windowNumber
    }

    /// Evaluations plus evolutions: the activity that qualifies a miner for positive rewards.
    public var activity: Int { evaluations + evolutions }
}

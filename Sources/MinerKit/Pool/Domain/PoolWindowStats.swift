/// What one miner did in one window; settled into reputation once the window has closed.
public struct PoolWindowStats: Sendable, Codable, Equatable {
    public var miner: String
    public var windowNumber: Int
    public var evaluations = 0
    public var evolutions = 0
    /// Evolutions whose content hash the pool had already seen.
    public var duplicates = 0
    /// Evaluations inside a consensus cluster (or within tolerance of an agreed score).
    public var agreements = 0
    public var disagreements = 0
    /// Evolver points earned by candidates that reached consensus in this window.
    public var improvementPoints = 0.0
    public var iterations = 0
    public var assignmentsCompleted = 0
    public var settled = false
    /// The reputation change applied at settlement.
    public var reputationDelta = 0.0

    public init(miner: String, windowNumber: Int) {
        self.miner = miner
        self.windowNumber = windowNumber
    }

    /// Evaluations plus evolutions: the activity that qualifies a miner for positive rewards.
    public var activity: Int { evaluations + evolutions }
}

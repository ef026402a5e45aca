/// What an operator watches: the pool now, and the current window's miners, agreement and throughput
/// under the consensus rule in force.
public struct PoolSummary: Sendable, Equatable {
    /// The window, the counts and the SOTA.
    public var snapshot: PoolSnapshot
    /// Miners with any activity in the current window.
    public var activeMiners: Int
    /// The best reputation; `nil` while there is no miner.
    public var topReputation: Double?
    /// Evaluations stored in the current window.
    public var evaluationsInWindow: Int
    /// New candidates submitted in the current window.
    public var evolutionsInWindow: Int
    /// Iterations reported in the current window.
    public var iterationsInWindow: Int
    /// Evaluations that agreed with consensus in the current window.
    public var agreementsInWindow: Int
    /// Evaluations that disagreed with consensus in the current window.
    public var disagreementsInWindow: Int
    /// Evaluations per minute over the elapsed part of the current window (at least a second of it).
    public var evaluationsPerMinute: Double
    /// The consensus rule in force.
    public var consensus: ConsensusRule
}

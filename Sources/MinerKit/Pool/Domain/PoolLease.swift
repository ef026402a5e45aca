/// A lease and the work it hands out: candidates to evaluate (filled from seeds when too few await),
/// parents to evolve from (the spec's seed algorithms), and gossip, the best algorithm ids of its task type.
public struct PoolLease: Sendable, Equatable {
    /// The lease: its id, task type, window, deadline and evolve budget.
    public var assignment: PoolAssignment
    /// Algorithms to evaluate.
    public var evaluateAlgorithms: [PoolAlgorithm]
    /// Algorithms to evolve from.
    public var seedAlgorithms: [PoolAlgorithm]
    /// The best scored algorithm ids of the lease's task type, best first.
    public var gossipIDs: [String]
}

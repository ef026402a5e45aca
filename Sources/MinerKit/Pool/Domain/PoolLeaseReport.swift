/// What a miner returns for a lease; every part may be empty.
public struct PoolLeaseReport: Sendable, Equatable {
    /// Scores of the lease's algorithms; others are ignored.
    public var scores: [PoolScore]
    /// Evolved algorithms, at most the lease's evolve budget.
    public var evolutions: [PoolEvolution]
    /// Algorithm ids the miner passes on as the best it knows.
    public var gossipIDs: [String]
    /// Iterations the miner ran, 0 to 10^9.
    public var iterations: Int

    /// A report; everything may be empty.
    public init(scores: [PoolScore] = [], evolutions: [PoolEvolution] = [], gossipIDs: [String] = [], iterations: Int = 0) {
        self.scores = scores
        self.evolutions = evolutions
        self.gossipIDs = gossipIDs
        self.iterations = iterations
    }
}

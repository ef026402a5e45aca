/// Store-wide counts for the monitor summary.
public struct PoolCounts: Sendable, Equatable {
    /// Miners known.
    public var miners = 0
    /// Leases and batches open (live or overdue, not yet expired).
    public var activeAssignments = 0
    /// Leases and batches submitted.
    public var completedAssignments = 0
    /// Leases and batches that ran out.
    public var expiredAssignments = 0
    /// Candidates (not seeds) awaiting consensus.
    public var pendingAlgorithms = 0
    /// Candidates with a consensus score.
    public var scoredAlgorithms = 0
    /// Candidates given up without a score.
    public var unresolvedAlgorithms = 0
    /// Evaluations stored.
    public var evaluations = 0

    /// All zero.
    public init() {}
}

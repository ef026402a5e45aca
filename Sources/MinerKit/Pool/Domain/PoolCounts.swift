/// Store-wide counts for the monitor summary.
public struct PoolCounts: Sendable, Equatable {
    public var miners = 0
    public var activeAssignments = 0
    public var completedAssignments = 0
    public var expiredAssignments = 0
    public var pendingAlgorithms = 0
    public var scoredAlgorithms = 0
    public var unresolvedAlgorithms = 0
    public var evaluations = 0

    public init() {}
}

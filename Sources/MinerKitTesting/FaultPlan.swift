import Foundation

/// Faults a simulated miner suffers, injected by ``FaultInjectingTransport`` and ``LocalCluster``.
public struct FaultPlan: Sendable, Equatable {
    /// Chance that a call reaches the coordinator but its response is lost (the miner sees a network error).
    public var dropResponseProbability: Double
    /// After this many leases the miner dies mid-job: its transport goes dark and it never reports back.
    public var dieAfterLeases: Int?
    /// Each job freezes the miner (its heartbeats are lost) for this many seconds of the cluster's clock:
    /// set it above the heartbeat timeout for a miner slower than its lease.
    public var stallSeconds: TimeInterval?

    public init(dropResponseProbability: Double = 0, dieAfterLeases: Int? = nil, stallSeconds: TimeInterval? = nil) {
        self.dropResponseProbability = dropResponseProbability
        self.dieAfterLeases = dieAfterLeases
        self.stallSeconds = stallSeconds
    }

    /// A healthy miner.
    public static let none = FaultPlan()
}

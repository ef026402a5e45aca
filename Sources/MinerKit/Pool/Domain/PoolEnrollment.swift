/// A miner after registering: registered now, or known already and refreshed.
public struct PoolEnrollment: Sendable, Equatable {
    /// The miner as stored.
    public var miner: PoolMiner
    /// Whether this registration created it (else it refreshed its last-seen time).
    public var isNew: Bool
    /// The window it registered in.
    public var windowNumber: Int
}

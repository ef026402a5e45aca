/// One miner's standing: its record, its activity in the current window, and the pool around it.
public struct PoolMinerStanding: Sendable, Equatable {
    /// The miner.
    public var miner: PoolMiner
    /// Its stats in the current window (empty before its first activity there).
    public var window: PoolWindowStats
    /// The pool now.
    public var pool: PoolSnapshot
}

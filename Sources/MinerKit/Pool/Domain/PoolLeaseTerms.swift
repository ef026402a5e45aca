/// What a miner asks a lease to hold; every part is optional and takes the pool's default when `nil`.
/// ``PoolService/lease(hotkey:_:)`` checks them against the pool's limits.
public struct PoolLeaseTerms: Sendable, Equatable {
    /// The task type to work on; the pool's default when absent. Unknown ones are refused.
    public var taskType: String?
    /// Candidates to evaluate; at least 2 and 32 bits when given, clamped to the pool's maximum.
    public var evalBatchSize: Int?
    /// Parents to evolve from; at least 2 and 32 bits when given, clamped to the pool's maximum.
    public var seedBatchSize: Int?
    /// Gossip ids wanted; a 32-bit integer, clamped to `0...maxGossip`.
    public var gossipLimit: Int?

    /// Terms; `nil` parts take the pool's defaults.
    public init(taskType: String? = nil, evalBatchSize: Int? = nil, seedBatchSize: Int? = nil, gossipLimit: Int? = nil) {
        self.taskType = taskType
        self.evalBatchSize = evalBatchSize
        self.seedBatchSize = seedBatchSize
        self.gossipLimit = gossipLimit
    }
}

import Foundation

/// Everything a pool can be tuned by; every field has a working default.
public struct PoolConfiguration: Sendable, Equatable {
    /// Window length (default one hour).
    public var windows: PoolWindowClock
    /// When evaluators agree.
    public var consensus: ConsensusRule
    /// How reputation moves per window.
    public var reputation: ReputationRule
    /// Bounds on client input.
    public var limits: PoolLimits
    /// Seed algorithms per task type; their keys are the task types served.
    public var seeds: PoolSeedCatalog
    /// How long a lease or batch may be worked before it expires and frees the miner.
    public var assignmentSeconds: TimeInterval
    /// Evolutions a lease asks for.
    public var evolveBudget: Int
    /// Refuse a second lease to the same miner within one window.
    public var oneLeasePerWindow: Bool
    /// `eval_batch_size`, `seed_batch_size` and `gossip_limit` when the request leaves them out.
    public var defaultEvalBatchSize: Int
    /// `seed_batch_size` when absent.
    public var defaultSeedBatchSize: Int
    /// `gossip_limit` when absent.
    public var defaultGossipLimit: Int
    /// Algorithms in an older-API evaluate batch, and parents in an evolve batch.
    public var batchEvaluateSize: Int
    /// Parents in an older-API evolve batch.
    public var batchEvolveParents: Int

    /// Defaults: one-hour windows, 10-minute assignments, evolve budget 4, several leases per window,
    /// batches of 8 / 2 / 5, older-API batches of 4 / 2, built-in seeds.
    public init(windows: PoolWindowClock = PoolWindowClock(), consensus: ConsensusRule = ConsensusRule(),
                reputation: ReputationRule = ReputationRule(), limits: PoolLimits = PoolLimits(),
                seeds: PoolSeedCatalog = .builtIn, assignmentSeconds: TimeInterval = 600, evolveBudget: Int = 4,
                oneLeasePerWindow: Bool = false, defaultEvalBatchSize: Int = 8, defaultSeedBatchSize: Int = 2,
                defaultGossipLimit: Int = 5, batchEvaluateSize: Int = 4, batchEvolveParents: Int = 2) {
        self.windows = windows
        self.consensus = consensus
        self.reputation = reputation
        self.limits = limits
        self.seeds = seeds
        self.assignmentSeconds = assignmentSeconds
        self.evolveBudget = evolveBudget
        self.oneLeasePerWindow = oneLeasePerWindow
        self.defaultEvalBatchSize = defaultEvalBatchSize
        self.defaultSeedBatchSize = defaultSeedBatchSize
        self.defaultGossipLimit = defaultGossipLimit
        self.batchEvaluateSize = batchEvaluateSize
        self.batchEvolveParents = batchEvolveParents
    }

    /// The task type a request means when it names none: the first in sorted order.
    public var defaultTaskType: String { seeds.taskTypes.first ?? "cifar10_binary" }

    /// Throws `.invalidInput` when a part is inconsistent.
    public func validate() throws {
        try consensus.validate()
        try reputation.validate()
        try seeds.validate(limits)
        guard windows.windowSeconds >= 1, windows.blockSeconds > 0, assignmentSeconds >= 1,
              (0...limits.maxEvolutionsPerSubmission).contains(evolveBudget),
              (2...limits.maxEvalBatchSize).contains(defaultEvalBatchSize),
              (2...limits.maxSeedBatchSize).contains(defaultSeedBatchSize),
              (0...limits.maxGossip).contains(defaultGossipLimit),
              (1...limits.maxEvalBatchSize).contains(batchEvaluateSize),
              (1...limits.maxSeedBatchSize).contains(batchEvolveParents) else {
            throw MinerKitError(.invalidInput, code: "invalid_pool_configuration",
                                "window and assignment lengths must be >= 1 s and batch sizes within the pool limits")
        }
    }
}

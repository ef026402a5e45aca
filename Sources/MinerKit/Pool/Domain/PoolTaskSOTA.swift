/// The state of the art of one task type: its best consensus score and that algorithm's DSL, or
/// nothing before the first consensus score.
public struct PoolTaskSOTA: Sendable, Equatable {
    /// The task type.
    public var taskType: String
    /// The best score and its algorithm; `nil` before the first consensus score.
    public var best: PoolSOTA?
    /// The DSL of the best algorithm.
    public var algorithmDSL: String?
}

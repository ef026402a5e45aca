/// A result: an algorithm its evaluators agreed on, with the agreed score.
public struct PoolResult: Sendable, Equatable {
    /// The algorithm; ``PoolAlgorithm/status`` is `scored`.
    public var algorithm: PoolAlgorithm
    /// Its consensus score.
    public var score: Double

    /// The result of `algorithm`; `nil` unless it is scored.
    public init?(_ algorithm: PoolAlgorithm) {
        guard algorithm.status == .scored, let score = algorithm.consensusScore else { return nil }
        self.algorithm = algorithm
        self.score = score
    }
}

/// A score a miner measured for one algorithm, as it submits it (stored as a ``PoolEvaluation``).
public struct PoolScore: Sendable, Equatable {
    /// The algorithm scored.
    public var algorithmID: String
    /// The score; it must be finite.
    public var score: Double

    /// `score` for `algorithmID`.
    public init(algorithmID: String, score: Double) {
        self.algorithmID = algorithmID
        self.score = score
    }
}

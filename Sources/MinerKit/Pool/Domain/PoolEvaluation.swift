import Foundation

/// One miner's score for one algorithm. A miner evaluates an algorithm at most once.
public struct PoolEvaluation: Sendable, Codable, Equatable {
    /// The algorithm scored.
    public var algorithmID: String
    /// The evaluator's hotkey.
    public var miner: String
    /// The score the miner measured.
    public var score: Double
    /// The window it arrived in.
    public var windowNumber: Int
    /// When it arrived.
    public var submittedAt: Date

    /// An evaluation as received.
    public init(algorithmID: String, miner: String, score: Double, windowNumber: Int, submittedAt: Date) {
        self.algorithmID = algorithmID
        self.miner = miner
        self.score = score
        self.windowNumber = windowNumber
        self.submittedAt = submittedAt
    }
}

import Foundation

/// One miner's score for one algorithm. A miner evaluates an algorithm at most once.
public struct PoolEvaluation: Sendable, Codable, Equatable {
    public var algorithmID: String
    public var miner: String
    public var score: Double
    public var windowNumber: Int
    public var submittedAt: Date

    public init(algorithmID: String, miner: String, score: Double, windowNumber: Int, submittedAt: Date) {
        self.algorithmID = algorithmID
        self.miner = miner
        self.score = score
        self.windowNumber = windowNumber
        self.submittedAt = submittedAt
    }
}

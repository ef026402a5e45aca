import Foundation

/// The best consensus score reached so far for a task type, and the algorithm that reached it.
public struct PoolSOTA: Sendable, Codable, Equatable {
    /// The task type.
    public var taskType: String
    /// The algorithm holding the best score.
    public var algorithmID: String
    /// Its consensus score.
    public var score: Double
    /// When the SOTA last moved.
    public var updatedAt: Date

    /// A SOTA record.
    public init(taskType: String, algorithmID: String, score: Double, updatedAt: Date) {
        self.taskType = taskType
        self.algorithmID = algorithmID
        self.score = score
        self.updatedAt = updatedAt
    }
}

import Foundation

/// The best consensus score reached so far for a task type, and the algorithm that reached it.
public struct PoolSOTA: Sendable, Codable, Equatable {
    public var taskType: String
    public var algorithmID: String
    public var score: Double
    public var updatedAt: Date

    public init(taskType: String, algorithmID: String, score: Double, updatedAt: Date) {
        self.taskType = taskType
        self.algorithmID = algorithmID
        self.score = score
        self.updatedAt = updatedAt
    }
}

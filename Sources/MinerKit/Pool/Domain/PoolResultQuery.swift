/// Which results to list (`GET /api/v1/results`).
public struct PoolResultQuery: Sendable, Equatable {
    /// Rows wanted.
    public var limit: Int
    /// Only this task type, when set.
    public var taskType: String?
    /// Only scores at or above this, when set.
    public var minScore: Double?
    /// `true` (the default, as the pool spec lists "verified results"): only results a miner verified
    /// (`POST /api/v1/results/verify/{id}`); `false`: only those not verified yet; `nil`: both.
    public var verified: Bool?

    /// `limit` defaults to 50 and is clamped to the pool's maximum.
    public init(limit: Int = 50, taskType: String? = nil, minScore: Double? = nil, verified: Bool? = true) {
        self.limit = limit
        self.taskType = taskType
        self.minScore = minScore
        self.verified = verified
    }
}

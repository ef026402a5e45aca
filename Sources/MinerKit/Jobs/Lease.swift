import Foundation

/// One miner's right to work one job until `deadline`.
///
/// `token` is a fencing token: every new lease of a job gets a larger one, and a completion, failure or
/// renewal carrying an older token is refused, so a miner whose lease lapsed can never overwrite the
/// result of the miner that holds the job now.
public struct Lease: Sendable, Equatable, Codable {
    public var jobID: String
    public var minerID: String
    public var token: Int64
    public var grantedAt: Date
    public var deadline: Date

    public init(jobID: String, minerID: String, token: Int64, grantedAt: Date, deadline: Date) {
        self.jobID = jobID
        self.minerID = minerID
        self.token = token
        self.grantedAt = grantedAt
        self.deadline = deadline
    }

    /// Whether the lease still holds at `now`.
    public func isLive(at now: Date) -> Bool { now < deadline }
}

import Foundation

/// One miner's right to work one job until `deadline`.
///
/// `token` is a fencing token: every new lease of a job gets a larger one, and a completion, failure or
/// renewal carrying an older token is refused, so a miner whose lease lapsed can never overwrite the
/// result of the miner that holds the job now.
///
/// `acknowledged` says whether the miner has shown it knows about the lease. A lease it asked for by
/// job id is acknowledged from the start; one handed out by a poll is acknowledged when a heartbeat
/// names it or its `inflight` count covers it. Only acknowledged leases are renewed by heartbeats; an
/// unacknowledged one lapses at its first deadline, or, for a miner that does not say which jobs it
/// works on, is held until its bound (see `Coordinator.heartbeat` and `LeaseAcknowledgement`).
public struct Lease: Sendable, Equatable, Codable {
    public var jobID: String
    public var minerID: String
    public var token: Int64
    public var grantedAt: Date
    public var deadline: Date
    public var acknowledged: Bool

    public init(jobID: String, minerID: String, token: Int64, grantedAt: Date, deadline: Date,
                acknowledged: Bool = true) {
        self.jobID = jobID
        self.minerID = minerID
        self.token = token
        self.grantedAt = grantedAt
        self.deadline = deadline
        self.acknowledged = acknowledged
    }

    /// Whether the lease still holds at `now`.
    public func isLive(at now: Date) -> Bool { now < deadline }
}

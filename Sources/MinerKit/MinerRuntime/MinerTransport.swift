import Foundation

/// How a miner runtime talks to its coordinator. Two implementations ship: ``CoordinatorTransport``
/// (in-process, straight into a ``Coordinator``) and `HTTPMinerTransport` (MinerKitHTTP, over the wire).
///
/// Implementations throw ``MinerKitError`` so the runtime can tell a transient failure (retry it) from a
/// refusal (never retry it); network failures are `.unavailable`.
public protocol MinerTransport: Sendable {
    /// Registers (or re-registers) the miner; returns its id. Credentials are kept by the transport.
    func register(_ registration: MinerRegistration) async throws -> String
    /// Tells the coordinator the miner is alive; renews the leases it holds.
    func heartbeat(_ report: HeartbeatReport) async throws -> HeartbeatStatus
    /// Leases the next job, waiting up to `maxWait` seconds for one; `nil` when none came.
    func poll(maxWait: TimeInterval) async throws -> LeasedJob?
    /// Submits the result of a leased job and returns the coordinator's signed receipt.
    func complete(jobID: String, report: JobResultReport) async throws -> Receipt
    /// Reports that a leased job failed; `retryable` gives it back to the queue.
    func fail(jobID: String, reason: String, retryable: Bool, leaseToken: Int64) async throws
}

import Foundation
import Synchronization

/// A ``MinerTransport`` that calls a ``Coordinator`` in the same process: for embedding a miner next to
/// its coordinator, simulations and tests. It keeps the credentials the coordinator issued.
public final class CoordinatorTransport: MinerTransport {
    private let resolve: @Sendable () -> Coordinator
    private let credentials = Mutex(MinerCredentials(minerID: nil, apiKey: nil))

    /// A transport into `coordinator`.
    public convenience init(coordinator: Coordinator) { self.init { coordinator } }

    /// A transport into whatever coordinator `resolve` returns at each call: one that can be replaced
    /// while miners run (a restart in a test cluster).
    public init(resolve: @escaping @Sendable () -> Coordinator) { self.resolve = resolve }

    private var coordinator: Coordinator { resolve() }

    public func register(_ registration: MinerRegistration) async throws -> String {
        let current = credentials.withLock { $0 }
        let enrollment = try await coordinator.registerMiner(registration, credentials: current)
        credentials.withLock { creds in
            creds = MinerCredentials(minerID: enrollment.miner.id, apiKey: enrollment.apiKey?.text ?? creds.apiKey)
        }
        return enrollment.miner.id
    }

    public func heartbeat(_ report: HeartbeatReport) async throws -> HeartbeatStatus {
        try await coordinator.heartbeat(credentials: credentials.withLock { $0 }, report: report)
    }

    public func poll(maxWait: TimeInterval) async throws -> LeasedJob? {
        try await coordinator.poll(credentials: credentials.withLock { $0 }, maxWait: maxWait)
    }

    public func complete(jobID: String, report: JobResultReport) async throws -> Receipt {
        try await coordinator.complete(jobID: jobID, report: report, credentials: credentials.withLock { $0 })
    }

    public func fail(jobID: String, reason: String, retryable: Bool, leaseToken: Int64) async throws {
        try await coordinator.fail(jobID: jobID, reason: reason, retryable: retryable, leaseToken: leaseToken,
                                   credentials: credentials.withLock { $0 })
    }
}

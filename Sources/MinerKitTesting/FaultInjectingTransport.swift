import Foundation
import MinerKit
import Synchronization

/// Wraps a transport and injects the faults of a ``FaultPlan``: lost responses, lost heartbeats, and
/// sudden death after a number of leases.
public final class FaultInjectingTransport: MinerTransport {
    private let base: any MinerTransport
    public let plan: FaultPlan
    private let state: Mutex<State>

    private struct State {
        var random: SplitMix64
        var leases = 0
        var dead = false
        var droppedResponses = 0
        var stalled = 0
    }

    /// - Parameter seed: makes the injected faults repeatable.
    public init(_ base: any MinerTransport, plan: FaultPlan, seed: UInt64) {
        self.base = base
        self.plan = plan
        state = Mutex(State(random: SplitMix64(seed: seed)))
    }

    /// Whether the miner has died.
    public var isDead: Bool { state.withLock { $0.dead } }

    /// Leases the miner was granted (and heard of) so far.
    public var leases: Int { state.withLock { $0.leases } }

    /// Marks the start (`true`) or end (`false`) of a stall: while any job stalls, the miner is frozen
    /// and its heartbeats are lost.
    public func stalling(_ on: Bool) {
        state.withLock { $0.stalled += on ? 1 : -1 }
    }

    /// Responses lost so far.
    public var droppedResponses: Int { state.withLock { $0.droppedResponses } }

    public func register(_ registration: MinerRegistration) async throws -> String {
        try checkAlive()
        return try await base.register(registration)
    }

    public func heartbeat(_ report: HeartbeatReport) async throws -> HeartbeatStatus {
        try checkAlive()
        if state.withLock({ $0.stalled > 0 }) {
            throw MinerKitError(.unavailable, code: "injected_heartbeat_loss", "heartbeat lost (injected)")
        }
        return try await deliver(try await base.heartbeat(report))
    }

    public func poll(maxWait: TimeInterval) async throws -> LeasedJob? {
        try checkAlive()
        // A lost poll response leaves a leased job the miner never heard of: its lease must lapse.
        let leased = try await deliver(try await base.poll(maxWait: maxWait))
        guard leased != nil else { return nil }
        let diesNow = state.withLock { state -> Bool in
            state.leases += 1
            if let limit = plan.dieAfterLeases, state.leases > limit { state.dead = true }
            return state.dead
        }
        if diesNow {
            // The coordinator leased the job; the miner is gone before it hears back. It holds the job
            // silently until the cluster tears it down, and its lease must lapse.
            while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
            throw CancellationError()
        }
        return leased
    }

    public func complete(jobID: String, report: JobResultReport) async throws -> Receipt {
        try checkAlive()
        return try await deliver(try await base.complete(jobID: jobID, report: report))
    }

    public func fail(jobID: String, reason: String, retryable: Bool, leaseToken: Int64) async throws {
        try checkAlive()
        try await deliver(try await base.fail(jobID: jobID, reason: reason, retryable: retryable, leaseToken: leaseToken))
    }

    /// A dead miner's calls never arrive; they fail as a refusal so nothing retries them.
    private func checkAlive() throws {
        if isDead { throw MinerKitError(.forbidden, code: "injected_death", "the miner is dead (injected)") }
    }

    /// Returns `value`, unless the plan says its response is lost on the way back.
    private func deliver<T>(_ value: T) async throws -> T {
        let drop = state.withLock { state -> Bool in
            guard plan.dropResponseProbability > 0, state.random.nextUnit() < plan.dropResponseProbability else { return false }
            state.droppedResponses += 1
            return true
        }
        if drop { throw MinerKitError(.unavailable, code: "injected_response_loss", "response lost (injected)") }
        return value
    }
}

/// A small, fast, seedable random generator (SplitMix64), so fault runs repeat exactly.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func nextUnit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

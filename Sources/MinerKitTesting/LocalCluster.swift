import Foundation
import MinerKit
import Synchronization

/// A coordinator and any number of simulated miners in one process, on a controllable clock, with
/// fault injection: for scenario tests and simulations.
///
/// The coordinator's clock is a ``ManualTimeSource`` that only the cluster moves: ``startClock(step:every:)``
/// advances it steadily (so leases lapse while miners work in real time) and runs maintenance each step.
///
/// ```swift
/// let cluster = try LocalCluster()
/// cluster.startClock()
/// await cluster.startMiners(50, handlers: HandlerRegistry(["echo": echo]))
/// let jobs = try await cluster.submit(2_000, model: "echo")
/// let finished = try await cluster.waitUntilFinal(jobs.map(\.id), timeout: .seconds(30))
/// await cluster.stop()
/// ```
public final class LocalCluster: StoppableService {
    /// Where the coordinator keeps its data.
    public enum Storage: Sendable {
        case inMemory
        /// A SQLite file; ``restartCoordinator()`` reopens it.
        case sqlite(path: String)
    }

    public let clock: ManualTimeSource
    public let keyPair: Ed25519KeyPair
    public let configuration: CoordinatorConfiguration
    private let storage: Storage
    private let current: CoordinatorSlot
    private let state = Mutex(State())
    private let observer: (@Sendable (MinerEventRecord) -> Void)?

    private struct State {
        var miners: [SimulatedMiner] = []
        var events: [MinerEventRecord] = []
        var ticker: Task<Void, Never>?
        var clientKey: APIKey?
    }

    /// - Parameters:
    ///   - configuration: defaults to rate limits off and a 60 s heartbeat timeout.
    ///   - observer: when given, every miner event goes to it as it happens and ``events`` stays empty,
    ///     so a long simulation's memory does not grow with the events.
    public init(storage: Storage = .inMemory,
                configuration: CoordinatorConfiguration = CoordinatorConfiguration(rateLimits: .off),
                clock: ManualTimeSource = ManualTimeSource(start: Date()), keyPair: Ed25519KeyPair = .generate(),
                observer: (@Sendable (MinerEventRecord) -> Void)? = nil) throws {
        self.storage = storage
        self.observer = observer
        self.clock = clock
        self.keyPair = keyPair
        self.configuration = configuration
        current = CoordinatorSlot(Coordinator(store: try Self.open(storage, previous: nil), keyPair: keyPair,
                                              clock: clock, configuration: configuration))
    }

    /// The coordinator serving now.
    public var coordinator: Coordinator { current.coordinator }

    /// Replaces the coordinator with a fresh one on the same data (a SQLite file is reopened), as after
    /// a crash and restart. Miners keep running and reach the new one on their next call.
    public func restartCoordinator() throws {
        let previous = coordinator.store
        let fresh = Coordinator(store: try Self.open(storage, previous: previous), keyPair: keyPair, clock: clock,
                                configuration: configuration)
        current.replace(with: fresh)
    }

    private static func open(_ storage: Storage, previous: (any Store)?) throws -> any Store {
        switch storage {
        case .inMemory: previous ?? InMemoryStore()
        case .sqlite(let path): try SQLiteStore(path: path)
        }
    }

    // MARK: Time

    /// Moves the clock by `seconds` and runs one maintenance pass.
    public func advance(by seconds: TimeInterval) async throws {
        clock.advance(by: seconds)
        try await coordinator.maintain()
    }

    /// Advances the clock by `step` seconds every `every` of real time, with maintenance, until ``stop()``.
    public func startClock(step: TimeInterval = 1, every: Duration = .milliseconds(10)) {
        let ticker = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: every)
                guard let self else { return }
                try? await self.advance(by: step)
            }
        }
        state.withLock { $0.ticker = ticker }
    }

    // MARK: Miners

    /// Starts `count` miners running `handlers`, each with the faults `plan(index)` gives it.
    @discardableResult
    public func startMiners(_ count: Int, handlers: HandlerRegistry,
                            configuration: MinerRuntimeConfiguration = LocalCluster.minerDefaults,
                            plan: @Sendable (Int) -> FaultPlan = { _ in .none }) -> [SimulatedMiner] {
        var started: [SimulatedMiner] = []
        let base = state.withLock { $0.miners.count }
        for offset in 0..<count {
            let index = base + offset
            let faults = plan(index)
            let slot = current
            let transport = FaultInjectingTransport(CoordinatorTransport { slot.coordinator },
                                                    plan: faults, seed: UInt64(index) &+ 1)
            var registry = handlers
            if let stall = faults.stallSeconds {
                for model in handlers.models {
                    if let inner = handlers.handler(for: model) {
                        registry.register(StalledHandler(inner: inner, seconds: stall, clock: clock, transport: transport), for: model)
                    }
                }
            }
            var runtimeConfiguration = configuration
            runtimeConfiguration.name = "sim-\(index)"
            let name = "sim-\(index)"
            let runtime = MinerRuntime(transport: transport, handlers: registry, configuration: runtimeConfiguration) {
                [weak self] event in self?.record(MinerEventRecord(miner: name, event: event))
            }
            let task = Task { _ = try? await runtime.run() }
            started.append(SimulatedMiner(name: name, runtime: runtime, transport: transport, task: task))
        }
        state.withLock { $0.miners += started }
        return started
    }

    /// Runtime settings that suit a cluster whose clock runs 100x faster than real time.
    public static let minerDefaults = MinerRuntimeConfiguration(
        heartbeatInterval: 0.05, pollWait: 0.2, retry: RetryPolicy(initialDelay: 0.005, maxDelay: 0.05, maxAttempts: 10),
        shutdownGrace: 1)

    /// The miners started so far.
    public var miners: [SimulatedMiner] { state.withLock { $0.miners } }

    /// Everything the miners reported, in order (empty when the cluster was made with an observer).
    public var events: [MinerEventRecord] { state.withLock { $0.events } }

    private func record(_ event: MinerEventRecord) {
        if let observer { observer(event) } else { state.withLock { $0.events.append(event) } }
    }

    // MARK: Jobs

    /// Submits `count` jobs for `model` as the cluster's client; inputs are `"<prefix><n>"`.
    public func submit(_ count: Int, model: String, inputPrefix: String = "job-") async throws -> [Job] {
        let credentials = ClientCredentials(apiKey: try await clientKey().text)
        var jobs: [Job] = []
        jobs.reserveCapacity(count)
        for n in 0..<count {
            jobs.append(try await coordinator.submitJob(
                JobSubmission(client: "", model: model, input: "\(inputPrefix)\(n)"), credentials: credentials))
        }
        return jobs
    }

    /// The cluster's client key (created on first use).
    public func clientKey() async throws -> APIKey {
        if let key = state.withLock({ $0.clientKey }) { return key }
        let (_, key) = try await coordinator.createClientKey(name: "local-cluster")
        state.withLock { $0.clientKey = key }
        return key
    }

    /// Waits until every job in `ids` is final (completed, failed or cancelled) and returns them.
    /// Throws ``MinerKitError`` `.unavailable` with the count still open when `timeout` passes first.
    public func waitUntilFinal(_ ids: [String], timeout: Duration) async throws -> [Job] {
        try await awaitFinal(ids, timeout: timeout)
        return try await coordinator.store.read { db in
            var jobs: [Job] = []
            for id in ids { if let job = try await db.job(id: id) { jobs.append(job) } }
            return jobs
        }
    }

    /// ``waitUntilFinal(_:timeout:)`` without reading the jobs back: for long simulations, whose memory
    /// should not hold every job at the end. Each check reads only the jobs still open and keeps their
    /// ids, so waiting costs what is left, not what is done.
    public func awaitFinal(_ ids: [String], timeout: Duration) async throws {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var open = ids
        while true {
            let (still, sample) = try await coordinator.store.read { [open] db in
                var still: [String] = []
                var sample: [Job] = []
                for id in open {
                    let job = try await db.job(id: id)
                    guard job.map({ !$0.state.isFinal }) ?? true else { continue }
                    still.append(id)
                    if let job, sample.count < 5 { sample.append(job) }
                }
                return (still, sample)
            }
            open = still
            if open.isEmpty { return }
            if ContinuousClock.now >= deadline {
                let described = sample.map { job in
                    "\(job.id) \(job.state.rawValue) holder=\(job.minerID ?? "-") token=\(job.lease?.token ?? 0) attempts=\(job.attempts)"
                }
                throw MinerKitError(.unavailable, code: "cluster_timeout",
                                    "\(open.count) of \(ids.count) jobs still open, e.g. \(described.joined(separator: "; "))")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Waits until no job is queued or leased, reading two counts per check: for simulations that
    /// should not even keep every job's id. Throws ``MinerKitError`` `.unavailable` with the counts
    /// still open when `timeout` passes first.
    public func awaitIdle(timeout: Duration) async throws {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            let (queued, leased) = try await coordinator.store.read { db in
                (try await db.jobCount(state: .queued), try await db.jobCount(state: .leased))
            }
            if queued + leased == 0 { return }
            if ContinuousClock.now >= deadline {
                throw MinerKitError(.unavailable, code: "cluster_timeout", "\(queued) jobs still queued and \(leased) leased")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Runs `body` with the cluster, then stops it whether `body` succeeded or threw (``withStarted(_:_:)``).
    public func run<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await withStarted({ self }) { _ in try await body() }
    }

    /// Shuts every miner down (grace period included), then stops the clock.
    public func stop() async {
        let (miners, ticker) = state.withLock { ($0.miners, $0.ticker) }
        for miner in miners {
            miner.runtime.shutdown()
            if miner.transport.isDead { miner.task.cancel() }
        }
        for miner in miners { await miner.task.value }
        ticker?.cancel()
        await ticker?.value
    }
}

/// The coordinator a cluster's miners reach; shared by reference so a restart swaps it for all of them.
final class CoordinatorSlot: Sendable {
    private let value: Mutex<Coordinator>

    init(_ coordinator: Coordinator) { value = Mutex(coordinator) }

    var coordinator: Coordinator { value.withLock { $0 } }

    func replace(with coordinator: Coordinator) { value.withLock { $0 = coordinator } }
}

/// One miner of a ``LocalCluster``.
public struct SimulatedMiner: Sendable {
    public let name: String
    public let runtime: MinerRuntime
    public let transport: FaultInjectingTransport
    let task: Task<Void, Never>
}

/// An event a simulated miner reported, with the miner's name and when it happened.
public struct MinerEventRecord: Sendable, Equatable {
    public let miner: String
    public let event: MinerRuntimeEvent
    public let at: ContinuousClock.Instant

    public init(miner: String, event: MinerRuntimeEvent, at: ContinuousClock.Instant = .now) {
        self.miner = miner
        self.event = event
        self.at = at
    }
}

/// Freezes the miner (no heartbeats) until the cluster's clock has moved `seconds`, then runs the inner
/// handler: a miner slower than its lease.
struct StalledHandler: JobHandler {
    let inner: any JobHandler
    let seconds: TimeInterval
    let clock: ManualTimeSource
    let transport: FaultInjectingTransport

    func run(_ job: Job) async throws -> JobOutput {
        let until = clock.now().addingTimeInterval(seconds)
        transport.stalling(true)
        defer { transport.stalling(false) }
        while clock.now() < until { try await Task.sleep(for: .milliseconds(5)) }
        return try await inner.run(job)
    }
}

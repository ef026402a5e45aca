import Foundation
import Synchronization

/// The miner's main loop: register, heartbeat, lease work, run it with the handler for its model, and
/// submit the result with its hash and metrics.
///
/// - Transient failures (network, 5xx, 429) are retried with exponential backoff and jitter; refusals
///   (409: late, stale or not held) are reported as ``MinerRuntimeEvent/refused(jobID:code:detail:)``
///   and never retried, so a result is never submitted twice.
/// - At most `maxConcurrent` jobs run at once; heartbeats renew their leases.
/// - ``shutdown()`` stops leasing, lets in-flight jobs finish within the grace period, then gives back
///   whatever is still running (a retryable failure), so no job is lost.
///
/// ```swift
/// let runtime = MinerRuntime(transport: transport, handlers: HandlerRegistry(["echo": echo]))
/// try await runtime.run()   // until shutdown()
/// ```
public final class MinerRuntime: Sendable {
    public let transport: any MinerTransport
    public let handlers: HandlerRegistry
    public let configuration: MinerRuntimeConfiguration
    private let onEvent: @Sendable (MinerRuntimeEvent) -> Void
    private let state = Mutex(State())

    private struct State {
        var stopping = false
        var inflight = 0
        /// The jobs being worked now; heartbeats name them so only their leases are renewed.
        var working: Set<String> = []
        var completed = 0
        var work: Task<Void, Never>?
        /// Loops waiting for ``MinerRuntime/shutdown()`` (idle polls, heartbeat pauses).
        var stopWaiters: [UUID: CheckedContinuation<Void, Never>] = [:]
    }

    /// - Parameter onEvent: called for everything the runtime does (logging, tests).
    public init(transport: any MinerTransport, handlers: HandlerRegistry,
                configuration: MinerRuntimeConfiguration = MinerRuntimeConfiguration(),
                onEvent: @escaping @Sendable (MinerRuntimeEvent) -> Void = { _ in }) {
        self.transport = transport
        self.handlers = handlers
        self.configuration = configuration
        self.onEvent = onEvent
    }

    /// Jobs completed (receipt received) so far.
    public var completedCount: Int { state.withLock { $0.completed } }

    /// Registers, then works until ``shutdown()`` has drained. Throws only if registration fails for good.
    /// A shutdown while registration is still being retried ends the run at once.
    public func run() async throws {
        let registration = MinerRegistration(
            minerID: configuration.minerID, name: configuration.name, capabilities: handlers.models,
            maxConcurrent: configuration.maxConcurrent, region: configuration.region)
        guard let minerID = try await untilStopped({ try await self.retrying("register") { try await self.transport.register(registration) } })
        else {
            onEvent(.stopped(completed: 0))
            return
        }
        onEvent(.registered(minerID: minerID))

        let work = Task {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.heartbeatLoop() }
                for _ in 0..<configuration.maxConcurrent {
                    group.addTask { await self.workerLoop() }
                }
            }
        }
        let stopped = state.withLock { state -> Bool in
            state.work = work
            return state.stopping
        }
        if stopped { scheduleRelease(of: work) }
        // Cancelling the task that called run() tears the miner down at once (no grace period).
        await withTaskCancellationHandler { await work.value } onCancel: { work.cancel() }
        onEvent(.stopped(completed: completedCount))
    }

    /// Stops leasing new work; in-flight jobs get `shutdownGrace` seconds, then are released.
    public func shutdown() {
        let (work, waiters) = state.withLock { state -> (Task<Void, Never>?, [CheckedContinuation<Void, Never>]) in
            guard !state.stopping else { return (nil, []) }
            state.stopping = true
            defer { state.stopWaiters.removeAll() }
            return (state.work, Array(state.stopWaiters.values))
        }
        for waiter in waiters { waiter.resume() }
        if let work { scheduleRelease(of: work) }
    }

    private var isStopping: Bool { state.withLock { $0.stopping } }

    private func scheduleRelease(of work: Task<Void, Never>) {
        let grace = configuration.shutdownGrace
        Task {
            try? await Task.sleep(for: .seconds(grace))
            work.cancel()
        }
    }

    // MARK: Loops

    private func heartbeatLoop() async {
        while true {
            let (stopping, inflight, working) = state.withLock { ($0.stopping, $0.inflight, $0.working) }
            if stopping && inflight == 0 { return }
            do {
                _ = try await transport.heartbeat(HeartbeatReport(inflight: inflight, status: stopping ? "draining" : "ok",
                                                                  jobIDs: working.sorted()))
            } catch {
                onEvent(.heartbeatFailed(error: String(describing: error)))
            }
            // Wake early when draining so the loop notices the last job finishing.
            let pause = stopping ? min(configuration.heartbeatInterval, 0.2) : configuration.heartbeatInterval
            _ = try? await untilStopped { try await Task.sleep(for: .seconds(pause)) }
            if Task.isCancelled { return }
        }
    }

    private func workerLoop() async {
        var pollFailures = 0
        while !isStopping && !Task.isCancelled {
            let leased: LeasedJob?
            do {
                // An idle poll ends at shutdown; a job leased meanwhile is still returned and worked.
                leased = try await untilStopped { try await self.transport.poll(maxWait: self.configuration.pollWait) } ?? nil
                pollFailures = 0
            } catch is CancellationError {
                return
            } catch {
                guard RetryPolicy.isTransient(error) else {
                    onEvent(.heartbeatFailed(error: "poll refused: \(error)"))
                    try? await Task.sleep(for: .seconds(configuration.retry.maxDelay))
                    continue
                }
                pollFailures += 1
                let delay = configuration.retry.delay(beforeRetry: pollFailures, retryAfter: (error as? MinerKitError)?.retryAfter)
                onEvent(.retrying(operation: "poll", attempt: pollFailures, delay: delay, error: String(describing: error)))
                try? await Task.sleep(for: .seconds(delay))
                continue
            }
            guard let leased else { continue }
            state.withLock {
                $0.inflight += 1
                $0.working.insert(leased.job.id)
            }
            await work(leased)
            state.withLock {
                $0.inflight -= 1
                $0.working.remove(leased.job.id)
            }
            // An in-process transport may never suspend; yield so other miners' loops get their turn.
            await Task.yield()
        }
    }

    // MARK: Stopping

    /// Runs `body` until it finishes or ``shutdown()`` is called, whichever comes first; in the second case
    /// `body` is cancelled and its result is still returned if it produced one. `nil` when stopped first.
    private func untilStopped<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T? {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                await self.waitForShutdown()
                return nil
            }
            var outcome: Result<T?, any Error> = .success(nil)
            do { outcome = .success(try await group.next() ?? nil) } catch { outcome = .failure(error) }
            group.cancelAll()
            // The other child may still deliver a value (a poll that leased a job as it was cancelled).
            while let next = await group.nextResult() {
                if case .success(let value?) = next, (try? outcome.get()) == nil { outcome = .success(value) }
            }
            return try outcome.get()
        }
    }

    /// Returns once ``shutdown()`` is called (at once if it was), or when the task is cancelled.
    private func waitForShutdown() async {
        let id = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state -> Bool in
                    if state.stopping || Task.isCancelled { return true }
                    state.stopWaiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.stopWaiters.removeValue(forKey: id) }?.resume()
        }
    }

    // MARK: One job

    private func work(_ leased: LeasedJob) async {
        let job = leased.job
        let token = leased.lease.token
        onEvent(.leased(jobID: job.id, token: token))
        guard let handler = handlers.handler(for: job.model) else {
            await giveBack(job.id, token: token, reason: "no handler for model \(job.model)", retryable: false)
            return
        }
        let output: JobOutput
        do {
            output = try await handler.run(job)
            try Task.checkCancellation()
        } catch {
            if Task.isCancelled || error is CancellationError {
                await giveBack(job.id, token: token, reason: "miner shutting down", retryable: true)
            } else {
                let verdict = JobFailure.verdict(on: error)
                await giveBack(job.id, token: token, reason: verdict.reason, retryable: verdict.retryable)
            }
            return
        }
        let report = JobResultReport(result: output.result, resultHash: ResultDigest.of(output.result),
                                     metrics: output.metrics, leaseToken: token)
        do {
            let receipt = try await retrying("complete \(job.id)") {
                try await self.transport.complete(jobID: job.id, report: report)
            }
            state.withLock { $0.completed += 1 }
            onEvent(.completed(jobID: job.id, receiptID: receipt.receiptID))
        } catch let error as MinerKitError where !RetryPolicy.isTransient(error) {
            onEvent(.refused(jobID: job.id, code: error.code, detail: error.detail))
        } catch {
            // Out of retries: the lease will lapse and the coordinator requeues the job.
            onEvent(.failed(jobID: job.id, reason: "result not delivered: \(error)", retryable: true))
        }
    }

    /// Reports a failure (or a release) outside any cancellation, so it reaches the coordinator even
    /// while the runtime is being torn down.
    private func giveBack(_ jobID: String, token: Int64, reason: String, retryable: Bool) async {
        let transport = self.transport
        let retry = configuration.retry
        let delivered = await Task {
            var attempt = 1
            while true {
                do {
                    try await transport.fail(jobID: jobID, reason: reason, retryable: retryable, leaseToken: token)
                    return true
                } catch where RetryPolicy.isTransient(error) && attempt < retry.maxAttempts {
                    try? await Task.sleep(for: .seconds(retry.delay(beforeRetry: attempt)))
                    attempt += 1
                } catch {
                    return false
                }
            }
        }.value
        onEvent(.failed(jobID: jobID, reason: delivered ? reason : "\(reason) (report not delivered)", retryable: retryable))
    }

    /// Runs `body`, retrying transient failures as ``MinerRuntimeConfiguration/retry`` says: at most
    /// `maxAttempts` tries, all within `giveUpAfter` seconds of the first when it is set.
    private func retrying<T: Sendable>(_ operation: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let limit = configuration.retry.giveUpAfter
        let giveUp = limit.map { ContinuousClock.now + .seconds($0) }
        var attempt = 1
        while true {
            do {
                guard let giveUp, let limit else { return try await body() }
                return try await Self.run(body, before: giveUp,
                                          else: MinerKitError(.unavailable, code: "gave_up",
                                                              "\(operation): no success within \(limit) s (\(attempt) tries)"))
            } catch where RetryPolicy.isTransient(error) && attempt < configuration.retry.maxAttempts && !Task.isCancelled {
                let delay = configuration.retry.delay(beforeRetry: attempt, retryAfter: (error as? MinerKitError)?.retryAfter)
                if let giveUp, ContinuousClock.now + .seconds(delay) >= giveUp { throw error }
                onEvent(.retrying(operation: operation, attempt: attempt, delay: delay, error: String(describing: error)))
                try await Task.sleep(for: .seconds(delay))
                attempt += 1
            }
        }
    }

    /// `body`'s result, unless `deadline` comes first: then `body` is cancelled and `timeout` thrown.
    private static func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T, before deadline: ContinuousClock.Instant,
                                         else timeout: MinerKitError) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(until: deadline)
                return nil
            }
            defer { group.cancelAll() }
            guard let value = try await group.next() ?? nil else { throw timeout }
            return value
        }
    }

}

import Foundation
import Synchronization

/// Wakes long-polling miners when work arrives, longest waiter first.
///
/// A miner reads ``generation``, tries to lease, and if nothing was there waits with that generation.
/// Each announced job wakes at most one waiter, the one waiting longest among those serving the job's
/// model, so an idle miner is never passed over in favour of another. A job announced while no waiter
/// for its model was registered is kept as a pending wake-up, and a waiter that arrives late (its
/// generation is stale) takes one and returns at once: no wake-up is lost, and a burst of submissions
/// costs one wake-up per job, never one per waiting miner. This is the in-process ``JobWakeUps``.
public final class JobSignal: JobWakeUps {
    private struct Waiter {
        var id: UInt64
        var models: [String]?
        var continuation: CheckedContinuation<Void, Never>
        var timer: WaitTimer?
    }

    private struct State {
        var generation: UInt64 = 0
        var nextID: UInt64 = 0
        var waiters: [Waiter] = []
        /// Announced jobs that woke nobody, by model (see ``JobSignal/maxPending``).
        var pending: [String: Int] = [:]
        /// ``JobSignal/endWaits()`` was called: no one waits any more.
        var ended = false

        /// Takes one pending wake-up for `models` (any model when `nil`); `false` when there is none.
        mutating func takePending(for models: [String]?) -> Bool {
            let model: String?
            if let models {
                model = models.first { pending[$0] != nil }
            } else {
                model = pending.keys.first
            }
            guard let model, let count = pending[model] else { return false }
            pending[model] = count > 1 ? count - 1 : nil
            return true
        }

        mutating func addPending(_ count: Int, for model: String) {
            guard count > 0, pending[model] != nil || pending.count < JobSignal.maxPendingModels else { return }
            pending[model] = min(JobSignal.maxPending, pending[model, default: 0] + count)
        }
    }

    /// Pending wake-ups kept per model, and models kept. A job past these bounds wakes nobody late: a
    /// waiter then finds it on its next poll, at most its poll timeout later.
    static let maxPending = 1_024
    static let maxPendingModels = 1_024

    private let state = Mutex(State())

    public init() {}

    /// Changes whenever a job is announced.
    public var generation: UInt64 { state.withLock { $0.generation } }

    /// Waits registered right now, not yet woken or timed out: a test that must act "while a miner
    /// waits" waits for this count instead of sleeping.
    public var waiterCount: Int { state.withLock { $0.waiters.count } }

    /// Waits until a job for `models` (any when `nil`) is announced after `generation`, `timeout`
    /// passes, or the task is cancelled.
    public func wait(models: [String]?, since generation: UInt64, timeout: Duration) async {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                register(id, models: models, since: generation, timeout: timeout, continuation)
            }
        } onCancel: {
            resume(id)
        }
    }

    private func register(_ id: UInt64, models: [String]?, since generation: UInt64, timeout: Duration,
                          _ continuation: CheckedContinuation<Void, Never>) {
        let waiting = state.withLock { state in
            if state.ended { return false }
            // Jobs were announced since this waiter looked; if one woke nobody, it is this waiter's.
            if state.generation != generation, state.takePending(for: models) { return false }
            state.waiters.append(Waiter(id: id, models: models, continuation: continuation))
            return true
        }
        guard waiting else { return continuation.resume() }
        // A cancellation that came before the waiter was registered found nothing to resume.
        if Task.isCancelled { return resume(id) }
        // The timeout fires on a dispatch queue, not in a task: it needs no thread of Swift's pool (which
        // other work may be holding), and the woken poll resumes where its own task prefers to run.
        let timer = WaitTimer(after: timeout) { [weak self] in self?.resume(id) }
        state.withLock { state in
            if let index = state.waiters.firstIndex(where: { $0.id == id }) { state.waiters[index].timer = timer }
        }
    }

    /// Announces `count` new jobs for `model`, waking up to `count` matching waiters in arrival order.
    public func announce(model: String, count: Int) {
        let woken: [Waiter] = state.withLock { state in
            state.generation &+= 1
            var woken: [Waiter] = []
            while woken.count < count,
                  let index = state.waiters.firstIndex(where: { $0.models.map { $0.contains(model) } ?? true }) {
                woken.append(state.waiters.remove(at: index))
            }
            state.addPending(count - woken.count, for: model)
            return woken
        }
        for waiter in woken {
            waiter.timer?.cancel()
            waiter.continuation.resume()
        }
    }

    /// Wakes every waiter, longest waiting first, and makes every later wait return at once.
    public func endWaits() {
        let woken: [Waiter] = state.withLock { state in
            state.ended = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in woken {
            waiter.timer?.cancel()
            waiter.continuation.resume()
        }
    }

    private func resume(_ id: UInt64) {
        let waiter = state.withLock { state -> Waiter? in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index)
        }
        waiter?.timer?.cancel()
        waiter?.continuation.resume()
    }
}

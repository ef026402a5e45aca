import Foundation
import Synchronization

/// Wakes long-polling miners when work arrives, longest waiter first.
///
/// A miner reads ``generation``, tries to lease, and if nothing was there waits with that generation:
/// a job announced in between makes the wait return at once, so no wake-up is lost. Each announced job
/// wakes at most one waiter, the one waiting longest among those serving the job's model, so an idle
/// miner is never passed over in favour of another. This is the in-process ``JobWakeUps``.
public final class JobSignal: JobWakeUps {
    private struct Waiter {
        var id: UInt64
        var models: [String]?
        var continuation: CheckedContinuation<Void, Never>
        var timer: Task<Void, Never>?
    }

    private struct State {
        var generation: UInt64 = 0
        var nextID: UInt64 = 0
        var waiters: [Waiter] = []
    }

    private let state = Mutex(State())

    public init() {}

    /// Changes whenever a job is announced.
    public var generation: UInt64 { state.withLock { $0.generation } }

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
            guard state.generation == generation else { return false }
            state.waiters.append(Waiter(id: id, models: models, continuation: continuation))
            return true
        }
        guard waiting else { return continuation.resume() }
        // A cancellation that came before the waiter was registered found nothing to resume.
        if Task.isCancelled { return resume(id) }
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            self?.resume(id)
        }
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
            return woken
        }
        for waiter in woken {
            waiter.timer?.cancel()
            waiter.continuation.resume()
        }
    }

    /// Wakes every waiter, longest waiting first.
    public func wakeAll() {
        let woken: [Waiter] = state.withLock { state in
            state.generation &+= 1
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

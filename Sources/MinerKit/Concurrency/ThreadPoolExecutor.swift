import Dispatch
import Foundation
import Synchronization

/// A task executor that runs jobs on threads of its own, never on Swift's cooperative pool.
///
/// Blocking work (a SQLite call, an OpenBLAS product) parks the thread it runs on. On the cooperative
/// pool that thread is one of only as many as there are cores, so a `/health` request would wait behind
/// it. Code that blocks runs under this executor's preference instead, the way GRDB gives each
/// connection its own serial queue and swift-nio's `NIOThreadPool` takes blocking calls:
///
/// ```swift
/// let io = ThreadPoolExecutor(name: "sqlite-writer", threads: 1)
/// let rows = try await withTaskExecutorPreference(io) { try await blockingQuery() }
/// ```
///
/// With one thread, jobs run one at a time in arrival order. Call ``shutdown()`` when done: each thread
/// finishes the jobs already queued and exits.
public final class ThreadPoolExecutor: TaskExecutor, Sendable {
    private struct Queue {
        var jobs: [UnownedJob?] = []
        var head = 0
        var stopping = false

        mutating func pop() -> UnownedJob?? {
            guard head < jobs.count else { return stopping ? .some(nil) : nil }
            let job = jobs[head]
            head += 1
            if head > 64, head * 2 > jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            return .some(job)
        }
    }

    /// What the threads are called (seen in debuggers and `top -H`).
    public let name: String
    private let queue = Mutex(Queue())
    private let ready = DispatchSemaphore(value: 0)
    private let threadCount: Int

    /// Starts `threads` threads named `name`.
    public init(name: String, threads: Int = 1) {
        self.name = name
        self.threadCount = max(1, threads)
        for index in 0..<threadCount {
            let thread = Thread { [self] in self.work() }
            thread.name = threadCount == 1 ? name : "\(name)-\(index)"
            thread.start()
        }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        queue.withLock { $0.jobs.append(unowned) }
        ready.signal()
    }

    /// Lets the threads finish what is queued, then stop. Jobs enqueued afterwards still run first.
    public func shutdown() {
        queue.withLock { $0.stopping = true }
        for _ in 0..<threadCount { ready.signal() }
    }

    private func work() {
        let executor = asUnownedTaskExecutor()
        while true {
            ready.wait()
            guard let next = queue.withLock({ $0.pop() }) else { continue }
            guard let job = next else { return }
            job.runSynchronously(on: executor)
        }
    }
}

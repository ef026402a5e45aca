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
/// With one thread, jobs run one at a time in arrival order. Call ``shutdown()`` when done (the threads
/// keep the executor alive until then): each thread finishes the jobs already queued and exits.
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

    /// What the threads are called, `name` or `name-index` when there are several (seen in debuggers,
    /// `top -H` and `Thread.current.name`; Linux keeps the first 15 bytes).
    public let name: String
    private let queue = Mutex(Queue())
    private let ready = DispatchSemaphore(value: 0)
    private let threadCount: Int

    /// Starts `threads` threads named `name`.
    ///
    /// - Parameter niceness: the threads' nice value, 0...19 (Linux; ignored elsewhere). Above 0 they give
    ///   way to every other thread that wants a core: for CPU-bound background work (inference) in a
    ///   process whose other threads must answer quickly (an HTTP server's `/health`).
    public init(name: String, threads: Int = 1, niceness: Int = 0) {
        self.name = name
        self.threadCount = max(1, threads)
        let nice = Int32(min(max(niceness, 0), 19))
        for index in 0..<threadCount {
            let thread = Thread { [self] in
                #if canImport(Glibc)
                // On Linux the nice value belongs to the calling thread, not to the whole process.
                if nice > 0 { _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, nice) }
                #endif
                self.work()
            }
            thread.start()
            // Named once started (Foundation on Linux drops a name given before `start()`) and before
            // any job can arrive. The kernel keeps 15 bytes of a name.
            thread.name = String(decoding: (threadCount == 1 ? name : "\(name)-\(index)").utf8.prefix(15), as: UTF8.self)
        }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        let queued = queue.withLock { queue in
            guard !queue.stopping else { return false }
            queue.jobs.append(unowned)
            return true
        }
        if queued {
            ready.signal()
        } else {
            // The threads may be gone; a task that still prefers this executor must not hang.
            globalConcurrentExecutor.enqueue(ExecutorJob(unowned))
        }
    }

    /// Lets the threads finish what is queued, then stop. Jobs enqueued afterwards (a task that still
    /// prefers this executor resuming late) run on the global concurrent executor instead.
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

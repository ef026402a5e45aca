import Foundation
import Testing
@testable import MinerKit
import MinerKitTesting

@Suite("Thread pool executor")
struct ThreadPoolExecutorTests {
    @Test("work under its preference runs on its named threads")
    func runsOnItsThreads() async {
        let executor = ThreadPoolExecutor(name: "mk-pool-test", threads: 2)
        defer { executor.shutdown() }
        let name = await withTaskExecutorPreference(executor) { Self.threadName() }
        #expect(name?.hasPrefix("mk-pool-test-") == true)
    }

    /// The name of the thread this runs on (`Thread.current` is off limits in async code).
    static func threadName() -> String? { Thread.current.name }

    #if os(Linux)
    @Test("a task that resumes on it after its threads stopped runs elsewhere instead of hanging")
    func jobsAfterShutdownStillRun() async throws {
        let executor = ThreadPoolExecutor(name: "mk-late-test")
        await withTaskExecutorPreference(executor) {}   // the thread is up and named
        executor.shutdown()
        try await waitUntil("the executor's thread ended", timeout: .seconds(10)) { !Self.threadNames().contains("mk-late-test") }
        // A lost job would hang the task for good: wait for it at most 10 s, from outside.
        let (ran, continuation) = AsyncStream.makeStream(of: String.self)
        Task {
            continuation.yield(await withTaskExecutorPreference(executor) { Self.threadName() } ?? "unnamed")
        }
        let watchdog = Task {
            // The bound on a job that never runs (the failure this test looks for), not an ordering step.
            try await Task.sleep(for: .seconds(10))
            continuation.finish()
        }
        defer { watchdog.cancel() }
        var iterator = ran.makeAsyncIterator()
        let name = await iterator.next()
        #expect(name != nil, "the job enqueued after shutdown never ran")
        #expect(name != "mk-late-test")
    }

    @Test("its threads run at the nice value asked for; the caller's thread keeps its own")
    func threadsRunAtTheirNiceness() async {
        let own = Self.niceness()
        let executor = ThreadPoolExecutor(name: "mk-nice-test", niceness: 7)
        defer { executor.shutdown() }
        #expect(await withTaskExecutorPreference(executor) { Self.niceness() } == 7)
        #expect(Self.niceness() == own)
    }

    /// The nice value of the calling thread (field 19 of /proc/thread-self/stat).
    static func niceness() -> Int? {
        guard let stat = try? String(contentsOfFile: "/proc/thread-self/stat", encoding: .utf8),
              let end = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: end)...].split(separator: " ")
        return fields.count > 16 ? Int(fields[16]) : nil
    }

    /// This process's thread names, as the kernel keeps them.
    static func threadNames() -> [String] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.compactMap {
            try? String(contentsOfFile: "/proc/self/task/\($0)/comm", encoding: .utf8).trimmingCharacters(in: .newlines)
        }
    }
    #endif
}

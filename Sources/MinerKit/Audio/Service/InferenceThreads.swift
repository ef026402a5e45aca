/// Threads of their own for inference: an OpenBLAS product holds the thread it runs on, so it runs
/// here and never on Swift's cooperative pool, where it would keep `/health` (and every other task)
/// waiting. They run at nice 10, so a short task of the server (or of anyone else) that wakes up gets
/// a core at once instead of a time slice later. The threads stop when the last owner lets go.
final class InferenceThreads: Sendable {
    /// What the threads are called: `mk-inference` alone, or `-0`, `-1`, … when there are several.
    static let name = "mk-inference"
    private let executor: ThreadPoolExecutor

    /// Starts `count` threads (at least one).
    init(count: Int) {
        executor = ThreadPoolExecutor(name: Self.name, threads: count, niceness: 10)
    }

    deinit { executor.shutdown() }

    /// Runs `work` on one of these threads; the calling task waits suspended, holding no thread.
    /// `@concurrent`: the work never runs on the caller's actor, whatever the caller's isolation.
    @concurrent func run<T, E: Error>(_ work: () throws(E) -> T) async throws(E) -> T {
        try await withTaskExecutorPreference(executor) { () async throws(E) -> T in try work() }
    }
}

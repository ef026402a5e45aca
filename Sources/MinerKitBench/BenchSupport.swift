import MinerKitTesting

/// The value below which a fraction `p` of `sorted` lies (nearest rank); `nan` when empty.
func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
}

/// A benchmark step that did not go as expected.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs `body` on a durable throwaway PostgreSQL cluster and stops the cluster afterwards, whether
/// `body` returned or threw.
func withDurableCluster(_ body: (PostgresTestCluster) async throws -> Void) async throws {
    let cluster = try await PostgresTestCluster.start(durable: true)
    BenchCleanup.track(cluster: cluster.directory)
    defer { BenchCleanup.forget(cluster: cluster.directory) }
    do {
        try await body(cluster)
    } catch {
        try? await cluster.stop()
        throw error
    }
    try await cluster.stop()
}

/// Runs `workers` tasks, each calling `cycle(worker)` until `seconds` have passed or it returns false
/// (nothing left to do); completed cycles per second over all of them.
func cyclesPerSecond(workers: Int, seconds: Double, _ cycle: @escaping @Sendable (Int) async throws -> Bool) async throws -> Double {
    let deadline = ContinuousClock.now.advanced(by: .milliseconds(Int64(seconds * 1000)))
    let start = ContinuousClock.now
    let done = try await withThrowingTaskGroup(of: Int.self) { group in
        for worker in 0..<workers {
            group.addTask {
                var done = 0
                while ContinuousClock.now < deadline, try await cycle(worker) { done += 1 }
                return done
            }
        }
        return try await group.reduce(0, +)
    }
    return Double(done) / (ContinuousClock.now - start).timeInterval
}

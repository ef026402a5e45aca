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
    do {
        try await body(cluster)
    } catch {
        try? await cluster.stop()
        throw error
    }
    try await cluster.stop()
}

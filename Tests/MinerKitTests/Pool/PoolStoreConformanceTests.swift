import MinerKit
import MinerKitTesting
import Testing

/// Every pool store passes the one conformance suite from `MinerKitTesting`.
@Suite("Pool store conformance")
struct PoolStoreConformanceTests {
    @Test(.timeLimit(.minutes(5)), arguments: PoolFixture.StoreKind.allCases, PoolStoreConformance.checks)
    func conformance(kind: PoolFixture.StoreKind, check: PoolStoreConformance.Check) async throws {
        try await check.run { try Self.makeStore(kind) }
    }

    /// A fresh, empty store of `kind` (SQLite in a new temporary file).
    static func makeStore(_ kind: PoolFixture.StoreKind) throws -> any PoolStore {
        switch kind {
        case .memory: InMemoryPoolStore()
        case .sqlite: try SQLitePoolStore(path: TemporaryPath.make("pool.sqlite"))
        }
    }
}

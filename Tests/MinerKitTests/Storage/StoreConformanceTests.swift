import MinerKit
import MinerKitTesting
import Testing

/// Every store passes the one conformance suite from `MinerKitTesting`.
@Suite("Store conformance")
struct StoreConformanceTests {
    @Test(.timeLimit(.minutes(5)), arguments: StoreKind.allCases, StoreConformance.checks)
    func conformance(kind: StoreKind, check: StoreConformance.Check) async throws {
        try await check.run { try kind.make() }
    }
}

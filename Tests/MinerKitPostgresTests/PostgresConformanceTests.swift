import MinerKit
import MinerKitPostgres
import MinerKitTesting
import Testing

/// The PostgreSQL store passes the conformance suite every store passes, each check on a fresh database.
@Suite(.enabled(if: PostgresTestCluster.shouldRunTests))
struct PostgresConformanceTests {
    @Test(.timeLimit(.minutes(5)), arguments: StoreConformance.checks)
    func conformance(check: StoreConformance.Check) async throws {
        try await PostgresFixture.withDatabase { database in
            try await check.run { PostgresStore(database: database) }
        }
    }
}

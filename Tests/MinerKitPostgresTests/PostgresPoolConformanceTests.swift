import Foundation
import MinerKit
import MinerKitPostgres
import MinerKitTesting
import Testing

/// The PostgreSQL pool store passes the one pool conformance suite from `MinerKitTesting`, each check on
/// a fresh database.
@Suite("PostgreSQL pool store conformance", .enabled(if: PostgresTestCluster.shouldRunTests))
struct PostgresPoolConformanceTests {
    @Test(.timeLimit(.minutes(2)), arguments: PoolStoreConformance.checks)
    func conformance(_ check: PoolStoreConformance.Check) async throws {
        try await PostgresFixture.withDatabase { database in
            try await check.run { PostgresPoolStore(database: database) }
        }
    }

    @Test("a DSL is kept byte for byte, NUL and every other character included", .timeLimit(.minutes(2)))
    func dslRoundTrip() async throws {
        try await PostgresFixture.withDatabase { database in
            let store = PostgresPoolStore(database: database)
            let dsl = "model \u{0}nul\u{0} / \u{1F}ctl / é ✓ 🚀\r\n"
            let stored = PoolAlgorithm(id: "alg_nul", taskType: "cifar10_binary", dsl: dsl, parentIDs: [],
                                       submitter: "5Fminer", isSeed: false,
                                       createdAt: Date(timeIntervalSince1970: 1_700_000_000.25), windowNumber: 7)
            try await store.write { db in try await db.save(stored) }
            let found = try await store.read { db in
                try await db.algorithm(taskType: "cifar10_binary", contentHash: PoolAlgorithm.contentHash(of: dsl))
            }
            #expect(found == stored)
            #expect(found?.dsl.utf8.elementsEqual(dsl.utf8) == true)
        }
    }
}

import Foundation
import MinerKit
import MinerKitPostgres
import MinerKitTesting
import Testing

/// The PostgreSQL pool store passes the one pool conformance suite from `MinerKitTesting`, each check on
/// a fresh database.
@Suite("PostgreSQL pool store conformance", .enabled(if: PostgresTestCluster.shouldRunTests))
struct PostgresPoolConformanceTests {
    @Test(.timeLimit(.minutes(5)), arguments: PoolStoreConformance.checks)
    func conformance(_ check: PoolStoreConformance.Check) async throws {
        try await PostgresFixture.withDatabase { database in
            try await check.run { PostgresPoolStore(database: database) }
        }
    }

    @Test("records created by concurrent units of work lose no update", .timeLimit(.minutes(5)))
    func concurrentCreationLosesNoUpdate() async throws {
        try await PostgresFixture.withDatabase { database in
            let store = PostgresPoolStore(database: database)
            // Eight units of work each add one to stats that do not exist yet: none may be lost.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await store.write { db in
                            var stats = try await db.windowStats(miner: "m-1", window: 7)
                                ?? PoolWindowStats(miner: "m-1", windowNumber: 7)
                            stats.evaluations += 1
                            try await db.save(stats)
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await store.read { try await $0.windowStats(miner: "m-1", window: 7)?.evaluations } == 8)
        }
    }

    @Test("a DSL is kept byte for byte, NUL and every other character included", .timeLimit(.minutes(5)))
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

import Foundation
import Testing
@testable import MinerKit

@Suite("SQLite pool migrations")
struct SQLitePoolMigrationTests {
    /// Rows as the `pool-v1` store wrote them: each record as `JSONEncoder` JSON keyed by Swift property names,
    /// dates as reference-date seconds (Unix 1_700_000_000 is 721_692_800), beside the columns its queries used.
    static let v1Rows = #"""
        INSERT INTO pool_miners VALUES ('5Fminer', 0.25, 1700000000.5, '{"hotkey":"5Fminer","reputation":0.25,
            "registeredAt":721692800.5,"lastSeenAt":721693000.25,"evaluations":3,"evolutions":2,"agreements":1,
            "disagreements":1,"assignmentsCompleted":4}');
        INSERT INTO pool_algorithms VALUES ('alg_1', 'cifar10_binary', 'sha256:ab', 0, 'scored', 0.75, 1700000000.5,
            1700000100, '{"id":"alg_1","taskType":"cifar10_binary","dsl":"model \/ x\n\u2713","contentHash":"sha256:ab",
            "parentIDs":["seed-a","seed-b"],"submitter":"5Fminer","isSeed":false,"status":"scored",
            "consensusScore":0.75,"evaluationCount":3,"inFlight":1,"createdAt":721692800.5,"windowNumber":472222,
            "resolvedAt":721692900,"verifiedBy":"5Fother","verifiedAt":721693000}');
        INSERT INTO pool_algorithms VALUES ('seed-a', 'cifar10_binary', 'sha256:cd', 1, 'pending', NULL, 1700000000,
            NULL, '{"id":"seed-a","taskType":"cifar10_binary","dsl":"seed","contentHash":"sha256:cd","parentIDs":[],
            "isSeed":true,"status":"pending","evaluationCount":0,"inFlight":2,"createdAt":721692800,
            "windowNumber":472222}');
        INSERT INTO pool_evaluations VALUES ('alg_1', '5Fz', '{"algorithmID":"alg_1","miner":"5Fz","score":0.5,
            "windowNumber":472222,"submittedAt":721692850}');
        INSERT INTO pool_evaluations VALUES ('alg_1', '5Fa', '{"algorithmID":"alg_1","miner":"5Fa","score":1,
            "windowNumber":472222,"submittedAt":721692860.5}');
        INSERT INTO pool_assignments VALUES ('lease_1', '5Fminer', 'lease', 472222, 'active', 1700000600,
            '{"id":"lease_1","kind":"lease","miner":"5Fminer","taskType":"cifar10_binary","windowNumber":472222,
            "issuedAt":721692800,"timeoutAt":721693400,"evolveBudget":4,"evaluateIDs":["alg_1","seed-a"],
            "parentIDs":["seed-a"],"status":"active"}');
        INSERT INTO pool_sota VALUES ('cifar10_binary', '{"taskType":"cifar10_binary","algorithmID":"alg_1",
            "score":0.75,"updatedAt":721692900}');
        INSERT INTO pool_window_stats VALUES (472222, '5Fminer', 1, '{"miner":"5Fminer","windowNumber":472222,
            "evaluations":3,"evolutions":2,"duplicates":1,"agreements":1,"disagreements":1,"improvementPoints":0.5,
            "iterations":7,"assignmentsCompleted":4,"settled":true,"reputationDelta":-0.125}');
        """#

    static func unix(_ seconds: Double) -> Date { Date(timeIntervalSince1970: seconds) }

    @Test("a pool-v1 file opens with every record converted to typed columns")
    func convertsV1Records() async throws {
        let path = TemporaryPath.make("pool-v1.sqlite")
        do {
            let v1 = try SQLiteDatabasePool(path: path, readerCount: 1,
                                            migrations: SQLiteSchema.migrations + SQLitePoolSchema.jsonBodies)
            try await v1.write { try $0.execute(Self.v1Rows) }
        }
        let store = try SQLitePoolStore(path: path)

        var miner = PoolMiner(hotkey: "5Fminer", at: Self.unix(1_700_000_000.5))
        miner.reputation = 0.25
        miner.lastSeenAt = Self.unix(1_700_000_200.25)
        (miner.evaluations, miner.evolutions, miner.agreements, miner.disagreements) = (3, 2, 1, 1)
        miner.assignmentsCompleted = 4
        var algorithm = PoolAlgorithm(id: "alg_1", taskType: "cifar10_binary", dsl: "model / x\n✓",
                                      parentIDs: ["seed-a", "seed-b"], submitter: "5Fminer", isSeed: false,
                                      createdAt: Self.unix(1_700_000_000.5), windowNumber: 472_222)
        algorithm.contentHash = "sha256:ab"
        algorithm.status = .scored
        algorithm.consensusScore = 0.75
        (algorithm.evaluationCount, algorithm.inFlight) = (3, 1)
        algorithm.resolvedAt = Self.unix(1_700_000_100)
        algorithm.verifiedBy = "5Fother"
        algorithm.verifiedAt = Self.unix(1_700_000_200)
        var seed = PoolAlgorithm(id: "seed-a", taskType: "cifar10_binary", dsl: "seed", parentIDs: [], submitter: nil,
                                 isSeed: true, createdAt: Self.unix(1_700_000_000), windowNumber: 472_222)
        seed.contentHash = "sha256:cd"
        seed.inFlight = 2
        let lease = PoolAssignment(id: "lease_1", kind: .lease, miner: "5Fminer", taskType: "cifar10_binary",
                                   windowNumber: 472_222, issuedAt: Self.unix(1_700_000_000),
                                   timeoutAt: Self.unix(1_700_000_600), evolveBudget: 4,
                                   evaluateIDs: ["alg_1", "seed-a"], parentIDs: ["seed-a"])
        var stats = PoolWindowStats(miner: "5Fminer", windowNumber: 472_222)
        (stats.evaluations, stats.evolutions, stats.duplicates, stats.agreements, stats.disagreements) = (3, 2, 1, 1, 1)
        (stats.improvementPoints, stats.iterations, stats.assignmentsCompleted) = (0.5, 7, 4)
        (stats.settled, stats.reputationDelta) = (true, -0.125)

        let read = try await store.read { db in
            (miner: try await db.miner(hotkey: "5Fminer"), algorithm: try await db.algorithm(id: "alg_1"),
             seed: try await db.algorithm(id: "seed-a"), evaluations: try await db.evaluations(algorithmID: "alg_1"),
             lease: try await db.activeAssignment(miner: "5Fminer"), sota: try await db.sota(taskType: "cifar10_binary"),
             stats: try await db.windowStats(miner: "5Fminer", window: 472_222))
        }
        #expect(read.miner == miner)
        #expect(read.algorithm == algorithm)
        #expect(read.seed == seed)
        #expect(read.evaluations == [
            PoolEvaluation(algorithmID: "alg_1", miner: "5Fz", score: 0.5, windowNumber: 472_222,
                           submittedAt: Self.unix(1_700_000_050)),
            PoolEvaluation(algorithmID: "alg_1", miner: "5Fa", score: 1, windowNumber: 472_222,
                           submittedAt: Self.unix(1_700_000_060.5)),
        ])
        #expect(read.lease == lease)
        #expect(read.sota == PoolSOTA(taskType: "cifar10_binary", algorithmID: "alg_1", score: 0.75,
                                      updatedAt: Self.unix(1_700_000_100)))
        #expect(read.stats == stats)

        // Evaluations saved after the conversion come after the converted ones.
        try await store.write { db in
            try await db.save(PoolEvaluation(algorithmID: "alg_1", miner: "5Fb", score: 0.25, windowNumber: 472_223,
                                             submittedAt: Self.unix(1_700_003_600)))
        }
        #expect(try await store.read { try await $0.evaluations(algorithmID: "alg_1") }.map(\.miner) == ["5Fz", "5Fa", "5Fb"])

        let connection = try SQLiteConnection(path: path, readOnly: true)
        for table in ["pool_miners", "pool_algorithms", "pool_evaluations", "pool_assignments", "pool_sota",
                      "pool_window_stats"] {
            #expect(try connection.scalarInt("SELECT count(*) FROM pragma_table_info('\(table)') WHERE name = 'body'") == 0,
                    "\(table) has no JSON body")
        }
    }

}

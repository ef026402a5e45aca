import Foundation
import Testing
@testable import MinerKit

@Suite("Pool batch API and results")
struct PoolBatchTests {
    @Test(arguments: PoolFixture.StoreKind.allCases)
    func evolveThenEvaluateReachesConsensusAndVerifies(_ kind: PoolFixture.StoreKind) async throws {
        let fixture = try await PoolFixture(kind)
        defer { fixture.removeFiles() }
        let pool = fixture.pool
        let empty = await poolErrorCode { _ = try await pool.requestBatch(hotkey: "a", kind: .evaluateBatch) }
        #expect(empty == "no_tasks_available")
        #expect(try await pool.pendingEvaluations(hotkey: "b") == 0)

        let evolve = try await pool.requestBatch(hotkey: "a", kind: .evolveBatch)
        #expect(evolve.assignment.kind == .evolveBatch)
        #expect(evolve.algorithms.count == 2)
        let wrongKind = await poolErrorCode {
            _ = try await pool.submitEvaluation(hotkey: "a", batchID: evolve.assignment.id, scores: [])
        }
        #expect(wrongKind == "batch_not_found")
        let created = try await pool.submitEvolution(
            hotkey: "a", batchID: evolve.assignment.id,
            PoolEvolution(parentIDs: evolve.algorithms.map(\.id), dsl: "model evolved"))
        let candidate = try #require(created.algorithmIDs.first)

        #expect(try await pool.pendingEvaluations(hotkey: "a") == 0)
        #expect(try await pool.pendingEvaluations(hotkey: "b") > 0)
        let pending = await poolErrorCode { _ = try await pool.verify(resultID: candidate, hotkey: "a") }
        #expect(pending == "result_not_completed")

        for (miner, score) in [("b", 0.71), ("c", 0.72), ("d", 0.40)] {
            let batch = try await pool.requestBatch(hotkey: miner)
            #expect(batch.assignment.kind == .evaluateBatch)
            #expect(batch.algorithms.map(\.id) == [candidate])
            _ = try await pool.submitEvaluation(hotkey: miner, batchID: batch.assignment.id,
                                                scores: [PoolScore(algorithmID: candidate, score: score)])
        }
        // Listed once verified, as the pool spec says ("List verified results"); `verified: false` reaches it before.
        #expect(try await pool.results(PoolResultQuery(taskType: "cifar10_binary")).count == 0)
        let results = try await pool.results(PoolResultQuery(taskType: "cifar10_binary", minScore: 0.5, verified: false))
        #expect(results.map(\.algorithm.id) == [candidate])
        #expect(results.first?.score == 0.715)
        let sota = try await pool.sota()
        #expect(sota.best?.algorithmID == candidate)

        let verified = try await pool.verify(resultID: candidate, hotkey: "b")
        #expect(verified.algorithm.verifiedAt != nil)
        #expect(verified.algorithm.verifiedBy == "b")
        #expect(try await pool.results(PoolResultQuery(taskType: "cifar10_binary")).map(\.algorithm.id) == [candidate])
        #expect(try await pool.results(PoolResultQuery(taskType: "cifar10_binary", verified: false)).count == 0)
        #expect(try await pool.results(PoolResultQuery(taskType: "cifar10_binary", verified: nil)).count == 1)
        let missing = await poolErrorCode { _ = try await pool.verify(resultID: "nope", hotkey: "b") }
        #expect(missing == "result_not_found")

        let d = try await pool.stats(hotkey: "d")
        #expect(d.miner.disagreements == 1)
        let b = try await pool.stats(hotkey: "b")
        #expect(b.miner.agreements == 1)
    }

    @Test func unresolvedCandidateGetsNoScore() async throws {
        let rule = ConsensusRule(quorum: 2, evaluatorsPerCandidate: 2, maxEvaluations: 3, tolerance: 0.01)
        let fixture = try await PoolFixture(configuration: PoolConfiguration(consensus: rule))
        let pool = fixture.pool
        let evolve = try await pool.requestBatch(hotkey: "a", kind: .evolveBatch)
        let id = try #require(try await pool.submitEvolution(
            hotkey: "a", batchID: evolve.assignment.id, PoolEvolution(parentIDs: [], dsl: "x")).algorithmIDs.first)
        for (miner, score) in [("b", 0.1), ("c", 0.5), ("d", 0.9)] {
            let batch = try await pool.requestBatch(hotkey: miner, kind: .evaluateBatch)
            _ = try await pool.submitEvaluation(hotkey: miner, batchID: batch.assignment.id,
                                                scores: [PoolScore(algorithmID: id, score: score)])
        }
        #expect(try await pool.results(PoolResultQuery()).count == 0)
        #expect(try await pool.monitorSummary().snapshot.counts.unresolvedAlgorithms == 1)
        let none = await poolErrorCode { _ = try await pool.requestBatch(hotkey: "e", kind: .evaluateBatch) }
        #expect(none == "no_tasks_available")
    }

    @Test func aBatchIsEvolveOrEvaluate() async throws {
        #expect(try PoolAssignment.Kind.batch(named: nil) == nil)
        #expect(try PoolAssignment.Kind.batch(named: "evolve") == .evolveBatch)
        #expect(try PoolAssignment.Kind.batch(named: "evaluate") == .evaluateBatch)
        for name in ["lease", "sleep", ""] {
            let code = await poolErrorCode { _ = try PoolAssignment.Kind.batch(named: name) }
            #expect(code == "invalid_batch_task_type", "\(name)")
        }
        let fixture = try await PoolFixture()
        let lease = await poolErrorCode { _ = try await fixture.pool.requestBatch(hotkey: "a", kind: .lease) }
        #expect(lease == "invalid_batch_task_type")
    }

    @Test func sqliteStoreKeepsPoolStateAcrossReopen() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pool-reopen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("pool.sqlite").path
        let clock = ManualTimeSource(start: PoolFixture.start)
        do {
            let pool = try await PoolService.open(store: try SQLitePoolStore(path: path), clock: clock)
            _ = try await pool.register(hotkey: "a")
            _ = try await pool.lease(hotkey: "a", PoolLeaseTerms())
        }
        let reopened = try await PoolService.open(store: try SQLitePoolStore(path: path), clock: clock)
        let again = try await reopened.register(hotkey: "a")
        #expect(!again.isNew)
        let code = await poolErrorCode { _ = try await reopened.lease(hotkey: "a", PoolLeaseTerms()) }
        #expect(code == "miner_has_active_task")
        // A core-only store refuses the file: it does not know the pool's migrations.
        #expect(throws: MinerKitError.self) { _ = try SQLiteStore(path: path) }
    }
}

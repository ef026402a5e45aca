import Foundation
import Testing
@testable import MinerKit

/// What the pool tells its observer (the `/metrics` counters are built on it): each committed write's
/// assignments, submissions, consensus outcomes and expiries, once.
@Suite("Pool events")
struct PoolEventTests {
    @Test(arguments: PoolFixture.StoreKind.allCases)
    func assignmentsSubmissionsAndConsensusAreReportedOnce(_ kind: PoolFixture.StoreKind) async throws {
        let rule = ConsensusRule(quorum: 2, evaluatorsPerCandidate: 2, maxEvaluations: 3, tolerance: 0.01)
        let fixture = try await PoolFixture(kind, configuration: PoolConfiguration(consensus: rule))
        defer { fixture.removeFiles() }
        let pool = fixture.pool
        let evolve = try await pool.requestBatch(hotkey: "a", kind: .evolveBatch)
        let id = try #require(try await pool.submitEvolution(
            hotkey: "a", batchID: evolve.assignment.id, PoolEvolution(parentIDs: [], dsl: "x")).algorithmIDs.first)
        for miner in ["b", "c"] {
            let batch = try await pool.requestBatch(hotkey: miner, kind: .evaluateBatch)
            _ = try await pool.submitEvaluation(hotkey: miner, batchID: batch.assignment.id, scores: [
                PoolScore(algorithmID: id, score: 0.5), PoolScore(algorithmID: "other", score: 1)])
        }
        #expect(fixture.events.all == [
            .poolAssignmentIssued(kind: "evolve"),
            .poolSubmissionAccepted(kind: "evolve", evaluations: 0, evolutions: 1),
            .poolAssignmentIssued(kind: "evaluate"),
            .poolSubmissionAccepted(kind: "evaluate", evaluations: 1, evolutions: 0),
            .poolAssignmentIssued(kind: "evaluate"),
            .poolConsensus(outcome: "scored"),
            .poolSubmissionAccepted(kind: "evaluate", evaluations: 1, evolutions: 0),
        ])
    }

    @Test(arguments: PoolFixture.StoreKind.allCases)
    func aRefusedWriteReportsNothingAndAnExpiryIsReportedWithTheWriteThatFoundIt(_ kind: PoolFixture.StoreKind) async throws {
        let fixture = try await PoolFixture(kind)
        defer { fixture.removeFiles() }
        _ = try await fixture.pool.lease(hotkey: "miner-a", PoolLeaseTerms())
        let refused = await poolErrorCode { _ = try await fixture.pool.lease(hotkey: "miner-a", PoolLeaseTerms()) }
        #expect(refused == "miner_has_active_task")
        #expect(fixture.events.all == [.poolAssignmentIssued(kind: "lease")])

        fixture.clock.advance(by: 601)
        _ = try await fixture.pool.register(hotkey: "miner-b")
        #expect(fixture.events.all == [.poolAssignmentIssued(kind: "lease"), .poolAssignmentsExpired(count: 1)])
    }
}

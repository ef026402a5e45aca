import Foundation
import Testing
@testable import MinerKit

@Suite("Pool leases")
struct PoolLeaseTests {
    @Test(arguments: PoolFixture.StoreKind.allCases)
    func leaseIsFilledFromSeedsAndOneActivePerMiner(_ kind: PoolFixture.StoreKind) async throws {
        let fixture = try await PoolFixture(kind)
        defer { fixture.removeFiles() }
        let lease = try await fixture.pool.lease(hotkey: "miner-a", PoolLeaseTerms(taskType: "cifar10_binary",
                                                                                  evalBatchSize: 8, seedBatchSize: 2))
        #expect(lease.evaluateAlgorithms.map(\.id) == ["seed-cifar10-conv", "seed-cifar10-linear", "seed-cifar10-mlp"])
        #expect(lease.seedAlgorithms.count == 2)
        #expect(lease.assignment.evolveBudget == 4)
        #expect(lease.assignment.taskType == "cifar10_binary")
        #expect(lease.assignment.timeoutAt == PoolFixture.start.addingTimeInterval(600))

        let code = await poolErrorCode { _ = try await fixture.pool.lease(hotkey: "miner-a", PoolLeaseTerms()) }
        #expect(code == "miner_has_active_task")
        let batchCode = await poolErrorCode {
            _ = try await fixture.pool.requestBatch(hotkey: "miner-a", kind: .evolveBatch)
        }
        #expect(batchCode == "miner_has_active_task")
    }

    @Test(arguments: PoolFixture.StoreKind.allCases)
    func expiredLeaseFreesTheMinerAndCannotBeSubmitted(_ kind: PoolFixture.StoreKind) async throws {
        let fixture = try await PoolFixture(kind)
        defer { fixture.removeFiles() }
        let lease = try await fixture.pool.lease(hotkey: "miner-a", PoolLeaseTerms())
        fixture.clock.advance(by: 601)
        let code = await poolErrorCode {
            _ = try await fixture.pool.submitLease(hotkey: "miner-a", leaseID: lease.assignment.id, PoolLeaseReport())
        }
        #expect(code == "lease_not_found")
        let next = try await fixture.pool.lease(hotkey: "miner-a", PoolLeaseTerms())
        #expect(next.assignment.id != lease.assignment.id)
        let summary = try await fixture.pool.monitorSummary()
        #expect(summary.snapshot.counts.expiredAssignments == 1)
        #expect(summary.snapshot.counts.activeAssignments == 1)
    }

    @Test func submittedLeaseIsDoneAndOnlyItsOwnerMaySubmit() async throws {
        let fixture = try await PoolFixture()
        let lease = try await fixture.pool.lease(hotkey: "miner-a", PoolLeaseTerms())
        let stranger = await poolErrorCode {
            _ = try await fixture.pool.submitLease(hotkey: "miner-b", leaseID: lease.assignment.id, PoolLeaseReport())
        }
        #expect(stranger == "lease_not_found")
        let submission = PoolLeaseReport(
            scores: [PoolScore(algorithmID: lease.evaluateAlgorithms[0].id, score: 0.7),
                     PoolScore(algorithmID: "not-in-lease", score: 0.7)],
            evolutions: [PoolEvolution(parentIDs: [lease.seedAlgorithms[0].id], dsl: "model new")],
            gossipIDs: [lease.seedAlgorithms[0].id, "unknown"],
            iterations: 3)
        let result = try await fixture.pool.submitLease(hotkey: "miner-a", leaseID: lease.assignment.id, submission)
        #expect(result.evaluationsAccepted == 1)
        #expect(result.evaluationsIgnored == 1)
        #expect(result.algorithmIDs.count == 1)
        #expect(result.gossipKnown == 1)
        let again = await poolErrorCode {
            _ = try await fixture.pool.submitLease(hotkey: "miner-a", leaseID: lease.assignment.id, PoolLeaseReport())
        }
        #expect(again == "lease_not_found")
    }

    @Test func requestLimitsAreStable4xx() async throws {
        let fixture = try await PoolFixture()
        let small = await poolErrorCode { _ = try await fixture.pool.lease(hotkey: "m", PoolLeaseTerms(evalBatchSize: 1)) }
        #expect(small == "invalid_eval_batch_size")
        let seeds = await poolErrorCode { _ = try await fixture.pool.lease(hotkey: "m", PoolLeaseTerms(seedBatchSize: 0)) }
        #expect(seeds == "invalid_seed_batch_size")
        let unknown = await poolErrorCode { _ = try await fixture.pool.lease(hotkey: "m", PoolLeaseTerms(taskType: "mnist")) }
        #expect(unknown == "unknown_task_type")
        // Counts are 32-bit, as the OpenAPI document says: beyond, refused rather than clamped.
        let wide = await poolErrorCode { _ = try await fixture.pool.lease(hotkey: "m", PoolLeaseTerms(evalBatchSize: 1 << 31)) }
        #expect(wide == "invalid_eval_batch_size")
        let gossip = await poolErrorCode { _ = try await fixture.pool.lease(hotkey: "m", PoolLeaseTerms(gossipLimit: -(1 << 31) - 1)) }
        #expect(gossip == "invalid_gossip_limit")

        let lease = try await fixture.pool.lease(hotkey: "m", PoolLeaseTerms(evalBatchSize: 10_000, gossipLimit: 500))
        let tooMany = (0..<5).map { PoolEvolution(parentIDs: [], dsl: "variant \($0)") }
        let budget = await poolErrorCode {
            _ = try await fixture.pool.submitLease(hotkey: "m", leaseID: lease.assignment.id, PoolLeaseReport(evolutions: tooMany))
        }
        #expect(budget == "evolve_budget_exceeded")
        let huge = String(repeating: "x", count: 70_000)
        let large = await poolErrorCode {
            _ = try await fixture.pool.submitLease(
                hotkey: "m", leaseID: lease.assignment.id,
                PoolLeaseReport(evolutions: [PoolEvolution(parentIDs: [], dsl: huge)]))
        }
        #expect(large == "algorithm_too_large")
        let negative = await poolErrorCode {
            _ = try await fixture.pool.submitLease(hotkey: "m", leaseID: lease.assignment.id, PoolLeaseReport(iterations: -1))
        }
        #expect(negative == "invalid_iterations")
    }

    @Test func oneLeasePerWindowWhenConfigured() async throws {
        let fixture = try await PoolFixture(configuration: PoolConfiguration(oneLeasePerWindow: true))
        let lease = try await fixture.pool.lease(hotkey: "m", PoolLeaseTerms())
        _ = try await fixture.pool.submitLease(hotkey: "m", leaseID: lease.assignment.id, PoolLeaseReport())
        let code = await poolErrorCode { _ = try await fixture.pool.lease(hotkey: "m", PoolLeaseTerms()) }
        #expect(code == "lease_window_used")
        fixture.clock.advance(by: 3600)
        _ = try await fixture.pool.lease(hotkey: "m", PoolLeaseTerms())
    }

    @Test func duplicateEvolutionIsRecognisedByContent() async throws {
        let fixture = try await PoolFixture()
        let first = try await fixture.pool.lease(hotkey: "m", PoolLeaseTerms())
        let evolution = PoolEvolution(parentIDs: [], dsl: "model same")
        let r1 = try await fixture.pool.submitLease(hotkey: "m", leaseID: first.assignment.id, PoolLeaseReport(evolutions: [evolution]))
        #expect(r1.duplicates == 0)
        let second = try await fixture.pool.lease(hotkey: "m", PoolLeaseTerms())
        let padded = PoolEvolution(parentIDs: [], dsl: "  model same\n")
        let r2 = try await fixture.pool.submitLease(hotkey: "m", leaseID: second.assignment.id, PoolLeaseReport(evolutions: [padded]))
        #expect(r2.duplicates == 1)
        #expect(r2.algorithmIDs.isEmpty)
    }
}

@Suite("Pool leases under concurrency")
struct PoolConcurrentLeaseTests {
    @Test(arguments: PoolFixture.StoreKind.allCases)
    func aCandidateIsHandedToAtMostNEvaluatorsAtOnce(_ kind: PoolFixture.StoreKind) async throws {
        let fixture = try await PoolFixture(kind)
        defer { fixture.removeFiles() }
        let pool = fixture.pool
        let evolve = try await pool.requestBatch(hotkey: "author", kind: .evolveBatch)
        let candidate = try #require(try await pool.submitEvolution(
            hotkey: "author", batchID: evolve.assignment.id,
            PoolEvolution(parentIDs: [], dsl: "model contested")).algorithmIDs.first)

        let holders = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<24 {
                group.addTask {
                    let lease = try await pool.lease(hotkey: "miner-\(index)", PoolLeaseTerms(evalBatchSize: 2))
                    return lease.evaluateAlgorithms.contains { $0.id == candidate }
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(holders == PoolConfiguration().consensus.evaluatorsPerCandidate)
        #expect(try await pool.monitorSummary().snapshot.counts.activeAssignments == 24)
    }
}

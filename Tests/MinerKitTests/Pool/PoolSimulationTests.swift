import Foundation
import Testing
@testable import MinerKit

/// A bounded population of in-process miners: six honest ones and one that reports made-up scores.
@Suite("Pool simulation")
struct PoolSimulationTests {
    static let honest = (0..<6).map { "honest-\($0)" }
    static let liar = "liar"

    /// The quality a simulated algorithm really has: the `quality=` line of its DSL.
    static func quality(_ dsl: String) -> Double {
        dsl.split(separator: "\n").compactMap { line in
            line.hasPrefix("quality=") ? Double(line.dropFirst("quality=".count)) : nil
        }.first ?? 0
    }

    @Test(arguments: PoolFixture.StoreKind.allCases)
    func populationReachesConsensusAndSOTAWhileTheLiarLosesReputation(_ kind: PoolFixture.StoreKind) async throws {
        let configuration = PoolConfiguration(seeds: PoolFixture.seeds([0.60, 0.65]), evolveBudget: 2)
        let fixture = try await PoolFixture(kind, configuration: configuration)
        defer { fixture.removeFiles() }
        let pool = fixture.pool
        var noise = SplitMix(seed: 7)

        for round in 0..<10 {
            for miner in Self.honest + [Self.liar] {
                let lease = try await pool.lease(hotkey: miner, PoolLeaseTerms(evalBatchSize: 4, seedBatchSize: 2))
                let evaluations = lease.evaluateAlgorithms.map { algorithm in
                    let truth = Self.quality(algorithm.dsl)
                    let score = miner == Self.liar ? truth + 0.3 : truth + noise.next(within: 0.004)
                    return PoolScore(algorithmID: algorithm.id, score: score)
                }
                var evolutions: [PoolEvolution] = []
                if miner != Self.liar, let parent = lease.seedAlgorithms.max(by: {
                    Self.quality($0.dsl) < Self.quality($1.dsl)
                }) {
                    let better = min(0.99, Self.quality(parent.dsl) + 0.01)
                    evolutions.append(PoolEvolution(parentIDs: [parent.id], dsl: "child r\(round) \(miner)\nquality=\(better)"))
                }
                _ = try await pool.submitLease(hotkey: miner, leaseID: lease.assignment.id,
                                               PoolLeaseReport(scores: evaluations, evolutions: evolutions, iterations: 1))
            }
            fixture.clock.advance(by: 30)
        }

        let summary = try await pool.monitorSummary()
        #expect(summary.snapshot.counts.scoredAlgorithms > 10)
        #expect(summary.disagreementsInWindow > 0)
        let sota = try await pool.sota(taskType: "cifar10_binary")
        let sotaScore = try #require(sota.best?.score)
        #expect(sotaScore > 0.66)
        let results = try await pool.results(PoolResultQuery(limit: 5, verified: nil))
        #expect(results.first?.score == sotaScore)

        fixture.clock.advance(by: 3600)
        try await pool.maintain()
        let board = try await pool.leaderboard(limit: 10)
        #expect(board.miners.count == 7)
        #expect(board.miners.last?.hotkey == Self.liar)
        #expect((board.miners.last?.reputation ?? 0) < 0)
        let honestReputations = board.miners.filter { $0.hotkey != Self.liar }.map(\.reputation)
        #expect(honestReputations.allSatisfy { $0 > 0 })
        let liarStats = try await pool.stats(hotkey: Self.liar)
        #expect(liarStats.miner.agreements == 0)
        #expect(liarStats.miner.disagreements > 0)
    }
}

/// A small deterministic random source for simulated noise.
struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func nextUInt64() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `-bound...bound`.
    mutating func next(within bound: Double) -> Double {
        (Double(nextUInt64() >> 11) / Double(1 << 53) * 2 - 1) * bound
    }
}

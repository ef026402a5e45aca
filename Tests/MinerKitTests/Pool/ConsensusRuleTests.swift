import Testing
@testable import MinerKit

@Suite("Pool consensus rule")
struct ConsensusRuleTests {
    let rule = ConsensusRule(quorum: 2, evaluatorsPerCandidate: 3, maxEvaluations: 6, tolerance: 0.02)

    @Test func agreeingPairOutvotesOutlier() throws {
        let cluster = try #require(rule.cluster([0.80, 0.30, 0.81]))
        #expect(cluster.members == [0, 2])
        #expect(abs(cluster.score - 0.805) < 1e-12)
    }

    @Test func noClusterWhenAllDisagree() {
        #expect(rule.cluster([0.1, 0.5, 0.9]) == nil)
        #expect(rule.cluster([0.5]) == nil)
    }

    @Test func clusterWidensWithinToleranceAndTakesMedian() throws {
        let cluster = try #require(rule.cluster([0.700, 0.705, 0.712, 0.719, 0.900]))
        #expect(cluster.members == [0, 1, 2, 3])
        #expect(abs(cluster.score - 0.7085) < 1e-12)
    }

    @Test func tightestGroupWinsOverLooserOne() throws {
        // Two candidate pairs: (0.40, 0.415) spreads 0.015, (0.90, 0.905) spreads 0.005.
        let cluster = try #require(rule.cluster([0.40, 0.90, 0.415, 0.905]))
        #expect(cluster.members == [1, 3])
    }

    @Test func quorumOfThreeNeedsThree() {
        let strict = ConsensusRule(quorum: 3, evaluatorsPerCandidate: 3, maxEvaluations: 3, tolerance: 0.02)
        #expect(strict.cluster([0.5, 0.51, 0.9]) == nil)
        #expect(strict.cluster([0.5, 0.51, 0.505])?.members == [0, 1, 2])
    }

    @Test func invalidRulesAreRefused() {
        #expect(throws: MinerKitError.self) { try ConsensusRule(quorum: 4, evaluatorsPerCandidate: 3).validate() }
        #expect(throws: MinerKitError.self) { try ConsensusRule(tolerance: -1).validate() }
        #expect(throws: MinerKitError.self) { try ConsensusRule(evaluatorsPerCandidate: 7, maxEvaluations: 6).validate() }
    }
}

@Suite("Pool reputation rule")
struct ReputationRuleTests {
    let rule = ReputationRule()

    @Test func evaluatorPointsAreAgreementsMinusDisagreements() {
        var stats = PoolWindowStats(miner: "m", windowNumber: 1)
        stats.evaluations = 10
        stats.agreements = 7
        stats.disagreements = 3
        #expect(rule.delta(for: stats) == 4)
        stats.agreements = 1
        stats.disagreements = 9
        #expect(rule.delta(for: stats) == -8)
    }

    @Test func positiveRewardNeedsActivityButPenaltiesAlwaysApply() {
        var stats = PoolWindowStats(miner: "m", windowNumber: 1)
        stats.evaluations = 2
        stats.agreements = 2
        #expect(rule.delta(for: stats) == 0)
        stats.disagreements = 2
        stats.agreements = 0
        #expect(rule.delta(for: stats) == -2)
    }

    @Test func evolverPointsCountImprovementOverSOTAAndParent() {
        #expect(abs(rule.evolverPoints(score: 0.80, sotaBefore: 0.75, bestParent: 0.70) - 6) < 1e-9)
        #expect(rule.evolverPoints(score: 0.60, sotaBefore: 0.75, bestParent: 0.70) == 0)
        #expect(rule.evolverPoints(score: 0.60, sotaBefore: nil, bestParent: nil) == 0)
    }

    @Test func duplicatesCostAndReputationIsBounded() {
        var stats = PoolWindowStats(miner: "m", windowNumber: 1)
        stats.evolutions = 3
        stats.duplicates = 2
        #expect(rule.delta(for: stats) == -4)
        #expect(rule.apply(50_000, to: 0) == 10_000)
        #expect(rule.apply(-50_000, to: 0) == -10_000)
    }
}

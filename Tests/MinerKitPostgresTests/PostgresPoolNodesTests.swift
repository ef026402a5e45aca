import Foundation
import MinerKit
import MinerKitPostgres
import MinerKitTesting
import Testing

/// Two pool "nodes" (each a `PoolService` on its own `PostgresDatabasePool`) on one database, serving
/// miners at once: each miner leases on one node and submits on the other.
@Suite("Two pool nodes on one PostgreSQL", .enabled(if: PostgresTestCluster.shouldRunTests))
struct PostgresPoolNodesTests {
    static let miners = 16
    static let rounds = 3
    static let initialCandidates = 12
    static let taskType = "cifar10_binary"

    @Test("concurrent miners on two nodes: no evaluate slot handed twice, one candidate per DSL, consistent counts",
          .timeLimit(.minutes(3)))
    func twoNodes() async throws {
        try await PostgresFixture.withTwoNodes { first, second in
            let clock = ManualTimeSource()
            let seeds = PoolSeedCatalog(seeds: [Self.taskType: [.init(id: "seed-0", algorithmDSL: "seed zero"),
                                                                .init(id: "seed-1", algorithmDSL: "seed one")]])
            let configuration = PoolConfiguration(seeds: seeds)
            // Both nodes install the seeds at once: each seed is stored once.
            async let opening = PoolService.open(store: PostgresPoolStore(database: first), configuration: configuration,
                                                 clock: clock)
            let other = try await PoolService.open(store: PostgresPoolStore(database: second),
                                                   configuration: configuration, clock: clock)
            let nodes = [try await opening, other]
            let store = nodes[0].store
            #expect(try await store.read { try await $0.seeds(taskType: Self.taskType) }.map(\.id) == ["seed-0", "seed-1"])

            try await store.write { db in
                for index in 0..<Self.initialCandidates {
                    try await db.save(PoolAlgorithm(id: String(format: "alg_initial_%02d", index), taskType: Self.taskType,
                                                    dsl: "initial \(index)", parentIDs: [], submitter: "author",
                                                    isSeed: false, createdAt: clock.now(), windowNumber: 0))
                }
            }
            var tally = Tally()
            for round in 0..<Self.rounds {
                try await Self.playRound(round, on: nodes, tally: &tally)
            }
            try await Self.expectTotals(tally, in: store, window: nodes[0].configuration.windows.window(at: clock.now()))
        }
    }

    /// What the miners were told, summed over the rounds.
    struct Tally {
        var accepted = 0
        var created = 0
        var duplicates = 0
        var submissions = 0
    }

    /// Every miner leases at once (miner i on node i % 2), then every miner submits at once on the other
    /// node: agreeing scores for everything it was handed, and one evolution whose DSL its pair partner
    /// submits too.
    static func playRound(_ round: Int, on nodes: [PoolService], tally: inout Tally) async throws {
        let store = nodes[0].store
        let slots = nodes[0].configuration.consensus.evaluatorsPerCandidate
        let pending = try await store.read { try await $0.pendingCandidates(taskType: taskType, limit: 1_000) }.map(\.id)
        #expect(!pending.isEmpty, "round \(round): nothing to evaluate")

        let leases = try await withThrowingTaskGroup(of: (Int, PoolLease).self) { group in
            for miner in 0..<miners {
                group.addTask {
                    (miner, try await nodes[miner % 2].lease(hotkey: "m-\(miner)", PoolLeaseTerms(evalBatchSize: 4)))
                }
            }
            return try await group.reduce(into: [Int: PoolLease]()) { $0[$1.0] = $1.1 }
        }
        let handed = leases.values.flatMap { $0.evaluateAlgorithms.map(\.id) }
        let holders = Dictionary(grouping: handed.filter { $0.hasPrefix("alg_") }) { $0 }.mapValues(\.count)
        #expect(leases.values.allSatisfy { Set($0.evaluateAlgorithms.map(\.id)).count == $0.evaluateAlgorithms.count },
                "round \(round): a lease names one algorithm twice")
        #expect(holders == Dictionary(uniqueKeysWithValues: pending.map { ($0, slots) }),
                "round \(round): every pending candidate is handed to exactly \(slots) miners")
        try await store.read { db async throws in
            for (id, count) in holders {
                #expect(try await db.algorithm(id: id)?.inFlight == count, "round \(round): slots taken of \(id)")
            }
            #expect(try await db.counts().activeAssignments == miners, "round \(round): active assignments")
        }

        let results = try await withThrowingTaskGroup(of: PoolSubmissionOutcome.self) { group in
            for (miner, lease) in leases {
                let evaluations = lease.evaluateAlgorithms.map(\.id).sorted().map {
                    PoolScore(algorithmID: $0, score: agreedScore(of: $0))
                }
                let evolution = PoolEvolution(parentIDs: lease.seedAlgorithms.map(\.id),
                                              dsl: "evolved in round \(round) by pair \(miner / 2)")
                group.addTask {
                    try await nodes[(miner + 1) % 2].submitLease(
                        hotkey: "m-\(miner)", leaseID: lease.assignment.id,
                        PoolLeaseReport(scores: evaluations, evolutions: [evolution]))
                }
            }
            return try await group.reduce(into: [PoolSubmissionOutcome]()) { $0.append($1) }
        }
        let accepted = results.reduce(0) { $0 + $1.evaluationsAccepted }
        let created = results.flatMap(\.algorithmIDs)
        #expect(accepted == handed.count, "round \(round): every evaluation of a handed algorithm is accepted")
        #expect(created.count == miners / 2 && results.reduce(0) { $0 + $1.duplicates } == miners / 2,
                "round \(round): each pair's DSL is stored once, the other submission is a duplicate")
        tally.accepted += accepted
        tally.created += created.count
        tally.duplicates += results.reduce(0) { $0 + $1.duplicates }
        tally.submissions += results.count

        let (submissions, evaluations) = (tally.submissions, tally.accepted)
        try await store.read { db async throws in
            for pair in 0..<(miners / 2) {
                let hash = PoolAlgorithm.contentHash(of: "evolved in round \(round) by pair \(pair)")
                #expect(try await db.algorithm(taskType: taskType, contentHash: hash).map { created.contains($0.id) } == true,
                        "round \(round): pair \(pair)'s candidate")
            }
            for id in holders.keys {
                let candidate = try await db.algorithm(id: id)
                let stored = try await db.evaluations(algorithmID: id).count
                #expect(candidate?.status == .scored && candidate?.inFlight == 0 && candidate?.evaluationCount == stored
                        && stored == slots, "round \(round): \(id) scored once: \(String(describing: candidate))")
            }
            let counts = try await db.counts()
            #expect(counts.activeAssignments == 0 && counts.completedAssignments == submissions,
                    "round \(round): assignments \(counts)")
            #expect(counts.evaluations == evaluations, "round \(round): evaluations stored")
        }
    }

    /// The miners' own totals and window stats add up to what the pool counted and told them.
    static func expectTotals(_ tally: Tally, in store: any PoolStore, window: Int) async throws {
        try await store.read { db async throws in
            let records = try await db.minersByReputation(limit: 1_000)
            let stats = try await db.windowStats(window: window)
            let counts = try await db.counts()
            // The miners, and the author of the initial candidates, credited when they were scored.
            #expect(records.count == miners + 1 && counts.miners == miners + 1)
            #expect(records.reduce(0) { $0 + $1.evaluations } == tally.accepted)
            #expect(stats.reduce(0) { $0 + $1.evaluations } == tally.accepted)
            #expect(records.reduce(0) { $0 + $1.assignmentsCompleted } == tally.submissions)
            #expect(records.reduce(0) { $0 + $1.evolutions } == tally.created)
            #expect(stats.reduce(0) { $0 + $1.duplicates } == tally.duplicates)
            #expect(counts.pendingAlgorithms == miners / 2, "the last round's candidates await evaluation")
            #expect(counts.scoredAlgorithms == initialCandidates + tally.created - miners / 2)
        }
    }

    /// The score every evaluator reports for `id`, so its evaluators agree.
    static func agreedScore(of id: String) -> Double {
        0.5 + Double(id.utf8.reduce(0) { ($0 &* 31 &+ Int($1)) % 1_000 }) / 4_000
    }
}

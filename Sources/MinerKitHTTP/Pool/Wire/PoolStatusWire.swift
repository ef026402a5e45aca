import MinerKit

/// `GET /health`: `{status, version, window_number, current_block, time_remaining_s}`.
struct PoolHealth: Sendable, Codable, Equatable {
    var status: String
    /// The build serving the pool (``MinerKitVersion/current``).
    var version: String
    var windowNumber: Int
    var currentBlock: Int
    var timeRemainingS: Double

    /// The answer of a pool whose windows stand at `position`.
    init(_ position: PoolWindowPosition) {
        status = "ok"
        version = MinerKitVersion.current
        windowNumber = position.windowNumber
        currentBlock = position.currentBlock
        timeRemainingS = position.timeRemaining
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case status, version
        case windowNumber = "window_number"
        case currentBlock = "current_block"
        case timeRemainingS = "time_remaining_s"
    }
}

/// `GET /api/v1/monitor/summary`: miners, leases, consensus and throughput.
struct PoolMonitorSummary: Sendable, Codable, Equatable {
    /// Miner counts.
    struct Miners: Sendable, Codable, Equatable {
        var total: Int
        /// Miners with any activity in the current window.
        var activeInWindow: Int
        var topReputation: Double?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case total
            case activeInWindow = "active_in_window"
            case topReputation = "top_reputation"
        }
    }

    /// Leases and batches.
    struct Leases: Sendable, Codable, Equatable {
        var active: Int
        var completed: Int
        var expired: Int

        enum CodingKeys: String, CodingKey, CaseIterable { case active, completed, expired }
    }

    /// Candidates by consensus state, agreement in the window, and the rule in force.
    struct Consensus: Sendable, Codable, Equatable {
        var pending: Int
        var scored: Int
        var unresolved: Int
        var agreementsInWindow: Int
        var disagreementsInWindow: Int
        var quorum: Int
        var evaluatorsPerCandidate: Int
        var tolerance: Double

        enum CodingKeys: String, CodingKey, CaseIterable {
            case pending
            case scored
            case unresolved
            case agreementsInWindow = "agreements_in_window"
            case disagreementsInWindow = "disagreements_in_window"
            case quorum
            case evaluatorsPerCandidate = "evaluators_per_candidate"
            case tolerance
        }
    }

    /// Work done.
    struct Throughput: Sendable, Codable, Equatable {
        var evaluationsTotal: Int
        var evaluationsInWindow: Int
        var evolutionsInWindow: Int
        var iterationsInWindow: Int
        /// Evaluations per minute over the elapsed part of the current window.
        var evaluationsPerMinute: Double

        enum CodingKeys: String, CodingKey, CaseIterable {
            case evaluationsTotal = "evaluations_total"
            case evaluationsInWindow = "evaluations_in_window"
            case evolutionsInWindow = "evolutions_in_window"
            case iterationsInWindow = "iterations_in_window"
            case evaluationsPerMinute = "evaluations_per_minute"
        }
    }

    var windowNumber: Int
    var timeRemainingS: Double
    var miners: Miners
    var leases: Leases
    var consensus: Consensus
    var throughput: Throughput
    var sota: [PoolSOTAView]

    /// The wire form of `summary`.
    init(_ summary: PoolSummary) {
        let snapshot = summary.snapshot, counts = summary.snapshot.counts, rule = summary.consensus
        windowNumber = snapshot.position.windowNumber
        timeRemainingS = snapshot.position.timeRemaining
        miners = Miners(total: counts.miners, activeInWindow: summary.activeMiners, topReputation: summary.topReputation)
        leases = Leases(active: counts.activeAssignments, completed: counts.completedAssignments,
                        expired: counts.expiredAssignments)
        consensus = Consensus(pending: counts.pendingAlgorithms, scored: counts.scoredAlgorithms,
                              unresolved: counts.unresolvedAlgorithms, agreementsInWindow: summary.agreementsInWindow,
                              disagreementsInWindow: summary.disagreementsInWindow, quorum: rule.quorum,
                              evaluatorsPerCandidate: rule.evaluatorsPerCandidate, tolerance: rule.tolerance)
        throughput = Throughput(evaluationsTotal: counts.evaluations, evaluationsInWindow: summary.evaluationsInWindow,
                                evolutionsInWindow: summary.evolutionsInWindow, iterationsInWindow: summary.iterationsInWindow,
                                evaluationsPerMinute: summary.evaluationsPerMinute)
        sota = summary.snapshot.sota.map(PoolSOTAView.init)
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case windowNumber = "window_number"
        case timeRemainingS = "time_remaining_s"
        case miners
        case leases
        case consensus
        case throughput
        case sota
    }
}

extension PoolHealth: WireSchemaProviding {
    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .status: .string(values: ["ok"]).required
        case .version: .string().described("The MinerKit build serving").required
        case .windowNumber: .integer().required
        case .currentBlock: .integer().required
        case .timeRemainingS: .number(minimum: 0).required
        }
    }
}

extension PoolMonitorSummary.Miners: WireSchemaProviding {
    static let wireSchemaName = "PoolMonitorMiners"
    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .total: .integer(minimum: 0).required
        case .activeInWindow: .integer(minimum: 0).required
        case .topReputation: .number().described("Absent while there is no miner")
        }
    }
}

extension PoolMonitorSummary.Leases: WireSchemaProviding {
    static let wireSchemaName = "PoolMonitorLeases"
    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .active: .integer(minimum: 0).required
        case .completed: .integer(minimum: 0).required
        case .expired: .integer(minimum: 0).required
        }
    }
}

extension PoolMonitorSummary.Consensus: WireSchemaProviding {
    static let wireSchemaName = "PoolMonitorConsensus"
    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .pending: .integer(minimum: 0).required
        case .scored: .integer(minimum: 0).required
        case .unresolved: .integer(minimum: 0).required
        case .agreementsInWindow: .integer(minimum: 0).required
        case .disagreementsInWindow: .integer(minimum: 0).required
        case .quorum: .integer(minimum: 1).required
        case .evaluatorsPerCandidate: .integer(minimum: 1).required
        case .tolerance: .number(minimum: 0).required
        }
    }
}

extension PoolMonitorSummary.Throughput: WireSchemaProviding {
    static let wireSchemaName = "PoolMonitorThroughput"
    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .evaluationsTotal: .integer(minimum: 0).required
        case .evaluationsInWindow: .integer(minimum: 0).required
        case .evolutionsInWindow: .integer(minimum: 0).required
        case .iterationsInWindow: .integer(minimum: 0).required
        case .evaluationsPerMinute: .number(minimum: 0).required
        }
    }
}

extension PoolMonitorSummary: WireSchemaProviding {
    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .windowNumber: .integer().required
        case .timeRemainingS: .number(minimum: 0).required
        case .miners: .reference(Miners.self).required
        case .leases: .reference(Leases.self).required
        case .consensus: .reference(Consensus.self).required
        case .throughput: .reference(Throughput.self).required
        case .sota: .array(of: .reference(PoolSOTAView.self)).required
        }
    }
}

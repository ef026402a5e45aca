/// `GET /health`: `{status, version, window_number, current_block, time_remaining_s}`.
public struct PoolHealth: Sendable, Codable, Equatable {
    public var status: String
    /// The build serving the pool (``MinerKitVersion/current``).
    public var version: String
    public var windowNumber: Int
    public var currentBlock: Int
    public var timeRemainingS: Double

    enum CodingKeys: String, CodingKey {
        case status, version
        case windowNumber = "window_number"
        case currentBlock = "current_block"
        case timeRemainingS = "time_remaining_s"
    }
}

/// `GET /api/v1/monitor/summary`: miners, leases, consensus and throughput.
public struct PoolMonitorSummary: Sendable, Codable, Equatable {
    /// Miner counts.
    public struct Miners: Sendable, Codable, Equatable {
        public var total: Int
        /// Miners with any activity in the current window.
        public var activeInWindow: Int
        public var topReputation: Double?

        enum CodingKeys: String, CodingKey {
            case total
            case activeInWindow = "active_in_window"
            case topReputation = "top_reputation"
        }
    }

    /// Leases and batches.
    public struct Leases: Sendable, Codable, Equatable {
        public var active: Int
        public var completed: Int
        public var expired: Int
    }

    /// Candidates by consensus state, agreement in the window, and the rule in force.
    public struct Consensus: Sendable, Codable, Equatable {
        public var pending: Int
        public var scored: Int
        public var unresolved: Int
        public var agreementsInWindow: Int
        public var disagreementsInWindow: Int
        public var quorum: Int
        public var evaluatorsPerCandidate: Int
        public var tolerance: Double

        enum CodingKeys: String, CodingKey {
            case pending, scored, unresolved, quorum, tolerance
            case agreementsInWindow = "agreements_in_window"
            case disagreementsInWindow = "disagreements_in_window"
            case evaluatorsPerCandidate = "evaluators_per_candidate"
        }
    }

    /// Work done.
    public struct Throughput: Sendable, Codable, Equatable {
        public var evaluationsTotal: Int
        public var evaluationsInWindow: Int
        public var evolutionsInWindow: Int
        public var iterationsInWindow: Int
        /// Evaluations per minute over the elapsed part of the current window.
        public var evaluationsPerMinute: Double

        enum CodingKeys: String, CodingKey {
            case evaluationsTotal = "evaluations_total"
            case evaluationsInWindow = "evaluations_in_window"
            case evolutionsInWindow = "evolutions_in_window"
            case iterationsInWindow = "iterations_in_window"
            case evaluationsPerMinute = "evaluations_per_minute"
        }
    }

    public var windowNumber: Int
    public var timeRemainingS: Double
    public var miners: Miners
    public var leases: Leases
    public var consensus: Consensus
    public var throughput: Throughput
    public var sota: [PoolSOTAView]

    enum CodingKeys: String, CodingKey {
        case miners, leases, consensus, throughput, sota
        case windowNumber = "window_number"
        case timeRemainingS = "time_remaining_s"
    }
}

extension PoolHealth: WireSchemaProviding {
    public static let wireSchema = WireSchema.object([
        .init(CodingKeys.status, .string(values: ["ok"]), required: true),
        .init(CodingKeys.version, .string().described("The MinerKit build serving"), required: true),
        .init(CodingKeys.windowNumber, .integer(), required: true),
        .init(CodingKeys.currentBlock, .integer(), required: true),
        .init(CodingKeys.timeRemainingS, .number(minimum: 0), required: true),
    ])
}

extension PoolMonitorSummary.Miners: WireSchemaProviding {
    public static let wireSchemaName = "PoolMonitorMiners"
    public static let wireSchema = WireSchema.object([
        .init(CodingKeys.total, .integer(minimum: 0), required: true),
        .init(CodingKeys.activeInWindow, .integer(minimum: 0), required: true),
        .init(CodingKeys.topReputation, .number().described("Absent while there is no miner")),
    ])
}

extension PoolMonitorSummary.Leases: WireSchemaProviding {
    public static let wireSchemaName = "PoolMonitorLeases"
    public static let wireSchema = WireSchema.object([
        .init(CodingKeys.active, .integer(minimum: 0), required: true),
        .init(CodingKeys.completed, .integer(minimum: 0), required: true),
        .init(CodingKeys.expired, .integer(minimum: 0), required: true),
    ])
}

extension PoolMonitorSummary.Consensus: WireSchemaProviding {
    public static let wireSchemaName = "PoolMonitorConsensus"
    public static let wireSchema = WireSchema.object([
        .init(CodingKeys.pending, .integer(minimum: 0), required: true),
        .init(CodingKeys.scored, .integer(minimum: 0), required: true),
        .init(CodingKeys.unresolved, .integer(minimum: 0), required: true),
        .init(CodingKeys.agreementsInWindow, .integer(minimum: 0), required: true),
        .init(CodingKeys.disagreementsInWindow, .integer(minimum: 0), required: true),
        .init(CodingKeys.quorum, .integer(minimum: 1), required: true),
        .init(CodingKeys.evaluatorsPerCandidate, .integer(minimum: 1), required: true),
        .init(CodingKeys.tolerance, .number(minimum: 0), required: true),
    ])
}

extension PoolMonitorSummary.Throughput: WireSchemaProviding {
    public static let wireSchemaName = "PoolMonitorThroughput"
    public static let wireSchema = WireSchema.object([
        .init(CodingKeys.evaluationsTotal, .integer(minimum: 0), required: true),
        .init(CodingKeys.evaluationsInWindow, .integer(minimum: 0), required: true),
        .init(CodingKeys.evolutionsInWindow, .integer(minimum: 0), required: true),
        .init(CodingKeys.iterationsInWindow, .integer(minimum: 0), required: true),
        .init(CodingKeys.evaluationsPerMinute, .number(minimum: 0), required: true),
    ])
}

extension PoolMonitorSummary: WireSchemaProviding {
    public static let wireSchema = WireSchema.object([
        .init(CodingKeys.windowNumber, .integer(), required: true),
        .init(CodingKeys.timeRemainingS, .number(minimum: 0), required: true),
        .init(CodingKeys.miners, .reference(Miners.self), required: true),
        .init(CodingKeys.leases, .reference(Leases.self), required: true),
        .init(CodingKeys.consensus, .reference(Consensus.self), required: true),
        .init(CodingKeys.throughput, .reference(Throughput.self), required: true),
        .init(CodingKeys.sota, .array(of: .reference(PoolSOTAView.self)), required: true),
    ])
}

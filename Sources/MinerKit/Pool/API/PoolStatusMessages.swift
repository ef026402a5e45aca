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

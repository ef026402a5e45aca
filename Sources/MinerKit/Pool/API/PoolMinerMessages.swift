/// A miner as the pool reports it.
public struct PoolMinerView: Sendable, Codable, Equatable {
    public var hotkey: String
    public var reputation: Double
    /// ISO-8601.
    public var registeredAt: String
    public var lastSeenAt: String
    public var evaluations: Int
    public var evolutions: Int
    public var agreements: Int
    public var disagreements: Int
    public var assignmentsCompleted: Int

    /// The view of `miner`.
    public init(_ miner: PoolMiner) {
        hotkey = miner.hotkey
        reputation = miner.reputation
        registeredAt = PoolTimeFormat.string(miner.registeredAt)
        lastSeenAt = PoolTimeFormat.string(miner.lastSeenAt)
        evaluations = miner.evaluations
        evolutions = miner.evolutions
        agreements = miner.agreements
        disagreements = miner.disagreements
        assignmentsCompleted = miner.assignmentsCompleted
    }

    enum CodingKeys: String, CodingKey {
        case hotkey, reputation, evaluations, evolutions, agreements, disagreements
        case registeredAt = "registered_at"
        case lastSeenAt = "last_seen_at"
        case assignmentsCompleted = "assignments_completed"
    }
}

/// `POST /api/v1/miners/register`: `{status, hotkey, reputation, registered_at, last_seen_at, window_number}`.
public struct PoolRegistration: Sendable, Codable, Equatable {
    /// `registered` the first time, `refreshed` after.
    public var status: String
    public var hotkey: String
    public var reputation: Double
    public var registeredAt: String
    public var lastSeenAt: String
    public var windowNumber: Int

    enum CodingKeys: String, CodingKey {
        case status, hotkey, reputation
        case registeredAt = "registered_at"
        case lastSeenAt = "last_seen_at"
        case windowNumber = "window_number"
    }
}

/// One miner's activity in the current window.
public struct PoolWindowActivity: Sendable, Codable, Equatable {
    public var windowNumber: Int
    public var evaluations: Int
    public var evolutions: Int
    public var duplicates: Int
    public var agreements: Int
    public var disagreements: Int
    public var improvementPoints: Double

    /// The view of `stats`.
    public init(_ stats: PoolWindowStats) {
        windowNumber = stats.windowNumber
        evaluations = stats.evaluations
        evolutions = stats.evolutions
        duplicates = stats.duplicates
        agreements = stats.agreements
        disagreements = stats.disagreements
        improvementPoints = stats.improvementPoints
    }

    enum CodingKeys: String, CodingKey {
        case evaluations, evolutions, duplicates, agreements, disagreements
        case windowNumber = "window_number"
        case improvementPoints = "improvement_points"
    }
}

/// `GET /api/v1/miners/stats`: the miner, its current window and a pool summary.
public struct PoolMinerStats: Sendable, Codable, Equatable {
    public var miner: PoolMinerView
    public var currentWindow: PoolWindowActivity
    public var pool: PoolOverview

    enum CodingKeys: String, CodingKey {
        case miner, pool
        case currentWindow = "current_window"
    }
}

/// A short pool summary.
public struct PoolOverview: Sendable, Codable, Equatable {
    public var windowNumber: Int
    public var timeRemainingS: Double
    public var miners: Int
    public var activeAssignments: Int
    public var sota: [PoolSOTAView]

    enum CodingKeys: String, CodingKey {
        case miners, sota
        case windowNumber = "window_number"
        case timeRemainingS = "time_remaining_s"
        case activeAssignments = "active_assignments"
    }
}

/// `GET /api/v1/miners/leaderboard`.
public struct PoolLeaderboard: Sendable, Codable, Equatable {
    /// One row, best first.
    public struct Entry: Sendable, Codable, Equatable {
        public var rank: Int
        public var hotkey: String
        public var reputation: Double
        public var evaluations: Int
        public var evolutions: Int
        public var agreements: Int
        public var disagreements: Int
    }

    public var windowNumber: Int
    public var miners: [Entry]

    enum CodingKeys: String, CodingKey {
        case miners
        case windowNumber = "window_number"
    }
}

extension PoolMinerView: WireSchemaProviding {
    public static let wireSchema = WireSchema.object([
        .init(CodingKeys.hotkey, .string(), required: true),
        .init(CodingKeys.reputation, .number(), required: true),
        .init(CodingKeys.registeredAt, .string(format: "date-time"), required: true),
        .init(CodingKeys.lastSeenAt, .string(format: "date-time"), required: true),
        .init(CodingKeys.evaluations, .integer(minimum: 0), required: true),
        .init(CodingKeys.evolutions, .integer(minimum: 0), required: true),
        .init(CodingKeys.agreements, .integer(minimum: 0), required: true),
        .init(CodingKeys.disagreements, .integer(minimum: 0), required: true),
        .init(CodingKeys.assignmentsCompleted, .integer(minimum: 0), required: true),
    ])
}

extension PoolRegistration: WireSchemaProviding {
    public static let wireSchema = WireSchema.object([
        .init(CodingKeys.status, .string(values: ["registered", "refreshed"]), required: true),
        .init(CodingKeys.hotkey, .string(), required: true),
        .init(CodingKeys.reputation, .number(), required: true),
        .init(CodingKeys.registeredAt, .string(format: "date-time"), required: true),
        .init(CodingKeys.lastSeenAt, .string(format: "date-time"), required: true),
        .init(CodingKeys.windowNumber, .integer(), required: true),
    ])
}

extension PoolWindowActivity: WireSchemaProviding {
    public static let wireSchema = WireSchema.object([
        .init(CodingKeys.windowNumber, .integer(), required: true),
        .init(CodingKeys.evaluations, .integer(minimum: 0), required: true),
        .init(CodingKeys.evolutions, .integer(minimum: 0), required: true),
        .init(CodingKeys.duplicates, .integer(minimum: 0), required: true),
        .init(CodingKeys.agreements, .integer(minimum: 0), required: true),
        .init(CodingKeys.disagreements, .integer(minimum: 0), required: true),
        .init(CodingKeys.improvementPoints, .number(), required: true),
    ])
}

extension PoolMinerStats: WireSchemaProviding {
    public static let wireSchema = WireSchema.object([
        .init(CodingKeys.miner, .reference(PoolMinerView.self), required: true),
        .init(CodingKeys.currentWindow, .reference(PoolWindowActivity.self), required: true),
        .init(CodingKeys.pool, .reference(PoolOverview.self), required: true),
    ])
}

extension PoolOverview: WireSchemaProviding {
    public static let wireSchema = WireSchema.object([
        .init(CodingKeys.windowNumber, .integer(), required: true),
        .init(CodingKeys.timeRemainingS, .number(minimum: 0), required: true),
        .init(CodingKeys.miners, .integer(minimum: 0), required: true),
        .init(CodingKeys.activeAssignments, .integer(minimum: 0), required: true),
        .init(CodingKeys.sota, .array(of: .reference(PoolSOTAView.self)), required: true),
    ])
}

extension PoolLeaderboard.Entry: WireSchemaProviding {
    public static let wireSchemaName = "PoolLeaderboardEntry"
    public static let wireSchema = WireSchema.object([
        .init(CodingKeys.rank, .integer(minimum: 1), required: true),
        .init(CodingKeys.hotkey, .string(), required: true),
        .init(CodingKeys.reputation, .number(), required: true),
        .init(CodingKeys.evaluations, .integer(minimum: 0), required: true),
        .init(CodingKeys.evolutions, .integer(minimum: 0), required: true),
        .init(CodingKeys.agreements, .integer(minimum: 0), required: true),
        .init(CodingKeys.disagreements, .integer(minimum: 0), required: true),
    ])
}

extension PoolLeaderboard: WireSchemaProviding {
    public static let wireSchema = WireSchema.object([
        .init(CodingKeys.windowNumber, .integer(), required: true),
        .init(CodingKeys.miners, .array(of: .reference(Entry.self)), required: true),
    ])
}

import MinerKit

/// A miner as the pool reports it.
struct PoolMinerView: Sendable, Codable, Equatable {
    var hotkey: String
    var reputation: Double
    /// ISO-8601.
    var registeredAt: String
    var lastSeenAt: String
    var evaluations: Int
    var evolutions: Int
    var agreements: Int
    var disagreements: Int
    var assignmentsCompleted: Int

    /// The view of `miner`.
    init(_ miner: PoolMiner) {
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

    enum CodingKeys: String, CodingKey, CaseIterable {
        case hotkey
        case reputation
        case registeredAt = "registered_at"
        case lastSeenAt = "last_seen_at"
        case evaluations
        case evolutions
        case agreements
        case disagreements
        case assignmentsCompleted = "assignments_completed"
    }
}

/// `POST /api/v1/miners/register`: `{status, hotkey, reputation, registered_at, last_seen_at, window_number}`.
struct PoolRegistration: Sendable, Codable, Equatable {
    /// `registered` the first time, `refreshed` after.
    var status: String
    var hotkey: String
    var reputation: Double
    var registeredAt: String
    var lastSeenAt: String
    var windowNumber: Int

    /// The wire form of `enrollment`.
    init(_ enrollment: PoolEnrollment) {
        status = enrollment.isNew ? "registered" : "refreshed"
        hotkey = enrollment.miner.hotkey
        reputation = enrollment.miner.reputation
        registeredAt = PoolTimeFormat.string(enrollment.miner.registeredAt)
        lastSeenAt = PoolTimeFormat.string(enrollment.miner.lastSeenAt)
        windowNumber = enrollment.windowNumber
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case status, hotkey, reputation
        case registeredAt = "registered_at"
        case lastSeenAt = "last_seen_at"
        case windowNumber = "window_number"
    }
}

/// One miner's activity in the current window.
struct PoolWindowActivity: Sendable, Codable, Equatable {
    var windowNumber: Int
    var evaluations: Int
    var evolutions: Int
    var duplicates: Int
    var agreements: Int
    var disagreements: Int
    var improvementPoints: Double

    /// The view of `stats`.
    init(_ stats: PoolWindowStats) {
        windowNumber = stats.windowNumber
        evaluations = stats.evaluations
        evolutions = stats.evolutions
        duplicates = stats.duplicates
        agreements = stats.agreements
        disagreements = stats.disagreements
        improvementPoints = stats.improvementPoints
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case windowNumber = "window_number"
        case evaluations
        case evolutions
        case duplicates
        case agreements
        case disagreements
        case improvementPoints = "improvement_points"
    }
}

/// `GET /api/v1/miners/stats`: the miner, its current window and a pool summary.
struct PoolMinerStats: Sendable, Codable, Equatable {
    var miner: PoolMinerView
    var currentWindow: PoolWindowActivity
    var pool: PoolOverview

    /// The wire form of `standing`.
    init(_ standing: PoolMinerStanding) {
        miner = PoolMinerView(standing.miner)
        currentWindow = PoolWindowActivity(standing.window)
        pool = PoolOverview(standing.pool)
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case miner
        case currentWindow = "current_window"
        case pool
    }
}

/// A short pool summary.
struct PoolOverview: Sendable, Codable, Equatable {
    var windowNumber: Int
    var timeRemainingS: Double
    var miners: Int
    var activeAssignments: Int
    var sota: [PoolSOTAView]

    /// The wire form of `snapshot`.
    init(_ snapshot: PoolSnapshot) {
        windowNumber = snapshot.position.windowNumber
        timeRemainingS = snapshot.position.timeRemaining
        miners = snapshot.counts.miners
        activeAssignments = snapshot.counts.activeAssignments
        sota = snapshot.sota.map(PoolSOTAView.init)
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case windowNumber = "window_number"
        case timeRemainingS = "time_remaining_s"
        case miners
        case activeAssignments = "active_assignments"
        case sota
    }
}

/// `GET /api/v1/miners/leaderboard`.
struct PoolLeaderboard: Sendable, Codable, Equatable {
    /// One row, best first.
    struct Entry: Sendable, Codable, Equatable {
        var rank: Int
        var hotkey: String
        var reputation: Double
        var evaluations: Int
        var evolutions: Int
        var agreements: Int
        var disagreements: Int

        /// The row of `miner` at `rank`.
        init(rank: Int, _ miner: PoolMiner) {
            self.rank = rank
            hotkey = miner.hotkey
            reputation = miner.reputation
            evaluations = miner.evaluations
            evolutions = miner.evolutions
            agreements = miner.agreements
            disagreements = miner.disagreements
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case rank, hotkey, reputation, evaluations, evolutions, agreements, disagreements
        }
    }

    var windowNumber: Int
    var miners: [Entry]

    /// The wire form of `ranking`: the first miner ranks 1.
    init(_ ranking: PoolRanking) {
        windowNumber = ranking.windowNumber
        miners = ranking.miners.enumerated().map { index, miner in Entry(rank: index + 1, miner) }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case windowNumber = "window_number"
        case miners
    }
}

extension PoolMinerView: WireSchemaProviding {
    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .hotkey: .string().required
        case .reputation: .number().required
        case .registeredAt: .string(format: "date-time").required
        case .lastSeenAt: .string(format: "date-time").required
        case .evaluations: .integer(minimum: 0).required
        case .evolutions: .integer(minimum: 0).required
        case .agreements: .integer(minimum: 0).required
        case .disagreements: .integer(minimum: 0).required
        case .assignmentsCompleted: .integer(minimum: 0).required
        }
    }
}

extension PoolRegistration: WireSchemaProviding {
    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .status: .string(values: ["registered", "refreshed"]).required
        case .hotkey: .string().required
        case .reputation: .number().required
        case .registeredAt: .string(format: "date-time").required
        case .lastSeenAt: .string(format: "date-time").required
        case .windowNumber: .integer().required
        }
    }
}

extension PoolWindowActivity: WireSchemaProviding {
    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .windowNumber: .integer().required
        case .evaluations: .integer(minimum: 0).required
        case .evolutions: .integer(minimum: 0).required
        case .duplicates: .integer(minimum: 0).required
        case .agreements: .integer(minimum: 0).required
        case .disagreements: .integer(minimum: 0).required
        case .improvementPoints: .number().required
        }
    }
}

extension PoolMinerStats: WireSchemaProviding {
    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .miner: .reference(PoolMinerView.self).required
        case .currentWindow: .reference(PoolWindowActivity.self).required
        case .pool: .reference(PoolOverview.self).required
        }
    }
}

extension PoolOverview: WireSchemaProviding {
    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .windowNumber: .integer().required
        case .timeRemainingS: .number(minimum: 0).required
        case .miners: .integer(minimum: 0).required
        case .activeAssignments: .integer(minimum: 0).required
        case .sota: .array(of: .reference(PoolSOTAView.self)).required
        }
    }
}

extension PoolLeaderboard.Entry: WireSchemaProviding {
    static let wireSchemaName = "PoolLeaderboardEntry"
    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .rank: .integer(minimum: 1).required
        case .hotkey: .string().required
        case .reputation: .number().required
        case .evaluations: .integer(minimum: 0).required
        case .evolutions: .integer(minimum: 0).required
        case .agreements: .integer(minimum: 0).required
        case .disagreements: .integer(minimum: 0).required
        }
    }
}

extension PoolLeaderboard: WireSchemaProviding {
    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .windowNumber: .integer().required
        case .miners: .array(of: .reference(Entry.self)).required
        }
    }
}

import MinerKit

/// A scored algorithm as a result.
struct PoolResultView: Sendable, Codable, Equatable {
    var resultID: String
    var algorithmID: String
    var taskType: String
    var score: Double
    var algorithmDSL: String
    var submitter: String?
    var parentIDs: [String]
    var isSeed: Bool
    var windowNumber: Int
    var resolvedAt: String?
    var isVerified: Bool
    var verifiedBy: String?
    var verifiedAt: String?

    /// The wire form of `result`.
    init(_ result: PoolResult) {
        let algorithm = result.algorithm
        resultID = algorithm.id
        algorithmID = algorithm.id
        taskType = algorithm.taskType
        score = result.score
        algorithmDSL = algorithm.dsl
        submitter = algorithm.submitter
        parentIDs = algorithm.parentIDs
        isSeed = algorithm.isSeed
        windowNumber = algorithm.windowNumber
        resolvedAt = algorithm.resolvedAt.map(PoolTimeFormat.string)
        isVerified = algorithm.verifiedAt != nil
        verifiedBy = algorithm.verifiedBy
        verifiedAt = algorithm.verifiedAt.map(PoolTimeFormat.string)
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case resultID = "result_id"
        case algorithmID = "algorithm_id"
        case taskType = "task_type"
        case score
        case algorithmDSL = "algorithm_dsl"
        case submitter
        case parentIDs = "parent_ids"
        case isSeed = "is_seed"
        case windowNumber = "window_number"
        case resolvedAt = "resolved_at"
        case isVerified = "is_verified"
        case verifiedBy = "verified_by"
        case verifiedAt = "verified_at"
    }
}

/// `GET /api/v1/results`: scored algorithms, best first.
struct PoolResultList: Sendable, Codable, Equatable {
    var results: [PoolResultView]
    var count: Int

    /// The wire form of `results`.
    init(_ results: [PoolResult]) {
        self.results = results.map(PoolResultView.init)
        count = results.count
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case results, count }
}

/// `GET /api/v1/results/sota`: the best consensus score of a task type; nulls before the first one.
struct PoolSOTAView: Sendable, Codable, Equatable {
    var taskType: String
    var algorithmID: String?
    var score: Double?
    var algorithmDSL: String?
    var updatedAt: String?

    /// The wire form of `sota`: nulls before its first score.
    init(_ sota: PoolTaskSOTA) {
        taskType = sota.taskType
        algorithmID = sota.best?.algorithmID
        score = sota.best?.score
        algorithmDSL = sota.algorithmDSL
        updatedAt = sota.best.map { PoolTimeFormat.string($0.updatedAt) }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case taskType = "task_type"
        case algorithmID = "algorithm_id"
        case score
        case algorithmDSL = "algorithm_dsl"
        case updatedAt = "updated_at"
    }

    /// Writes every member, `null` for an absent one.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        for key in CodingKeys.allCases {
            switch key {
            case .taskType: try c.encode(taskType, forKey: key)
            case .algorithmID: try c.encode(algorithmID, forKey: key)
            case .score: try c.encode(score, forKey: key)
            case .algorithmDSL: try c.encode(algorithmDSL, forKey: key)
            case .updatedAt: try c.encode(updatedAt, forKey: key)
            }
        }
    }
}

extension PoolResultView: WireSchemaProviding {
    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .resultID: .string().required
        case .algorithmID: .string().required
        case .taskType: .string().required
        case .score: .number().required
        case .algorithmDSL: .string().required
        case .submitter: .string().described("The miner that submitted it; absent for seeds")
        case .parentIDs: .array(of: .string()).required
        case .isSeed: .boolean.required
        case .windowNumber: .integer().required
        case .resolvedAt: .string(format: "date-time")
        case .isVerified: .boolean.required
        case .verifiedBy: .string()
        case .verifiedAt: .string(format: "date-time")
        }
    }
}

extension PoolResultList: WireSchemaProviding {
    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .results: .array(of: .reference(PoolResultView.self)).required
        case .count: .integer(minimum: 0).required
        }
    }
}

extension PoolSOTAView: WireSchemaProviding {
    static let wireSchema = WireSchema.object(CodingKeys.self,
                                                     description: "Nulls before the task type's first consensus score") { key in
        switch key {
        case .taskType: .string().required
        case .algorithmID: .string().nullable().required
        case .score: .number().nullable().required
        case .algorithmDSL: .string().nullable().required
        case .updatedAt: .string(format: "date-time").nullable().required
        }
    }
}

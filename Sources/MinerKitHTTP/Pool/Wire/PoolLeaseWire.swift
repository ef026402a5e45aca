import MinerKit

/// `POST /api/v1/tasks/lease` body. Every field is optional.
struct PoolLeaseRequest: Sendable, Codable, Equatable {
    /// The task type to work on; the pool's default when absent.
    var taskType: String?
    /// Candidates to evaluate; >= 2 when given, clamped to the pool's maximum.
    var evalBatchSize: Int?
    /// Parents to evolve from; >= 2 when given, clamped to the pool's maximum.
    var seedBatchSize: Int?
    /// Gossip ids wanted; clamped to 0...50.
    var gossipLimit: Int?

    /// A request; `nil` fields take the pool's defaults.
    init(taskType: String? = nil, evalBatchSize: Int? = nil, seedBatchSize: Int? = nil, gossipLimit: Int? = nil) {
        self.taskType = taskType
        self.evalBatchSize = evalBatchSize
        self.seedBatchSize = seedBatchSize
        self.gossipLimit = gossipLimit
    }

    /// The terms asked for.
    var terms: PoolLeaseTerms {
        PoolLeaseTerms(taskType: taskType, evalBatchSize: evalBatchSize, seedBatchSize: seedBatchSize, gossipLimit: gossipLimit)
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case taskType = "task_type"
        case evalBatchSize = "eval_batch_size"
        case seedBatchSize = "seed_batch_size"
        case gossipLimit = "gossip_limit"
    }
}

/// The best algorithm ids of a task type, shared between miners.
struct PoolGossip: Sendable, Codable, Equatable {
    var taskType: String?
    var algorithmIDs: [String]

    /// Gossip naming `algorithmIDs` of `taskType`.
    init(taskType: String?, algorithmIDs: [String]) {
        self.taskType = taskType
        self.algorithmIDs = algorithmIDs
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        taskType = try c.decodeIfPresent(String.self, forKey: .taskType)
        algorithmIDs = try c.decodeIfPresent([String].self, forKey: .algorithmIDs) ?? []
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case taskType = "task_type"
        case algorithmIDs = "algorithm_ids"
    }
}

/// The answer to a lease request.
struct PoolLeaseResponse: Sendable, Codable, Equatable {
    var leaseID: String
    var windowNumber: Int
    /// ISO-8601.
    var timeoutAt: String
    /// Evolutions the miner may return.
    var evolveBudget: Int
    var evaluateAlgorithms: [PoolAlgorithmView]
    var seedAlgorithms: [PoolAlgorithmView]
    var gossip: PoolGossip

    /// The wire form of `lease`: its gossip names the lease's task type.
    init(_ lease: PoolLease) {
        leaseID = lease.assignment.id
        windowNumber = lease.assignment.windowNumber
        timeoutAt = PoolTimeFormat.string(lease.assignment.timeoutAt)
        evolveBudget = lease.assignment.evolveBudget
        evaluateAlgorithms = lease.evaluateAlgorithms.map(PoolAlgorithmView.init)
        seedAlgorithms = lease.seedAlgorithms.map(PoolAlgorithmView.init)
        gossip = PoolGossip(taskType: lease.assignment.taskType, algorithmIDs: lease.gossipIDs)
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case leaseID = "lease_id"
        case windowNumber = "window_number"
        case timeoutAt = "timeout_at"
        case evolveBudget = "evolve_budget"
        case evaluateAlgorithms = "evaluate_algorithms"
        case seedAlgorithms = "seed_algorithms"
        case gossip
    }
}

/// One score in a submission: `{algorithm_id, score}` (`id` is accepted for `algorithm_id`).
struct PoolEvaluationInput: Sendable, Codable, Equatable {
    var algorithmID: String
    var score: Double

    /// `score` for `algorithmID`.
    init(algorithmID: String, score: Double) {
        self.algorithmID = algorithmID
        self.score = score
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let id = try c.decodeIfPresent(String.self, forKey: .algorithmID) {
            algorithmID = id
        } else {
            algorithmID = try c.decode(String.self, forKey: .id)
        }
        score = try c.decode(Double.self, forKey: .score)
    }

    /// The score submitted.
    var poolScore: PoolScore { PoolScore(algorithmID: algorithmID, score: score) }

    /// Writes `algorithm_id`, never its alias `id`.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        for key in CodingKeys.allCases {
            switch key {
            case .algorithmID: try c.encode(algorithmID, forKey: key)
            case .id: continue
            case .score: try c.encode(score, forKey: key)
            }
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case algorithmID = "algorithm_id"
        case id
        case score
    }
}

/// One evolved algorithm in a lease submission.
struct PoolEvolutionInput: Sendable, Codable, Equatable {
    var parentAlgorithmIDs: [String]
    var algorithmDSL: String

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        parentAlgorithmIDs = try c.decodeIfPresent([String].self, forKey: .parentAlgorithmIDs) ?? []
        algorithmDSL = try c.decode(String.self, forKey: .algorithmDSL)
    }

    /// The evolution submitted.
    var evolution: PoolEvolution { PoolEvolution(parentIDs: parentAlgorithmIDs, dsl: algorithmDSL) }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case parentAlgorithmIDs = "parent_algorithm_ids"
        case algorithmDSL = "algorithm_dsl"
    }
}

/// `POST /api/v1/tasks/{lease_id}/submit_lease` body; absent lists are empty.
struct PoolLeaseSubmission: Sendable, Codable, Equatable {
    var evaluations: [PoolEvaluationInput]
    /// At most the lease's `evolve_budget`.
    var evolutions: [PoolEvolutionInput]
    var gossip: PoolGossip?
    var iterations: Int

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        evaluations = try c.decodeIfPresent([PoolEvaluationInput].self, forKey: .evaluations) ?? []
        evolutions = try c.decodeIfPresent([PoolEvolutionInput].self, forKey: .evolutions) ?? []
        gossip = try c.decodeIfPresent(PoolGossip.self, forKey: .gossip)
        iterations = try c.decodeIfPresent(Int.self, forKey: .iterations) ?? 0
    }

    /// What the miner reports; the gossip's task type is not read.
    var report: PoolLeaseReport {
        PoolLeaseReport(scores: evaluations.map(\.poolScore), evolutions: evolutions.map(\.evolution),
                        gossipIDs: gossip?.algorithmIDs ?? [], iterations: iterations)
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case evaluations, evolutions, gossip, iterations
    }
}

/// What the pool made of a submission (lease or batch).
struct PoolSubmissionResult: Sendable, Codable, Equatable {
    /// `accepted`.
    var status: String
    /// The lease or batch id.
    var assignmentID: String
    var windowNumber: Int
    /// Evaluations stored; the rest were for algorithms outside the assignment, repeated, or given up.
    var evaluationsAccepted: Int
    var evaluationsIgnored: Int
    /// Ids of new candidates created by the evolutions.
    var algorithmIDs: [String]
    /// Evolutions whose content the pool had already seen (each costs reputation).
    var duplicates: Int
    /// Gossip ids that name algorithms the pool knows.
    var gossipKnown: Int

    /// The wire form of `outcome`.
    init(_ outcome: PoolSubmissionOutcome) {
        status = "accepted"
        assignmentID = outcome.assignmentID
        windowNumber = outcome.windowNumber
        evaluationsAccepted = outcome.evaluationsAccepted
        evaluationsIgnored = outcome.evaluationsIgnored
        algorithmIDs = outcome.algorithmIDs
        duplicates = outcome.duplicates
        gossipKnown = outcome.gossipKnown
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case status
        case assignmentID = "assignment_id"
        case windowNumber = "window_number"
        case evaluationsAccepted = "evaluations_accepted"
        case evaluationsIgnored = "evaluations_ignored"
        case algorithmIDs = "algorithm_ids"
        case duplicates
        case gossipKnown = "gossip_known"
    }
}

extension PoolLeaseRequest {
    /// The body's shape for a pool serving `taskTypes` under `limits`.
    static func wireSchema(limits: PoolLimits, taskTypes: [String]) -> WireSchema {
        .object(CodingKeys.self) { key in
            switch key {
            case .taskType: .string(values: taskTypes).nullable()
                .described("The pool's default task type when absent or null")
            case .evalBatchSize: .integer(minimum: 2, maximum: PoolLimits.maxRequestInteger).nullable()
                .described("Candidates to evaluate; clamped to \(limits.maxEvalBatchSize)")
            case .seedBatchSize: .integer(minimum: 2, maximum: PoolLimits.maxRequestInteger).nullable()
                .described("Parents to evolve from; clamped to \(limits.maxSeedBatchSize)")
            case .gossipLimit: .integer(minimum: -PoolLimits.maxRequestInteger - 1, maximum: PoolLimits.maxRequestInteger)
                .nullable().described("Gossip ids wanted; clamped to 0...\(limits.maxGossip)")
            }
        }
    }
}

extension PoolGossip {
    /// The gossip's shape under `limits`.
    static func wireSchema(limits: PoolLimits) -> WireSchema {
        .object(CodingKeys.self) { key in
            switch key {
            case .taskType: .string().nullable()
            case .algorithmIDs: .array(of: .string(), maxItems: limits.maxGossip).nullable()
            }
        }
    }
}

extension PoolLeaseResponse {
    /// The answer's shape under `limits`.
    static func wireSchema(limits: PoolLimits) -> WireSchema {
        .object(CodingKeys.self) { key in
            switch key {
            case .leaseID: .string().required
            case .windowNumber: .integer().required
            case .timeoutAt: .string(format: "date-time").required
            case .evolveBudget: .integer(minimum: 0).required
            case .evaluateAlgorithms: .array(of: .reference(PoolAlgorithmView.self)).required
            case .seedAlgorithms: .array(of: .reference(PoolAlgorithmView.self)).required
            case .gossip: .reference("PoolGossip", PoolGossip.wireSchema(limits: limits)).required
            }
        }
    }
}

extension PoolEvaluationInput {
    /// One score's shape under `limits`.
    static func wireSchema(limits: PoolLimits) -> WireSchema {
        .object(CodingKeys.self) { key in
            switch key {
            case .algorithmID: limits.nameSchema.required
            case .id: limits.nameSchema.described("Accepted in place of `algorithm_id`")
            case .score: .number().required
            }
        }
    }
}

extension PoolEvolutionInput {
    /// One evolution's shape under `limits`.
    static func wireSchema(limits: PoolLimits) -> WireSchema {
        .object(CodingKeys.self) { key in
            switch key {
            case .parentAlgorithmIDs: .array(of: limits.nameSchema, maxItems: limits.maxParents).nullable()
            case .algorithmDSL: limits.dslSchema.required
            }
        }
    }
}

extension PoolLeaseSubmission {
    /// The body's shape under `limits`; absent lists are empty.
    static func wireSchema(limits: PoolLimits) -> WireSchema {
        .object(CodingKeys.self) { key in
            switch key {
            case .evaluations:
                .array(of: .reference("PoolEvaluationInput", PoolEvaluationInput.wireSchema(limits: limits)),
                       maxItems: limits.maxEvaluationsPerSubmission).nullable()
            case .evolutions:
                .array(of: .reference("PoolEvolutionInput", PoolEvolutionInput.wireSchema(limits: limits)),
                       maxItems: limits.maxEvolutionsPerSubmission).nullable()
                    .described("At most the lease's `evolve_budget`")
            case .gossip: .reference("PoolGossip", PoolGossip.wireSchema(limits: limits)).nullable()
            case .iterations: .integer(minimum: 0, maximum: 1_000_000_000).nullable()
            }
        }
    }
}

extension PoolSubmissionResult: WireSchemaProviding {
    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .status: .string(values: ["accepted"]).required
        case .assignmentID: .string().required
        case .windowNumber: .integer().required
        case .evaluationsAccepted: .integer(minimum: 0).required
        case .evaluationsIgnored: .integer(minimum: 0).required
        case .algorithmIDs: .array(of: .string()).required
        case .duplicates: .integer(minimum: 0).required
        case .gossipKnown: .integer(minimum: 0).required
        }
    }
}

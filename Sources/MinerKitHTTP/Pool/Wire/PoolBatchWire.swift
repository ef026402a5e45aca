import MinerKit

/// `POST /api/v1/tasks/request` body of the older batch API.
struct PoolBatchRequest: Sendable, Codable, Equatable {
    /// `evolve` or `evaluate`; when absent, evaluate if there is evaluation work, else evolve.
    var taskType: String?

    /// A request for `taskType` (`evolve`, `evaluate` or either).
    init(taskType: String? = nil) { self.taskType = taskType }

    /// The batch kind asked for; `nil` for either. 422 `invalid_batch_task_type` for anything but
    /// `evolve` or `evaluate`.
    var kind: PoolAssignment.Kind? {
        get throws { try PoolAssignment.Kind.batch(named: taskType) }
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case taskType = "task_type" }
}

/// A batch: `{batch_id, task_type, algorithms}`.
struct PoolBatchResponse: Sendable, Codable, Equatable {
    var batchID: String
    /// `evolve` or `evaluate`.
    var taskType: String
    var algorithms: [PoolAlgorithmView]

    /// The wire form of `batch`; its `task_type` is the batch's kind.
    init(_ batch: PoolBatch) {
        batchID = batch.assignment.id
        taskType = batch.assignment.kind.rawValue
        algorithms = batch.algorithms.map(PoolAlgorithmView.init)
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case batchID = "batch_id"
        case taskType = "task_type"
        case algorithms
    }
}

/// `POST /api/v1/tasks/{batch_id}/submit_evolution` body.
struct PoolEvolutionSubmission: Sendable, Codable, Equatable {
    var evolvedFunction: String
    var parentIDs: [String]

    /// The evolution submitted.
    var evolution: PoolEvolution { PoolEvolution(parentIDs: parentIDs, dsl: evolvedFunction) }

    /// A parent reference `{id}`; other members are ignored.
    struct ParentReference: Codable {
        var id: String

        enum CodingKeys: String, CodingKey, CaseIterable { case id }
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        evolvedFunction = try c.decode(String.self, forKey: .evolvedFunction)
        parentIDs = try (c.decodeIfPresent([ParentReference].self, forKey: .parentFunctions) ?? []).map(\.id)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        for key in CodingKeys.allCases {
            switch key {
            case .evolvedFunction: try c.encode(evolvedFunction, forKey: key)
            case .parentFunctions: try c.encode(parentIDs.map(ParentReference.init(id:)), forKey: key)
            }
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case evolvedFunction = "evolved_function"
        case parentFunctions = "parent_functions"
    }
}

/// `POST /api/v1/tasks/{batch_id}/submit_evaluation` body.
struct PoolEvaluationSubmission: Sendable, Codable, Equatable {
    var evaluations: [PoolEvaluationInput]

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        evaluations = try c.decodeIfPresent([PoolEvaluationInput].self, forKey: .evaluations) ?? []
    }

    /// The scores submitted.
    var scores: [PoolScore] { evaluations.map(\.poolScore) }

    enum CodingKeys: String, CodingKey, CaseIterable { case evaluations }
}

/// `GET /api/v1/tasks/pending_evaluations`.
struct PoolPendingEvaluations: Sendable, Codable, Equatable {
    /// Whether candidates await an evaluation this miner could give.
    var hasPendingEvaluations: Bool
    /// How many (counted up to the pool's evaluate batch size).
    var pendingCount: Int

    /// The answer when `count` candidates await.
    init(count: Int) {
        hasPendingEvaluations = count > 0
        pendingCount = count
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case hasPendingEvaluations = "has_pending_evaluations"
        case pendingCount = "pending_count"
    }
}

extension PoolBatchRequest: WireSchemaProviding {
    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .taskType: .string(values: ["evolve", "evaluate"]).nullable()
            .described("When absent or null: evaluate if there is evaluation work, else evolve")
        }
    }
}

extension PoolBatchResponse: WireSchemaProviding {
    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .batchID: .string().required
        case .taskType: .string(values: ["evolve", "evaluate"]).required
        case .algorithms: .array(of: .reference(PoolAlgorithmView.self)).required
        }
    }
}

extension PoolEvolutionSubmission {
    /// The body's shape under `limits`.
    static func wireSchema(limits: PoolLimits) -> WireSchema {
        .object(CodingKeys.self) { key in
            switch key {
            case .evolvedFunction: limits.dslSchema.required
            case .parentFunctions:
                .array(of: .object(ParentReference.CodingKeys.self) { key in
                    switch key {
                    case .id: limits.nameSchema.required
                    }
                }, maxItems: limits.maxParents).nullable()
                    .described("The parents, as `{id}` objects (other members are ignored)")
            }
        }
    }
}

extension PoolEvaluationSubmission {
    /// The body's shape under `limits`.
    static func wireSchema(limits: PoolLimits) -> WireSchema {
        .object(CodingKeys.self) { key in
            switch key {
            case .evaluations:
                .array(of: .reference("PoolEvaluationInput", PoolEvaluationInput.wireSchema(limits: limits)),
                       maxItems: limits.maxEvaluationsPerSubmission).nullable()
            }
        }
    }
}

extension PoolPendingEvaluations: WireSchemaProviding {
    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .hasPendingEvaluations: .boolean.required
        case .pendingCount: .integer(minimum: 0).required
        }
    }
}

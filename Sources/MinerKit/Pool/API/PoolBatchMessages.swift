/// `POST /api/v1/tasks/request` body of the older batch API.
public struct PoolBatchRequest: Sendable, Codable, Equatable {
    /// `evolve` or `evaluate`; when absent, evaluate if there is evaluation work, else evolve.
    public var taskType: String?

    /// A request for `taskType` (`evolve`, `evaluate` or either).
    public init(taskType: String? = nil) { self.taskType = taskType }

    /// The batch kind asked for; `nil` for either. 422 `invalid_batch_task_type` for anything but
    /// `evolve` or `evaluate`.
    public var kind: PoolAssignment.Kind? {
        get throws { try PoolAssignment.Kind.batch(named: taskType) }
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case taskType = "task_type" }
}

/// A batch: `{batch_id, task_type, algorithms}`.
public struct PoolBatchResponse: Sendable, Codable, Equatable {
    public var batchID: String
    /// `evolve` or `evaluate`.
    public var taskType: String
    public var algorithms: [PoolAlgorithmView]

    /// The wire form of `batch`; its `task_type` is the batch's kind.
    public init(_ batch: PoolBatch) {
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
public struct PoolEvolutionSubmission: Sendable, Codable, Equatable {
    public var evolvedFunction: String
    public var parentIDs: [String]

    /// A submission of `evolvedFunction` evolved from `parentIDs`.
    public init(evolvedFunction: String, parentIDs: [String]) {
        self.evolvedFunction = evolvedFunction
        self.parentIDs = parentIDs
    }

    /// The evolution submitted.
    public var evolution: PoolEvolution { PoolEvolution(parentIDs: parentIDs, dsl: evolvedFunction) }

    /// A parent reference `{id}`; other members are ignored.
    struct ParentReference: Codable {
        var id: String

        enum CodingKeys: String, CodingKey, CaseIterable { case id }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        evolvedFunction = try c.decode(String.self, forKey: .evolvedFunction)
        parentIDs = try (c.decodeIfPresent([ParentReference].self, forKey: .parentFunctions) ?? []).map(\.id)
    }

    public func encode(to encoder: any Encoder) throws {
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
public struct PoolEvaluationSubmission: Sendable, Codable, Equatable {
    public var evaluations: [PoolEvaluationInput]

    /// A submission of `evaluations`.
    public init(evaluations: [PoolEvaluationInput]) { self.evaluations = evaluations }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        evaluations = try c.decodeIfPresent([PoolEvaluationInput].self, forKey: .evaluations) ?? []
    }

    /// The scores submitted.
    public var scores: [PoolScore] { evaluations.map(\.poolScore) }

    enum CodingKeys: String, CodingKey, CaseIterable { case evaluations }
}

/// `GET /api/v1/tasks/pending_evaluations`.
public struct PoolPendingEvaluations: Sendable, Codable, Equatable {
    /// Whether candidates await an evaluation this miner could give.
    public var hasPendingEvaluations: Bool
    /// How many (counted up to the pool's evaluate batch size).
    public var pendingCount: Int

    /// The answer when `count` candidates await.
    public init(count: Int) {
        hasPendingEvaluations = count > 0
        pendingCount = count
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case hasPendingEvaluations = "has_pending_evaluations"
        case pendingCount = "pending_count"
    }
}

extension PoolBatchRequest: WireSchemaProviding {
    public static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .taskType: .string(values: ["evolve", "evaluate"]).nullable()
            .described("When absent or null: evaluate if there is evaluation work, else evolve")
        }
    }
}

extension PoolBatchResponse: WireSchemaProviding {
    public static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .batchID: .string().required
        case .taskType: .string(values: ["evolve", "evaluate"]).required
        case .algorithms: .array(of: .reference(PoolAlgorithmView.self)).required
        }
    }
}

extension PoolEvolutionSubmission {
    /// The body's shape under `limits`.
    public static func wireSchema(limits: PoolLimits) -> WireSchema {
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
    public static func wireSchema(limits: PoolLimits) -> WireSchema {
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
    public static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .hasPendingEvaluations: .boolean.required
        case .pendingCount: .integer(minimum: 0).required
        }
    }
}

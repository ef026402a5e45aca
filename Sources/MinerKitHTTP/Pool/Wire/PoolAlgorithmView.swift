import MinerKit

/// An algorithm as handed to miners: `{id, algorithm_dsl, task_type, parent_ids, score, is_seed}`.
///
/// In every pool wire message a property is the JSON member of the same name in snake_case
/// (see each type's `CodingKeys`); instants are ISO-8601 strings (``PoolTimeFormat``).
struct PoolAlgorithmView: Sendable, Codable, Equatable {
    var id: String
    var algorithmDSL: String
    var taskType: String
    var parentIDs: [String]
    /// The consensus score, when it has one.
    var score: Double?
    var isSeed: Bool

    /// The view of `algorithm`.
    init(_ algorithm: PoolAlgorithm) {
        id = algorithm.id
        algorithmDSL = algorithm.dsl
        taskType = algorithm.taskType
        parentIDs = algorithm.parentIDs
        score = algorithm.consensusScore
        isSeed = algorithm.isSeed
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case algorithmDSL = "algorithm_dsl"
        case taskType = "task_type"
        case parentIDs = "parent_ids"
        case score
        case isSeed = "is_seed"
    }
}

extension PoolAlgorithmView: WireSchemaProviding {
    static let wireSchema = WireSchema.object(CodingKeys.self) { key in
        switch key {
        case .id: .string().required
        case .algorithmDSL: .string().required
        case .taskType: .string().required
        case .parentIDs: .array(of: .string()).required
        case .score: .number().described("The consensus score; absent before consensus")
        case .isSeed: .boolean.required
        }
    }
}

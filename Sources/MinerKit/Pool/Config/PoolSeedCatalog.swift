import Foundation

/// The seed algorithms of each task type: where evolution starts, and what fills
/// `evaluate_algorithms` when too few candidates await evaluation.
///
/// A seed file is JSON, an object from task type to a list of seeds:
///
/// ```json
/// { "cifar10_binary": [ { "id": "seed-linear", "algorithm_dsl": "..." } ] }
/// ```
public struct PoolSeedCatalog: Sendable, Equatable {
    /// One seed algorithm.
    public struct Seed: Sendable, Codable, Equatable {
        /// The seed's algorithm id.
        public var id: String
        /// The algorithm.
        public var algorithmDSL: String

        /// A seed.
        public init(id: String, algorithmDSL: String) {
            self.id = id
            self.algorithmDSL = algorithmDSL
        }

        enum CodingKeys: String, CodingKey {
            case id
            case algorithmDSL = "algorithm_dsl"
        }
    }

    /// Seeds by task type.
    public var seeds: [String: [Seed]]

    /// A catalog; call ``validate(_:)`` (``PoolService/open(store:configuration:clock:observer:)`` does).
    public init(seeds: [String: [Seed]]) { self.seeds = seeds }

    /// Task types in a stable order.
    public var taskTypes: [String] { seeds.keys.sorted() }

    /// Built-in seeds for `cifar10_binary`, used when no seed file is given.
    public static let builtIn = PoolSeedCatalog(seeds: [
        "cifar10_binary": [
            Seed(id: "seed-cifar10-linear", algorithmDSL: "model linear\nfeatures pixels\noptimizer sgd lr=0.01\nepochs 1"),
            Seed(id: "seed-cifar10-mlp", algorithmDSL: "model mlp hidden=64\nfeatures pixels\noptimizer adam lr=0.001\nepochs 1"),
            Seed(id: "seed-cifar10-conv", algorithmDSL: "model conv channels=16 kernel=3\npool max\noptimizer adam lr=0.001\nepochs 1"),
        ],
    ])

    /// Reads a JSON seed file; throws `.invalidInput` naming the problem.
    public static func load(contentsOf path: String, limits: PoolLimits = PoolLimits()) throws -> PoolSeedCatalog {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MinerKitError(.invalidInput, code: "seed_file_unreadable", "cannot read seed file \(path)")
        }
        let seeds: [String: [Seed]]
        do {
            seeds = try JSONDecoder().decodeUniqueKeys([String: [Seed]].self, from: data)
        } catch {
            throw MinerKitError(.invalidInput, code: "seed_file_invalid",
                                "\(path) is not an object of task type to [{id, algorithm_dsl}]: \(error)")
        }
        let catalog = PoolSeedCatalog(seeds: seeds)
        try catalog.validate(limits)
        return catalog
    }

    /// Throws `.invalidInput` unless every task type and id is a valid name, every DSL is within
    /// limits and ids are unique.
    public func validate(_ limits: PoolLimits) throws {
        guard !seeds.isEmpty else {
            throw MinerKitError(.invalidInput, code: "seed_catalog_empty", "the seed catalog names no task type")
        }
        var ids = Set<String>()
        for (taskType, list) in seeds {
            try limits.checkName(taskType, field: "task_type")
            guard !list.isEmpty else {
                throw MinerKitError(.invalidInput, code: "seed_catalog_empty", "task type \(taskType) has no seeds")
            }
            for seed in list {
                try limits.checkName(seed.id, field: "seed id")
                try limits.checkDSL(seed.algorithmDSL)
                guard ids.insert(seed.id).inserted else {
                    throw MinerKitError(.invalidInput, code: "seed_id_repeated", "seed id \(seed.id) appears twice")
                }
            }
        }
    }
}

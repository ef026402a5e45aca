import Foundation

/// A candidate algorithm of one task type: an opaque DSL string the miners evolve and evaluate.
///
/// Seeds come from configuration; candidates come from miners' evolutions. Each waits for
/// evaluations (`pending`) until the evaluators reach consensus (`scored`) or the pool gives up
/// on it (`unresolved`, no score).
public struct PoolAlgorithm: Sendable, Codable, Equatable {
    /// Where an algorithm stands in consensus.
    public enum Status: String, Sendable, Codable {
        /// Collecting evaluations.
        case pending
        /// Its evaluators agreed; `consensusScore` holds the agreed score.
        case scored
        /// It reached the evaluation limit without a cluster of agreeing evaluators: no score.
        case unresolved
    }

    /// Identifier: the seed id from configuration, or `alg_` and 24 hex digits.
    public var id: String
    /// The task type it solves, e.g. `cifar10_binary`.
    public var taskType: String
    /// The algorithm itself, opaque to the pool.
    public var dsl: String
    /// `sha256:<hex>` of the trimmed DSL; repeated submissions are recognised by it.
    public var contentHash: String
    /// The known algorithms of the same task type it was evolved from.
    public var parentIDs: [String]
    /// The hotkey of the miner that evolved it; `nil` for seeds.
    public var submitter: String?
    /// Whether it came from the seed configuration.
    public var isSeed: Bool
    /// Where it stands in consensus.
    public var status: Status
    /// The agreed score, once `scored`.
    public var consensusScore: Double?
    /// Evaluations stored while pending.
    public var evaluationCount: Int
    /// Evaluate slots handed out in active assignments and not yet returned.
    public var inFlight: Int
    /// When the pool stored it.
    public var createdAt: Date
    /// The window it was stored in.
    public var windowNumber: Int
    /// When it became `scored` or `unresolved`.
    public var resolvedAt: Date?
    /// Set by `POST /api/v1/results/verify/{id}`.
    public var verifiedBy: String?
    /// When it was first verified.
    public var verifiedAt: Date?

    /// A new pending algorithm; its content hash is computed from `dsl`.
    public init(id: String, taskType: String, dsl: String, parentIDs: [String], submitter: String?,
                isSeed: Bool, createdAt: Date, windowNumber: Int) {
        self.id = id
        self.taskType = taskType
        self.dsl = dsl
        self.contentHash = Self.contentHash(of: dsl)
        self.parentIDs = parentIDs
        self.submitter = submitter
        self.isSeed = isSeed
        self.status = .pending
        self.consensusScore = nil
        self.evaluationCount = 0
        self.inFlight = 0
        self.createdAt = createdAt
        self.windowNumber = windowNumber
    }

    /// The content hash of `dsl`: SHA-256 of the DSL with surrounding whitespace removed.
    public static func contentHash(of dsl: String) -> String {
        ResultDigest.of(dsl.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

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

    public var id: String
    public var taskType: String
    /// The algorithm itself, opaque to the pool.
    public var dsl: String
    /// `sha256:<hex>` of the trimmed DSL; repeated submissions are recognised by it.
    public var contentHash: String
    public var parentIDs: [String]
    /// The hotkey of the miner that evolved it; `nil` for seeds.
    public var submitter: String?
    public var isSeed: Bool
    public var status: Status
    public var consensusScore: Double?
    /// Evaluations stored while pending.
    public var evaluationCount: Int
    /// Evaluate slots handed out in active assignments and not yet returned.
    public var inFlight: Int
    public var createdAt: Date
    public var windowNumber: Int
    public var resolvedAt: Date?
    /// Set by `POST /api/v1/results/verify/{id}`.
    public var verifiedBy: String?
    public var verifiedAt: Date?

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

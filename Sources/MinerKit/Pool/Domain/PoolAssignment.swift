import Foundation

/// Work handed to one miner until a deadline: a lease (evaluate + seed + gossip bundle) or a
/// batch of the older API (evolve or evaluate). A miner holds at most one active assignment.
public struct PoolAssignment: Sendable, Codable, Equatable {
    /// What the assignment asks for.
    public enum Kind: String, Sendable, Codable {
        case lease
        case evolveBatch = "evolve"
        case evaluateBatch = "evaluate"
    }

    /// Where the assignment stands.
    public enum Status: String, Sendable, Codable {
        case active
        case completed
        case expired
    }

    /// `lease_` or `batch_` and 24 hex digits.
    public var id: String
    /// Lease or batch kind.
    public var kind: Kind
    /// The hotkey it was issued to.
    public var miner: String
    /// The task type of its algorithms.
    public var taskType: String
    /// The window it was issued in.
    public var windowNumber: Int
    /// When it was issued.
    public var issuedAt: Date
    /// When it expires unless submitted.
    public var timeoutAt: Date
    /// How many evolutions the miner may return (leases and evolve batches).
    public var evolveBudget: Int
    /// Algorithms the miner was asked to evaluate; evaluations of other ids are ignored.
    public var evaluateIDs: [String]
    /// Algorithms handed out as parents to evolve from.
    public var parentIDs: [String]
    /// Active, completed or expired.
    public var status: Status

    /// A new active assignment.
    public init(id: String, kind: Kind, miner: String, taskType: String, windowNumber: Int, issuedAt: Date,
                timeoutAt: Date, evolveBudget: Int, evaluateIDs: [String], parentIDs: [String]) {
        self.id = id
        self.kind = kind
        self.miner = miner
        self.taskType = taskType
        self.windowNumber = windowNumber
        self.issuedAt = issuedAt
        self.timeoutAt = timeoutAt
        self.evolveBudget = evolveBudget
        self.evaluateIDs = evaluateIDs
        self.parentIDs = parentIDs
        self.status = .active
    }

    /// Whether the miner may still submit at `now`.
    public func isLive(at now: Date) -> Bool { status == .active && now < timeoutAt }
}

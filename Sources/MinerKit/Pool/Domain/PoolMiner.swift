import Foundation

/// A miner known to the pool, named by its ss58 hotkey.
public struct PoolMiner: Sendable, Codable, Equatable {
    /// The ss58 address of the miner's sr25519 key.
    public var hotkey: String
    /// Moves once per closed window (see ``ReputationRule``); orders the leaderboard.
    public var reputation: Double
    /// First seen.
    public var registeredAt: Date
    /// Last signed request.
    public var lastSeenAt: Date
    /// Lifetime totals, summed from settled and open windows.
    public var evaluations: Int
    /// New candidates submitted (duplicates not counted).
    public var evolutions: Int
    /// Evaluations inside a consensus cluster or within tolerance of an agreed score.
    public var agreements: Int
    /// Evaluations outside them.
    public var disagreements: Int
    /// Leases and batches submitted in time.
    public var assignmentsCompleted: Int

    /// A new miner with reputation 0, first seen `now`.
    public init(hotkey: String, at now: Date) {
        self.hotkey = hotkey
        self.reputation = 0
        self.registeredAt = now
        self.lastSeenAt = now
        self.evaluations = 0
        self.evolutions = 0
        self.agreements = 0
        self.disagreements = 0
        self.assignmentsCompleted = 0
    }
}

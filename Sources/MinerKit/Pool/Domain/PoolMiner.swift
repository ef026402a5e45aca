import Foundation

/// A miner known to the pool, named by its ss58 hotkey.
public struct PoolMiner: Sendable, Codable, Equatable {
    public var hotkey: String
    /// Moves once per closed window (see ``ReputationRule``); orders the leaderboard.
    public var reputation: Double
    public var registeredAt: Date
    public var lastSeenAt: Date
    /// Lifetime totals, summed from settled and open windows.
    public var evaluations: Int
    public var evolutions: Int
    public var agreements: Int
    public var disagreements: Int
    public var assignmentsCompleted: Int

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

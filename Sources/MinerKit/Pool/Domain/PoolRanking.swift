/// Miners by reputation, best first, as of a window.
public struct PoolRanking: Sendable, Equatable {
    /// The current window.
    public var windowNumber: Int
    /// The miners, best first: the first ranks 1.
    public var miners: [PoolMiner]
}

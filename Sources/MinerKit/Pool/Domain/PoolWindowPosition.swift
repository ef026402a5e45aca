import Foundation

/// Where the pool's clock stands at one instant: the window, the chain block, and the time left in
/// the window (see ``PoolWindowClock``).
public struct PoolWindowPosition: Sendable, Equatable {
    /// The window the instant falls in.
    public var windowNumber: Int
    /// The 12-second block the instant falls in.
    public var currentBlock: Int
    /// Seconds left in the window.
    public var timeRemaining: TimeInterval
}

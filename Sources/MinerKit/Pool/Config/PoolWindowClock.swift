import Foundation

/// Cuts time into numbered windows of fixed length, counted from the Unix epoch, and into
/// 12-second "blocks" (Bittensor's block time) for `current_block`.
public struct PoolWindowClock: Sendable, Equatable {
    /// Window length in seconds (default one hour).
    public var windowSeconds: TimeInterval
    /// Block length in seconds.
    public var blockSeconds: TimeInterval

    /// One-hour windows and 12-second blocks by default.
    public init(windowSeconds: TimeInterval = 3600, blockSeconds: TimeInterval = 12) {
        self.windowSeconds = windowSeconds
        self.blockSeconds = blockSeconds
    }

    /// The window `date` falls in.
    public func window(at date: Date) -> Int { Int((date.timeIntervalSince1970 / windowSeconds).rounded(.down)) }

    /// When window `number` ends.
    public func end(of number: Int) -> Date { Date(timeIntervalSince1970: Double(number + 1) * windowSeconds) }

    /// Seconds left in the window `date` falls in.
    public func timeRemaining(at date: Date) -> TimeInterval {
        end(of: window(at: date)).timeIntervalSince(date)
    }

    /// The block `date` falls in.
    public func block(at date: Date) -> Int { Int((date.timeIntervalSince1970 / blockSeconds).rounded(.down)) }

    /// Where `date` stands: its window, its block and the window's time left.
    public func position(at date: Date) -> PoolWindowPosition {
        PoolWindowPosition(windowNumber: window(at: date), currentBlock: block(at: date), timeRemaining: timeRemaining(at: date))
    }
}

import Foundation
import Synchronization

/// Where MinerKit reads the current time. Inject a ``ManualTimeSource`` in tests to control leases,
/// heartbeats and windows without sleeping.
public protocol TimeSource: Sendable {
    /// The current wall-clock time.
    func now() -> Date
}

/// The real wall clock.
public struct SystemTimeSource: TimeSource {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that moves only when told to; safe to share between tasks.
public final class ManualTimeSource: TimeSource {
    private let current: Mutex<Date>

    /// Starts at `start` (default: a fixed, round instant so test output is stable).
    public init(start: Date = Date(timeIntervalSince1970: 1_700_000_000)) {
        current = Mutex(start)
    }

    public func now() -> Date { current.withLock { $0 } }

    /// Moves the clock forward by `seconds`.
    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    /// Sets the clock to `date`.
    public func set(_ date: Date) {
        current.withLock { $0 = date }
    }
}

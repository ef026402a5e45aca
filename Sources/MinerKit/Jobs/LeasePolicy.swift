import Foundation

/// How long leases last and how often a job may lapse before it is failed for good.
public struct LeasePolicy: Sendable, Equatable {
    /// Seconds a lease (or a renewal) lasts.
    public var leaseDuration: TimeInterval
    /// Leases that may lapse (or retryable failures) before the job fails as a dead letter.
    public var maxAttempts: Int
    /// Expired leases requeued per claim; bounds the work a single claim does.
    public var reapBatch: Int

    public init(leaseDuration: TimeInterval = 60, maxAttempts: Int = 3, reapBatch: Int = 64) {
        self.leaseDuration = leaseDuration
        self.maxAttempts = max(1, maxAttempts)
        self.reapBatch = max(1, reapBatch)
    }
}

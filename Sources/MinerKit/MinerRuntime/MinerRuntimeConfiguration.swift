import Foundation

/// How a ``MinerRuntime`` behaves: identity hints, concurrency, timing and retries.
public struct MinerRuntimeConfiguration: Sendable, Equatable {
    /// The miner id to ask for (the coordinator assigns one when `nil`).
    public var minerID: String?
    public var name: String?
    public var region: String?
    /// Jobs worked at once.
    public var maxConcurrent: Int
    /// Seconds between heartbeats; keep it well under the coordinator's lease duration, since a
    /// heartbeat is what renews the leases the miner holds.
    public var heartbeatInterval: TimeInterval
    /// Seconds one long poll may wait for a job.
    public var pollWait: TimeInterval
    public var retry: RetryPolicy
    /// Seconds in-flight jobs get to finish after ``MinerRuntime/shutdown()``; then they are released.
    public var shutdownGrace: TimeInterval

    public init(minerID: String? = nil, name: String? = nil, region: String? = nil, maxConcurrent: Int = 1,
                heartbeatInterval: TimeInterval = 10, pollWait: TimeInterval = 10,
                retry: RetryPolicy = RetryPolicy(), shutdownGrace: TimeInterval = 30) {
        self.minerID = minerID
        self.name = name
        self.region = region
        self.maxConcurrent = max(1, maxConcurrent)
        self.heartbeatInterval = heartbeatInterval
        self.pollWait = pollWait
        self.retry = retry
        self.shutdownGrace = shutdownGrace
    }
}

/// What the coordinator has seen a miner do: outcome counters, earnings and a bounded reputation.
public struct MinerStats: Sendable, Equatable {
    public var minerID: String
    public var completed: Int
    public var failed: Int
    /// Leases that lapsed while the miner held them.
    public var expired: Int
    /// Seconds from lease grant to completion, summed over completed jobs.
    public var busySeconds: Double
    /// Receipt units (GPU seconds) summed over completed jobs.
    public var gpuSeconds: Double
    /// Receipt prices summed over completed jobs.
    public var earnings: Double

    public init(minerID: String, completed: Int = 0, failed: Int = 0, expired: Int = 0,
                busySeconds: Double = 0, gpuSeconds: Double = 0, earnings: Double = 0) {
        self.minerID = minerID
        self.completed = completed
        self.failed = failed
        self.expired = expired
        self.busySeconds = busySeconds
        self.gpuSeconds = gpuSeconds
        self.earnings = earnings
    }

    /// These counters plus `delta`'s (the miner id stays this one's).
    public func adding(_ delta: MinerStats) -> MinerStats {
        MinerStats(minerID: minerID, completed: completed + delta.completed, failed: failed + delta.failed,
                   expired: expired + delta.expired, busySeconds: busySeconds + delta.busySeconds,
                   gpuSeconds: gpuSeconds + delta.gpuSeconds, earnings: earnings + delta.earnings)
    }

    /// Jobs that reached an outcome while this miner held them.
    public var totalJobs: Int { completed + failed + expired }

    /// Completed over all outcomes; 1 before any outcome.
    public var successRate: Double { totalJobs == 0 ? 1 : Double(completed) / Double(totalJobs) }

    /// Mean seconds from lease to completion; 0 before the first completion.
    public var averageCompletionTime: Double { completed == 0 ? 0 : busySeconds / Double(completed) }

    /// Earnings per GPU hour; 0 before any GPU time.
    public var earningsPerGPUHour: Double { gpuSeconds <= 0 ? 0 : earnings / (gpuSeconds / 3600) }

    /// A score in (0, 1): the Laplace-smoothed success rate, so one outcome never pins it to 0 or 1.
    public var reputation: Double { Double(completed + 1) / Double(totalJobs + 2) }
}

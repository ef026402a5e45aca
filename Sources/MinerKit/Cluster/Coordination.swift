/// What coordinator nodes share besides the store: long-poll wake-ups, the replay guard for signed
/// requests, rate-limit budgets, and which node runs housekeeping.
///
/// One process uses ``inProcess()``; several processes on one PostgreSQL database use
/// `MinerKitPostgres`'s implementations, so a replay or a wake-up on one node is seen by all.
public struct Coordination: Sendable {
    public var wakeUps: any JobWakeUps
    public var replays: any ReplayGuard
    public var rateBudgets: any RateBudgets
    public var leadership: any MaintenanceLeadership

    public init(wakeUps: any JobWakeUps, replays: any ReplayGuard, rateBudgets: any RateBudgets,
                leadership: any MaintenanceLeadership = SoleNode()) {
        self.wakeUps = wakeUps
        self.replays = replays
        self.rateBudgets = rateBudgets
        self.leadership = leadership
    }

    /// Everything kept in this process's memory.
    public static func inProcess(replayCapacity: Int = 100_000) -> Coordination {
        Coordination(wakeUps: JobSignal(), replays: ReplayCache(capacity: replayCapacity),
                     rateBudgets: InMemoryRateBudgets())
    }
}

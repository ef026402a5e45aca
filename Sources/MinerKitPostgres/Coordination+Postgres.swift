import MinerKit

extension Coordination {
    /// Everything coordinator nodes share, kept in `database`: wake-ups by LISTEN/NOTIFY, the replay
    /// guard in a table, rate budgets leased from a table in slices, and one maintenance leader by
    /// advisory lock. Close ``PostgresJobWakeUps`` (``Coordination/wakeUps``) when the node stops.
    public static func postgres(_ database: PostgresDatabasePool) async throws -> Coordination {
        Coordination(wakeUps: try await PostgresJobWakeUps.start(database: database),
                     replays: PostgresReplayGuard(database: database),
                     rateBudgets: PostgresRateBudgets(database: database),
                     leadership: PostgresMaintenanceLeadership(database: database))
    }
}

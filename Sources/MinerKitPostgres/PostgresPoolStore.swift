import MinerKit

/// The pool's store on PostgreSQL, for several pool processes sharing one database (which may also hold
/// a coordinator: the pool's tables are `pool_*`).
///
/// Units of work run through ``PostgresDatabasePool/transaction(readOnly:_:)`` (retried after
/// serialization failures, deadlocks and lost connections; exactly-once commits). Writes run at READ
/// COMMITTED and lock what they read, so concurrent writes behave as if they ran one after another:
/// - every record a write reads is read `FOR UPDATE`: two miners taking an evaluate slot of the same
///   candidate, or two evaluators of one candidate, take turns and each sees the other's change;
/// - a lookup whose *absence* leads to an insert under a new key locks what it looked for, found or not
///   (`pg_advisory_xact_lock`): a miner's active assignment and lease count (so two requests of one
///   miner cannot both find it free), and an algorithm by content hash (so one DSL is stored once);
/// - a record a unit of work found missing, and so could not lock, but that a concurrent one created in
///   the meantime is not overwritten: saving it runs the unit of work again, which then reads it;
/// - housekeeping's scans (``PoolStoreReader/overdueAssignments(at:limit:)``,
///   ``PoolStoreReader/unsettledStats(before:limit:)``) use `FOR UPDATE SKIP LOCKED`: every write
///   housekeeps first, and none waits for another's batch.
///
/// Reads run at REPEATABLE READ, READ ONLY and take no locks: one snapshot, never blocking a write.
///
/// ```swift
/// let database = try await PostgresDatabasePool.open("postgres://minerkit@db.internal/minerkit")
/// let pool = try await PoolService.open(store: PostgresPoolStore(database: database))
/// ```
public final class PostgresPoolStore: PoolStore {
    /// The connection pool units of work run on.
    public let database: PostgresDatabasePool

    /// A store on `database` (its schema is already migrated by ``PostgresDatabasePool/open(_:maxConnections:retryPolicy:logger:)``).
    public init(database: PostgresDatabasePool) {
        self.database = database
    }

    public func read<T: Sendable>(_ body: @Sendable (any PoolStoreReader) async throws -> T) async throws -> T {
        try await database.transaction(readOnly: true) { sql in
            try await body(PostgresPoolTransaction(sql, locking: false))
        }
    }

    public func write<T: Sendable>(_ body: @Sendable (any PoolStoreWriter) async throws -> T) async throws -> T {
        try await database.transaction { sql in
            try await body(PostgresPoolTransaction(sql, locking: true))
        }
    }
}

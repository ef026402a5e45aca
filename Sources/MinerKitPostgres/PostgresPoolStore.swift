import MinerKit

/// The pool's store on PostgreSQL, for several pool processes sharing one database (which may also hold
/// a coordinator: the pool's tables are `pool_*`).
///
/// Units of work run through ``PostgresDatabasePool/transaction(readOnly:durability:_:)`` (retried after
/// serialization failures, deadlocks and lost connections; exactly-once commits). Writes run one at a
/// time across every node: each takes the pool's writer lock first (``writerLockKey``, a
/// transaction-scoped advisory lock), as SQLite's `BEGIN IMMEDIATE` does in one process. A pool write
/// touches the rows of several miners, algorithms and windows in an order set by its data (a consensus
/// credits every evaluator), so row locks alone deadlock under load; pool writes are few and short
/// (a lease or a submission per miner per window), so one writer costs nothing that matters.
/// Inside a write, rows are still read `FOR UPDATE` and absent keys locked (`pg_advisory_xact_lock`),
/// and a record a unit of work found missing is not overwritten if it appeared meanwhile: the unit of
/// work runs again instead. Housekeeping's scans (``PoolStoreReader/overdueAssignments(at:limit:)``,
/// ``PoolStoreReader/unsettledStats(before:limit:)``) use `FOR UPDATE SKIP LOCKED`.
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

    /// The advisory lock every pool write holds until it commits ("MKPOOLWR"; the single-key space,
    /// apart from the two-key locks the pool takes inside a write).
    public static let writerLockKey: Int64 = 0x4D4B_504F_4F4C_5752

    public func write<T: Sendable>(_ body: @Sendable (any PoolStoreWriter) async throws -> T) async throws -> T {
        try await database.transaction { sql in
            try await sql.query("SELECT pg_advisory_xact_lock(\(Self.writerLockKey))")
            return try await body(PostgresPoolTransaction(sql, locking: true))
        }
    }
}

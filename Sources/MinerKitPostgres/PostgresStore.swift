import MinerKit

/// The coordinator's store on PostgreSQL, for several coordinator processes sharing one database.
///
/// Units of work run through ``PostgresDatabasePool/transaction(readOnly:durability:_:)`` (retried after
/// serialization failures, deadlocks and lost connections; exactly-once commits). Writes run at READ
/// COMMITTED and lock what they read, which makes concurrent writes behave as if they ran one after
/// another:
/// - jobs, miners and miner counters are read `FOR UPDATE`;
/// - ``JobWriting/nextQueuedJob(models:)``, ``JobWriting/expiredLeases(at:limit:)`` and
///   ``MinerStatsReading/silentMiners(before:limit:)`` use `FOR UPDATE SKIP LOCKED`: two claimers never
///   get the same job and neither waits for the other;
/// - a row a unit of work found missing cannot be locked: saving it inserts it, and if a concurrent
///   unit of work created it meanwhile, this one runs again (and reads it) instead of overwriting it;
/// - receipts are written once and changed only when sealed, blocks never change, client keys are only
///   added: reading them takes no lock, and sealing is serialized by ``BlockWriting/lockLedger()``
///   (`pg_advisory_xact_lock`);
/// - a key text is checked to be nobody's (no client's, no miner's) under ``ClientKeyWriting/lockKeys()``
///   (another advisory lock), so two nodes cannot both hand out or adopt the same key.
///
/// Reads run at REPEATABLE READ, READ ONLY: one snapshot for the whole unit of work.
///
/// ```swift
/// let database = try await PostgresDatabasePool.open("postgres://minerkit@db.internal/minerkit")
/// let coordinator = Coordinator(store: PostgresStore(database: database), keyPair: keys)
/// ```
public final class PostgresStore: Store {
    /// The connection pool units of work run on.
    public let database: PostgresDatabasePool

    /// A store on `database` (its schema is already migrated by ``PostgresDatabasePool/open(_:maxConnections:retryPolicy:logger:)``).
    public init(database: PostgresDatabasePool) {
        self.database = database
    }

    public func read<T: Sendable>(_ body: @Sendable (any StoreReader) async throws -> T) async throws -> T {
        try await UnitOfWorkNesting.run(on: self) {
            try await database.transaction(readOnly: true) { sql in
                try await body(PostgresStoreTransaction(sql, locking: false))
            }
        }
    }

    public func write<T: Sendable>(_ body: @Sendable (any StoreWriter) async throws -> T) async throws -> T {
        try await write(.durable, body)
    }

    /// A ``CommitDurability/deferred`` unit of work commits with `synchronous_commit` off: PostgreSQL
    /// acknowledges it before its WAL is flushed, and the next durable commit (or the WAL writer, within
    /// `wal_writer_delay`) flushes it, in order.
    public func write<T: Sendable>(_ durability: CommitDurability,
                                   _ body: @Sendable (any StoreWriter) async throws -> T) async throws -> T {
        // Each run gets a fresh transaction value, so what one run saw missing does not leak into the next.
        try await UnitOfWorkNesting.run(on: self) {
            try await database.transaction(durability: durability) { sql in
                try await body(PostgresStoreTransaction(sql, locking: true))
            }
        }
    }
}

/// One transaction of ``PostgresStore``; the store's protocols are implemented in extensions per table.
struct PostgresStoreTransaction {
    let sql: PostgresTransaction
    /// Whether reads lock the rows they return (write transactions).
    let locking: Bool
    /// Rows this run read as missing (see ``PostgresMissingRecords``).
    let missing = PostgresMissingRecords()
    /// What the last miner read brought with it (``PostgresMinerPrefetch``).
    let prefetch = PostgresMinerPrefetch()

    init(_ sql: PostgresTransaction, locking: Bool) {
        self.sql = sql
        self.locking = locking
    }

    /// `FOR UPDATE` in a write transaction: the rows read stay as read until it ends.
    var forUpdate: String { locking ? " FOR UPDATE" : "" }

    /// `FOR UPDATE SKIP LOCKED` in a write transaction: rows another unit of work holds are passed over.
    var forUpdateSkipLocked: String { locking ? " FOR UPDATE SKIP LOCKED" : "" }
}

import Foundation

/// The embedded default store: one SQLite file in WAL mode, zero set-up.
///
/// One writer connection runs units of work one at a time (`BEGIN IMMEDIATE`); units that queue while
/// one runs commit together, each in a savepoint of its own (group commit: a busy coordinator writes
/// each shared page to the WAL once per batch, not once per unit). Reader connections serve snapshots
/// in parallel. Each connection has its own thread, so SQLite never blocks Swift's cooperative pool; a
/// unit of work is never retried, and one started inside another is refused (``UnitOfWorkNesting``:
/// the writer would wait for itself). The schema is versioned by named migrations, applied on open. Opening
/// a file that is not a MinerKit database, or a corrupt one, throws a ``MinerKitError`` with kind
/// `.storage`.
///
/// Durability: WAL with `synchronous = NORMAL` survives the process being killed at any point; a
/// power loss may drop the last transactions before a checkpoint.
///
/// ```swift
/// let store = try SQLiteStore(path: "minerkit.sqlite")
/// ```
public final class SQLiteStore: Store {
    private let pool: SQLiteDatabasePool
    /// The database file.
    public let path: String

    /// Opens or creates the database at `path`.
    /// - Parameter readers: reader connections for concurrent reads.
    public init(path: String, readers: Int = 4) throws {
        self.path = path
        pool = try SQLiteDatabasePool(path: path, readerCount: readers, migrations: SQLiteSchema.migrations)
    }

    public func read<T: Sendable>(_ body: @Sendable (any StoreReader) async throws -> T) async throws -> T {
        try await UnitOfWorkNesting.run(on: self) {
            try await pool.read { connection in try await body(SQLiteTransaction(connection)) }
        }
    }

    public func write<T: Sendable>(_ body: @Sendable (any StoreWriter) async throws -> T) async throws -> T {
        try await UnitOfWorkNesting.run(on: self) {
            try await pool.write { connection in try await body(SQLiteTransaction(connection)) }
        }
    }

    /// Units of work queued behind the running one (``SQLiteWriteQueue``): tests of group commit wait
    /// for it to know every unit has queued before they let the running one finish.
    var queuedWrites: Int { pool.queuedWrites }
}

/// A transaction on one connection; the store's protocols are implemented in extensions per table.
struct SQLiteTransaction {
    let connection: SQLiteConnection

    init(_ connection: SQLiteConnection) { self.connection = connection }
}

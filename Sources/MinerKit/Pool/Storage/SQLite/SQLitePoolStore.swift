import Foundation

/// The pool's embedded store: one SQLite file in WAL mode, the core's connection pool and
/// migrator, and the pool's tables from ``SQLitePoolSchema``.
///
/// The file also carries the core's tables (the pool applies the core migrations first), so one
/// file can hold a coordinator and a pool; a MinerKit build without the pool refuses a pool file
/// as `database_too_new`, as it should.
///
/// ```swift
/// let store = try SQLitePoolStore(path: "pool.sqlite")
/// ```
public final class SQLitePoolStore: PoolStore {
    private let pool: SQLiteDatabasePool
    /// The database file.
    public let path: String

    /// Opens or creates the database at `path`.
    public init(path: String, readers: Int = 4) throws {
        self.path = path
        pool = try SQLiteDatabasePool(path: path, readerCount: readers,
                                      migrations: SQLiteSchema.migrations + SQLitePoolSchema.migrations)
    }

    public func read<T: Sendable>(_ body: @Sendable (any PoolStoreReader) async throws -> T) async throws -> T {
        try await pool.read { connection in try await body(SQLitePoolTransaction(connection)) }
    }

    public func write<T: Sendable>(_ body: @Sendable (any PoolStoreWriter) async throws -> T) async throws -> T {
        try await pool.write { connection in try await body(SQLitePoolTransaction(connection)) }
    }
}

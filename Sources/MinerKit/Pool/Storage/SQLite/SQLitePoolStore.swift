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
        try await pool.read { connection in
            try await connection.transaction(immediate: false) { try await body(SQLitePoolTransaction(connection)) }
        }
    }

    public func write<T: Sendable>(_ body: @Sendable (any PoolStoreWriter) async throws -> T) async throws -> T {
        try await pool.write { connection in
            try await connection.transaction(immediate: true) { try await body(SQLitePoolTransaction(connection)) }
        }
    }
}

/// A pool transaction on one connection; records travel as JSON in each table's `body` column.
struct SQLitePoolTransaction {
    let connection: SQLiteConnection

    init(_ connection: SQLiteConnection) { self.connection = connection }

    /// Encodes a record for a `body` column.
    func encode<T: Encodable>(_ value: T) throws -> String {
        do {
            return String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
        } catch {
            throw MinerKitError(.internal, code: "pool_record_unencodable", "cannot encode \(T.self): \(error)")
        }
    }

    /// Runs `sql` with `bind` and decodes column 0 of every row as `T`.
    func rows<T: Decodable>(_ sql: String, _ type: T.Type, bind: (SQLiteStatement) -> Void = { _ in }) throws -> [T] {
        let statement = try connection.statement(sql)
        bind(statement)
        var result: [T] = []
        while try statement.step() {
            let text = statement.string(0)
            do {
                result.append(try JSONDecoder().decode(T.self, from: Data(text.utf8)))
            } catch {
                throw MinerKitError(.storage, code: "pool_record_corrupt", "\(connection.path): unreadable \(T.self) record")
            }
        }
        return result
    }

    /// Runs a `SELECT count(*)`-style query.
    func count(_ sql: String, bind: (SQLiteStatement) -> Void = { _ in }) throws -> Int {
        let statement = try connection.statement(sql)
        bind(statement)
        return try statement.step() ? statement.int(0) : 0
    }

    /// Runs a statement that returns no rows.
    func run(_ sql: String, bind: (SQLiteStatement) -> Void) throws {
        let statement = try connection.statement(sql)
        bind(statement)
        try statement.run()
    }
}

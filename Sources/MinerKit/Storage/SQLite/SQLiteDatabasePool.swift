import Foundation
import Synchronization

/// One writer connection and a few reader connections on a WAL-mode SQLite file, the way GRDB's
/// `DatabasePool` works: writes are serialized, reads run in parallel on their own snapshots.
final class SQLiteDatabasePool: Sendable {
    /// Written into the file header so that a MinerKit database is recognisable ("MKIT").
    static let applicationID: Int64 = 0x4D4B_4954

    private let writer: SQLiteWriteQueue
    private let readers: [Slot]
    private let nextReader = Atomic<Int>(0)

    /// Opens (creating if needed) the database at `path`, checks it is a MinerKit database and applies
    /// any pending `migrations` before opening `readerCount` read-only connections.
    init(path: String, readerCount: Int, migrations: [SQLiteMigration]) throws {
        let connection = try SQLiteConnection(path: path, readOnly: false)
        try connection.execute("PRAGMA busy_timeout = 5000")
        // A file that is not a database fails here, on its first real read.
        try Self.checkIdentity(connection)
        try connection.execute("""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            PRAGMA foreign_keys = ON;
            PRAGMA cache_size = -16384;
            """)
        try SQLiteMigrator(migrations).migrate(connection)
        writer = SQLiteWriteQueue(connection, name: "sqlite-writer")
        var readers: [Slot] = []
        for _ in 0..<max(1, readerCount) {
            let reader = try SQLiteConnection(path: path, readOnly: true)
            try reader.execute("PRAGMA busy_timeout = 5000; PRAGMA cache_size = -8192;")
            readers.append(Slot(reader, name: "sqlite-reader-\(readers.count)"))
        }
        self.readers = readers
    }

    deinit {
        for reader in readers { reader.executor.shutdown() }
    }

    /// Runs `body` as one unit of work on the writer connection, on the writer's own thread: in a write
    /// transaction of its own, or in a savepoint of one it shares with units queued beside it
    /// (``SQLiteWriteQueue``). Returns once that transaction committed; if `body` throws, its changes are
    /// undone and the error is rethrown.
    func write<T: Sendable>(_ body: (SQLiteConnection) async throws -> T) async throws -> T {
        try await writer.write(body)
    }

    /// Units of work waiting for the writer (``SQLiteWriteQueue/queuedCount``).
    var queuedWrites: Int { writer.queuedCount }

    /// Runs `body` in a read transaction on a free reader connection (waiting for one if all are busy),
    /// on that connection's thread.
    func read<T: Sendable>(_ body: (SQLiteConnection) async throws -> T) async throws -> T {
        let start = nextReader.wrappingAdd(1, ordering: .relaxed).oldValue
        for offset in 0..<readers.count {
            let slot = readers[(start &+ offset) % readers.count]
            if slot.lock.tryLock() { return try await slot.run(locked: body) }
        }
        return try await readers[start % readers.count].run(body)
    }

    /// One reader connection with its own thread and lock, the way GRDB gives each connection a serial queue:
    /// SQLite calls block only that thread, never Swift's cooperative pool.
    private final class Slot: Sendable {
        /// Safe to share: only the holder of `lock` touches it, and only on `executor`'s thread.
        nonisolated(unsafe) let connection: SQLiteConnection
        let lock = AsyncMutex()
        let executor: ThreadPoolExecutor

        init(_ connection: SQLiteConnection, name: String) {
            self.connection = connection
            executor = ThreadPoolExecutor(name: name)
        }

        func run<T: Sendable>(_ body: (SQLiteConnection) async throws -> T) async throws -> T {
            await lock.lock()
            return try await run(locked: body)
        }

        /// Runs `body` with `lock` already taken, and releases it.
        func run<T: Sendable>(locked body: (SQLiteConnection) async throws -> T) async throws -> T {
            defer { lock.unlock() }
            return try await withTaskExecutorPreference(executor) {
                try await connection.readTransaction { try await body(connection) }
            }
        }
    }

    private static func checkIdentity(_ connection: SQLiteConnection) throws {
        let id = try connection.scalarInt("PRAGMA application_id")
        if id == applicationID { return }
        let objects = try connection.scalarInt("SELECT count(*) FROM sqlite_master")
        guard id == 0, objects == 0 else {
            throw MinerKitError(.storage, code: "not_a_minerkit_database",
                                "\(connection.path) is a SQLite database but not a MinerKit one (application_id \(id), \(objects) schema objects)")
        }
        try connection.execute("PRAGMA application_id = \(applicationID)")
    }
}

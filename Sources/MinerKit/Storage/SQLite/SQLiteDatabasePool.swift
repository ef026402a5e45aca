import Foundation
import Synchronization

/// One writer connection and a few reader connections on a WAL-mode SQLite file, the way GRDB's
/// `DatabasePool` works: writes are serialized, reads run in parallel on their own snapshots.
final class SQLiteDatabasePool: Sendable {
    /// Written into the file header so that a MinerKit database is recognisable ("MKIT").
    static let applicationID: Int64 = 0x4D4B_4954

    private let writer: Slot
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
        writer = Slot(connection)
        var readers: [Slot] = []
        for _ in 0..<max(1, readerCount) {
            let reader = try SQLiteConnection(path: path, readOnly: true)
            try reader.execute("PRAGMA busy_timeout = 5000; PRAGMA cache_size = -8192;")
            readers.append(Slot(reader))
        }
        self.readers = readers
    }

    /// Runs `body` on the writer connection, alone.
    func write<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try writer.connection.withLock { connection in try body(connection) }
    }

    /// Runs `body` on a free reader connection (waiting for one if all are busy).
    func read<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        let start = nextReader.wrappingAdd(1, ordering: .relaxed).oldValue
        for offset in 0..<readers.count {
            let slot = readers[(start &+ offset) % readers.count]
            if let value = try slot.connection.withLockIfAvailable({ connection in try body(connection) }) {
                return value
            }
        }
        return try readers[start % readers.count].connection.withLock { connection in try body(connection) }
    }

    /// One connection behind its own lock (a class, because a `Mutex` cannot live in an array).
    private final class Slot: Sendable {
        let connection: Mutex<SQLiteConnection>
        init(_ connection: sending SQLiteConnection) { self.connection = Mutex(connection) }
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

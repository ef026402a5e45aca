import MinerKit
import PostgresNIO

/// One transaction of ``PostgresPoolStore``; each record kind is read and saved in its own extension
/// (`PostgresPoolTransaction+Miners.swift` and so on).
struct PostgresPoolTransaction: PoolStoreWriter {
    let sql: PostgresTransaction
    /// Whether reads lock what they read (write transactions).
    let locking: Bool
    /// Records this unit of work looked up by key and did not find.
    private let missing = PostgresMissingRecords()

    init(_ sql: PostgresTransaction, locking: Bool) {
        self.sql = sql
        self.locking = locking
    }

    /// `FOR UPDATE` in a write transaction: the rows read stay as read until it ends.
    var forUpdate: String { locking ? " FOR UPDATE" : "" }

    /// `FOR UPDATE SKIP LOCKED` in a write transaction: rows another unit of work holds are passed over.
    var forUpdateSkipLocked: String { locking ? " FOR UPDATE SKIP LOCKED" : "" }

    /// What an advisory lock of ``lock(_:_:)`` stands for: the first of its two keys.
    enum LockSpace: Int32 {
        /// A miner's assignments ("MKPM").
        case minerAssignments = 0x4D4B_504D
        /// The algorithms of one task type and content hash ("MKPH").
        case contentHash = 0x4D4B_5048
    }

    /// In a write transaction, waits for and holds until it ends the advisory lock on `key` in `space`,
    /// so that a lookup that may find nothing is still serialized with the unit of work that inserts
    /// what it looks for. Its own statement: the lookup that follows then sees what the previous holder
    /// committed (READ COMMITTED takes a snapshot per statement).
    func lock(_ space: LockSpace, _ key: String) async throws {
        guard locking else { return }
        try await sql.query("SELECT pg_advisory_xact_lock(\(space.rawValue), hashtext(\(key)))")
    }

    /// In a write transaction, notes that the record `key` was looked up and not found (and so could not
    /// be locked): saving it later must not overwrite one a concurrent unit of work created meanwhile.
    func noteMissing(_ key: String, if found: Bool) {
        if locking, !found { missing.insert(key) }
    }

    /// Saves the record `key`. One this unit of work found missing is inserted (`insert` must end in `ON
    /// CONFLICT DO NOTHING`); if a concurrent unit of work created it since, this one runs again and reads
    /// it instead of overwriting it. Any other is changed by `update`, or inserted when it does not exist.
    func save(_ key: String, update: PostgresQuery, insert: PostgresQuery) async throws {
        try await missing.save(key, update: update, insert: insert, in: sql)
    }

    /// The enumeration case `name`, read from a column of `record`.
    static func value<Value: RawRepresentable<String>>(_ name: String, of record: String) throws -> Value {
        guard let value = Value(rawValue: name) else {
            throw MinerKitError(.storage, code: "database_corrupt", "\(record) has an unknown \(Value.self) '\(name)'")
        }
        return value
    }
}

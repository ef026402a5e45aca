import PostgresNIO
import Synchronization

/// The keys of records a write transaction looked up and did not find, shared by the copies of the
/// store's transaction value. Such a record could not be locked: saving it must insert it, and not
/// overwrite one a concurrent unit of work created and committed after the lookup.
final class PostgresMissingRecords: Sendable {
    private let keys = Mutex<Set<String>>([])

    /// Notes that `key` was looked up and not found.
    func insert(_ key: String) { keys.withLock { _ = $0.insert(key) } }

    /// Saves the record `key`. One found missing is inserted (`insert` must end in `ON CONFLICT DO
    /// NOTHING`); if a concurrent unit of work created it since, this one runs again and reads it. Any
    /// other is changed by `update`, or inserted when it does not exist.
    func save(_ key: String, update: PostgresQuery, insert: PostgresQuery, in sql: PostgresTransaction) async throws {
        if !keys.withLock({ $0.remove(key) != nil }) {
            guard try await sql.query(update).metadata.rows != 1 else { return }
        }
        guard try await sql.query(insert).metadata.rows == 1 else {
            throw PostgresFailure.retry("\(key) was created by a concurrent unit of work")
        }
    }
}

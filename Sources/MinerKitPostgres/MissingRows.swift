import Synchronization

/// The rows a write transaction looked for and did not find.
///
/// A missing row cannot be locked, so a concurrent unit of work may create it after the read. Saving
/// such a row must therefore insert it, never update it: an update would overwrite the other unit's
/// row with values computed from "missing" (a lost update). If the insert finds the row there, the
/// unit of work runs again and this time reads it (``PostgresStoreTransaction/requireCreated(_:_:)``).
final class MissingRows: Sendable {
    private let keys = Mutex<Set<String>>([])

    /// Notes that `key` (table and id) was read as missing.
    func note(_ key: String) {
        keys.withLock { _ = $0.insert(key) }
    }

    /// Notes that this transaction has created `key`: later saves update it.
    func created(_ key: String) {
        keys.withLock { _ = $0.remove(key) }
    }

    /// Whether `key` was read as missing in this transaction (and not created since).
    func contains(_ key: String) -> Bool {
        keys.withLock { $0.contains(key) }
    }
}

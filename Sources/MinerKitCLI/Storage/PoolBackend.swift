import MinerKit
import MinerKitPostgres

/// A pool's store and the replay guard its signed requests share, opened from a location (in memory
/// without one); `close()` releases the database connections.
///
/// On PostgreSQL the replay guard is the database's table, so a signed request accepted by one pool
/// node is refused as a replay by every other; otherwise it is this process's own cache.
struct PoolBackend {
    let store: any PoolStore
    let replays: any ReplayGuard
    let close: @Sendable () async -> Void

    static func open(_ location: DatabaseLocation?) async throws -> PoolBackend {
        switch location {
        case nil:
            return PoolBackend(store: InMemoryPoolStore(), replays: ReplayCache(capacity: 100_000), close: {})
        case .sqlite(let path)?:
            return PoolBackend(store: try SQLitePoolStore(path: path), replays: ReplayCache(capacity: 100_000), close: {})
        case .postgres(let url)?:
            let database = try await PostgresDatabasePool.open(url)
            return PoolBackend(store: PostgresPoolStore(database: database), replays: PostgresReplayGuard(database: database)) {
                await database.close()
            }
        }
    }
}

/// The pool's own tables, as named migrations the ``SQLitePoolStore`` applies after the core's
/// (`SQLiteSchema.migrations`). Keeping them in this list, not the core one, lets the pool merge
/// without editing a shared file. Append; never edit a released entry.
///
/// `pool-v1` kept each record as JSON in a `body` column; ``typedColumns`` replaces those with one
/// typed column per field and converts the rows.
enum SQLitePoolSchema {
    static let migrations: [SQLiteMigration] = jsonBodies + typedColumns

    /// `pool-v1`, the first pool schema: records as JSON `body` plus the columns their queries filter and
    /// sort on.
    static let jsonBodies: [SQLiteMigration] = [
        SQLiteMigration(name: "pool-v1", sql: """
            CREATE TABLE pool_miners (
                hotkey TEXT PRIMARY KEY NOT NULL,
                reputation REAL NOT NULL,
                registered_at REAL NOT NULL,
                body TEXT NOT NULL
            );
            CREATE INDEX pool_miners_reputation ON pool_miners (reputation DESC, registered_at, hotkey);
            CREATE TABLE pool_algorithms (
                id TEXT PRIMARY KEY NOT NULL,
                task_type TEXT NOT NULL,
                content_hash TEXT NOT NULL,
                is_seed INTEGER NOT NULL,
                status TEXT NOT NULL,
                score REAL,
                created_at REAL NOT NULL,
                resolved_at REAL,
                body TEXT NOT NULL
            );
            CREATE INDEX pool_algorithms_hash ON pool_algorithms (task_type, content_hash, created_at);
            CREATE INDEX pool_algorithms_pending ON pool_algorithms (task_type, created_at, id)
                WHERE status = 'pending' AND is_seed = 0;
            CREATE INDEX pool_algorithms_scored ON pool_algorithms (score DESC, resolved_at, id) WHERE status = 'scored';
            CREATE INDEX pool_algorithms_seeds ON pool_algorithms (task_type, id) WHERE is_seed = 1;
            CREATE TABLE pool_evaluations (
                algorithm_id TEXT NOT NULL,
                miner TEXT NOT NULL,
                body TEXT NOT NULL,
                PRIMARY KEY (algorithm_id, miner)
            );
            CREATE TABLE pool_assignments (
                id TEXT PRIMARY KEY NOT NULL,
                miner TEXT NOT NULL,
                kind TEXT NOT NULL,
                window INTEGER NOT NULL,
                status TEXT NOT NULL,
                timeout_at REAL NOT NULL,
                body TEXT NOT NULL
            );
            CREATE INDEX pool_assignments_active_miner ON pool_assignments (miner) WHERE status = 'active';
            CREATE INDEX pool_assignments_deadline ON pool_assignments (timeout_at, id) WHERE status = 'active';
            CREATE INDEX pool_assignments_window ON pool_assignments (miner, window, kind);
            CREATE TABLE pool_sota (
                task_type TEXT PRIMARY KEY NOT NULL,
                body TEXT NOT NULL
            );
            CREATE TABLE pool_window_stats (
                window INTEGER NOT NULL,
                miner TEXT NOT NULL,
                settled INTEGER NOT NULL,
                body TEXT NOT NULL,
                PRIMARY KEY (window, miner)
            );
            CREATE INDEX pool_window_stats_unsettled ON pool_window_stats (window, miner) WHERE settled = 0;
            """),
    ]
}

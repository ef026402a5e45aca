extension PostgresSchema {
    /// `pool-*-v1`: the pool's tables (``PostgresPoolStore``), one migration per record kind, with the
    /// SQLite pool store's typed snake_case columns.
    ///
    /// - Ids, hotkeys and task types are `text COLLATE "C"`: they sort in byte order, as the other stores
    ///   compare them, whatever the database's locale.
    /// - Times are `double precision` Unix seconds (exact `Date`s, as in the coordinator's tables); lists
    ///   of ids are `text[]`.
    /// - A DSL is `bytea` holding its UTF-8: it is opaque, and `text` would refuse a NUL character that
    ///   the other stores keep.
    /// - Evaluations get a sequence at first insert; replacing one keeps it, so their order is the order
    ///   first saved.
    static let pool: [PostgresMigration] = [
        PostgresMigration(name: "pool-miners-v1", statements: [
            """
            CREATE TABLE pool_miners (
                hotkey text COLLATE "C" PRIMARY KEY,
                reputation double precision NOT NULL,
                registered_at double precision NOT NULL,
                last_seen_at double precision NOT NULL,
                evaluations bigint NOT NULL,
                evolutions bigint NOT NULL,
                agreements bigint NOT NULL,
                disagreements bigint NOT NULL,
                assignments_completed bigint NOT NULL
            )
            """,
            "CREATE INDEX pool_miners_reputation ON pool_miners (reputation DESC, registered_at, hotkey)",
        ]),
        PostgresMigration(name: "pool-algorithms-v1", statements: [
            """
            CREATE TABLE pool_algorithms (
                id text COLLATE "C" PRIMARY KEY,
                task_type text COLLATE "C" NOT NULL,
                dsl bytea NOT NULL,
                content_hash text NOT NULL,
                parent_ids text[] NOT NULL,
                submitter text,
                is_seed boolean NOT NULL,
                status text NOT NULL CHECK (status IN ('pending', 'scored', 'unresolved')),
                consensus_score double precision,
                evaluation_count bigint NOT NULL,
                in_flight bigint NOT NULL,
                created_at double precision NOT NULL,
                window_number bigint NOT NULL,
                resolved_at double precision,
                verified_by text,
                verified_at double precision
            )
            """,
            "CREATE INDEX pool_algorithms_hash ON pool_algorithms (task_type, content_hash, created_at, id)",
            """
            CREATE INDEX pool_algorithms_pending ON pool_algorithms (task_type, created_at, id)
                WHERE status = 'pending' AND NOT is_seed
            """,
            """
            CREATE INDEX pool_algorithms_scored ON pool_algorithms (consensus_score DESC, resolved_at, id)
                WHERE status = 'scored'
            """,
            """
            CREATE INDEX pool_algorithms_scored_task ON pool_algorithms (task_type, consensus_score DESC, resolved_at, id)
                WHERE status = 'scored'
            """,
            "CREATE INDEX pool_algorithms_seeds ON pool_algorithms (task_type, id) WHERE is_seed",
            "CREATE INDEX pool_algorithms_candidate_status ON pool_algorithms (status) WHERE NOT is_seed",
        ]),
        PostgresMigration(name: "pool-evaluations-v1", statements: [
            """
            CREATE TABLE pool_evaluations (
                seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                algorithm_id text COLLATE "C" NOT NULL,
                miner text COLLATE "C" NOT NULL,
                score double precision NOT NULL,
                window_number bigint NOT NULL,
                submitted_at double precision NOT NULL,
                UNIQUE (algorithm_id, miner)
            )
            """,
            "CREATE INDEX pool_evaluations_order ON pool_evaluations (algorithm_id, seq)",
        ]),
        PostgresMigration(name: "pool-assignments-v1", statements: [
            """
            CREATE TABLE pool_assignments (
                id text COLLATE "C" PRIMARY KEY,
                kind text NOT NULL CHECK (kind IN ('lease', 'evolve', 'evaluate')),
                miner text COLLATE "C" NOT NULL,
                task_type text COLLATE "C" NOT NULL,
                window_number bigint NOT NULL,
                issued_at double precision NOT NULL,
                timeout_at double precision NOT NULL,
                evolve_budget bigint NOT NULL,
                evaluate_ids text[] NOT NULL,
                parent_ids text[] NOT NULL,
                status text NOT NULL CHECK (status IN ('active', 'completed', 'expired'))
            )
            """,
            "CREATE INDEX pool_assignments_active_miner ON pool_assignments (miner) WHERE status = 'active'",
            "CREATE INDEX pool_assignments_deadline ON pool_assignments (timeout_at, id) WHERE status = 'active'",
            "CREATE INDEX pool_assignments_leases ON pool_assignments (miner, window_number) WHERE kind = 'lease'",
            "CREATE INDEX pool_assignments_status ON pool_assignments (status)",
        ]),
        PostgresMigration(name: "pool-sota-v1", statements: [
            """
            CREATE TABLE pool_sota (
                task_type text COLLATE "C" PRIMARY KEY,
                algorithm_id text NOT NULL,
                score double precision NOT NULL,
                updated_at double precision NOT NULL
            )
            """,
        ]),
        PostgresMigration(name: "pool-window-stats-v1", statements: [
            """
            CREATE TABLE pool_window_stats (
                window_number bigint NOT NULL,
                miner text COLLATE "C" NOT NULL,
                evaluations bigint NOT NULL,
                evolutions bigint NOT NULL,
                duplicates bigint NOT NULL,
                agreements bigint NOT NULL,
                disagreements bigint NOT NULL,
                improvement_points double precision NOT NULL,
                iterations bigint NOT NULL,
                assignments_completed bigint NOT NULL,
                settled boolean NOT NULL,
                reputation_delta double precision NOT NULL,
                PRIMARY KEY (window_number, miner)
            )
            """,
            "CREATE INDEX pool_window_stats_unsettled ON pool_window_stats (window_number, miner) WHERE NOT settled",
        ]),
    ]
}

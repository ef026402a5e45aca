extension SQLitePoolSchema {
    /// `pool-v2-*`: every pool record in typed snake_case columns instead of a JSON `body` keyed by Swift
    /// property names, so renaming a property no longer changes the file format.
    ///
    /// Each migration creates the new table, converts the rows of the `pool-v1` one with `json_extract`,
    /// drops it and takes its name. The v1 bodies hold dates as Foundation reference-date seconds (from
    /// 2001-01-01, `JSONEncoder`'s default), so the conversion adds 978307200 to make them Unix seconds, as
    /// every date column is. Lists of ids stay JSON arrays of strings.
    static let typedColumns: [SQLiteMigration] = [
        SQLiteMigration(name: "pool-v2-miners", sql: """
            CREATE TABLE pool_miners_v2 (
                hotkey TEXT PRIMARY KEY NOT NULL,
                reputation REAL NOT NULL,
                registered_at REAL NOT NULL,
                last_seen_at REAL NOT NULL,
                evaluations INTEGER NOT NULL,
                evolutions INTEGER NOT NULL,
                agreements INTEGER NOT NULL,
                disagreements INTEGER NOT NULL,
                assignments_completed INTEGER NOT NULL
            );
            INSERT INTO pool_miners_v2
            SELECT hotkey, reputation, registered_at, json_extract(body, '$.lastSeenAt') + 978307200,
                   json_extract(body, '$.evaluations'), json_extract(body, '$.evolutions'),
                   json_extract(body, '$.agreements'), json_extract(body, '$.disagreements'),
                   json_extract(body, '$.assignmentsCompleted')
            FROM pool_miners;
            DROP TABLE pool_miners;
            ALTER TABLE pool_miners_v2 RENAME TO pool_miners;
            CREATE INDEX pool_miners_reputation ON pool_miners (reputation DESC, registered_at, hotkey);
            """),
        SQLiteMigration(name: "pool-v2-algorithms", sql: """
            CREATE TABLE pool_algorithms_v2 (
                id TEXT PRIMARY KEY NOT NULL,
                task_type TEXT NOT NULL,
                dsl TEXT NOT NULL,
                content_hash TEXT NOT NULL,
                parent_ids TEXT NOT NULL,
                submitter TEXT,
                is_seed INTEGER NOT NULL,
                status TEXT NOT NULL,
                consensus_score REAL,
                evaluation_count INTEGER NOT NULL,
                in_flight INTEGER NOT NULL,
                created_at REAL NOT NULL,
                window_number INTEGER NOT NULL,
                resolved_at REAL,
                verified_by TEXT,
                verified_at REAL
            );
            INSERT INTO pool_algorithms_v2
            SELECT id, task_type, json_extract(body, '$.dsl'), content_hash, json_extract(body, '$.parentIDs'),
                   json_extract(body, '$.submitter'), is_seed, status, score,
                   json_extract(body, '$.evaluationCount'), json_extract(body, '$.inFlight'), created_at,
                   json_extract(body, '$.windowNumber'), resolved_at, json_extract(body, '$.verifiedBy'),
                   json_extract(body, '$.verifiedAt') + 978307200
            FROM pool_algorithms;
            DROP TABLE pool_algorithms;
            ALTER TABLE pool_algorithms_v2 RENAME TO pool_algorithms;
            CREATE INDEX pool_algorithms_hash ON pool_algorithms (task_type, content_hash, created_at, id);
            CREATE INDEX pool_algorithms_pending ON pool_algorithms (task_type, created_at, id)
                WHERE status = 'pending' AND is_seed = 0;
            CREATE INDEX pool_algorithms_scored ON pool_algorithms (consensus_score DESC, resolved_at, id)
                WHERE status = 'scored';
            CREATE INDEX pool_algorithms_scored_task ON pool_algorithms (task_type, consensus_score DESC, resolved_at, id)
                WHERE status = 'scored';
            CREATE INDEX pool_algorithms_seeds ON pool_algorithms (task_type, id) WHERE is_seed = 1;
            CREATE INDEX pool_algorithms_candidate_status ON pool_algorithms (status) WHERE is_seed = 0;
            """),
        SQLiteMigration(name: "pool-v2-evaluations", sql: """
            CREATE TABLE pool_evaluations_v2 (
                seq INTEGER PRIMARY KEY,
                algorithm_id TEXT NOT NULL,
                miner TEXT NOT NULL,
                score REAL NOT NULL,
                window_number INTEGER NOT NULL,
                submitted_at REAL NOT NULL,
                UNIQUE (algorithm_id, miner)
            );
            INSERT INTO pool_evaluations_v2
            SELECT rowid, algorithm_id, miner, json_extract(body, '$.score'), json_extract(body, '$.windowNumber'),
                   json_extract(body, '$.submittedAt') + 978307200
            FROM pool_evaluations ORDER BY rowid;
            DROP TABLE pool_evaluations;
            ALTER TABLE pool_evaluations_v2 RENAME TO pool_evaluations;
            CREATE INDEX pool_evaluations_order ON pool_evaluations (algorithm_id, seq);
            """),
        SQLiteMigration(name: "pool-v2-assignments", sql: """
            CREATE TABLE pool_assignments_v2 (
                id TEXT PRIMARY KEY NOT NULL,
                kind TEXT NOT NULL,
                miner TEXT NOT NULL,
                task_type TEXT NOT NULL,
                window_number INTEGER NOT NULL,
                issued_at REAL NOT NULL,
                timeout_at REAL NOT NULL,
                evolve_budget INTEGER NOT NULL,
                evaluate_ids TEXT NOT NULL,
                parent_ids TEXT NOT NULL,
                status TEXT NOT NULL
            );
            INSERT INTO pool_assignments_v2
            SELECT id, kind, miner, json_extract(body, '$.taskType'), window,
                   json_extract(body, '$.issuedAt') + 978307200, timeout_at, json_extract(body, '$.evolveBudget'),
                   json_extract(body, '$.evaluateIDs'), json_extract(body, '$.parentIDs'), status
            FROM pool_assignments;
            DROP TABLE pool_assignments;
            ALTER TABLE pool_assignments_v2 RENAME TO pool_assignments;
            CREATE INDEX pool_assignments_active_miner ON pool_assignments (miner) WHERE status = 'active';
            CREATE INDEX pool_assignments_deadline ON pool_assignments (timeout_at, id) WHERE status = 'active';
            CREATE INDEX pool_assignments_leases ON pool_assignments (miner, window_number) WHERE kind = 'lease';
            CREATE INDEX pool_assignments_status ON pool_assignments (status);
            """),
        SQLiteMigration(name: "pool-v2-sota", sql: """
            CREATE TABLE pool_sota_v2 (
                task_type TEXT PRIMARY KEY NOT NULL,
                algorithm_id TEXT NOT NULL,
                score REAL NOT NULL,
                updated_at REAL NOT NULL
            );
            INSERT INTO pool_sota_v2
            SELECT task_type, json_extract(body, '$.algorithmID'), json_extract(body, '$.score'),
                   json_extract(body, '$.updatedAt') + 978307200
            FROM pool_sota;
            DROP TABLE pool_sota;
            ALTER TABLE pool_sota_v2 RENAME TO pool_sota;
            """),
        SQLiteMigration(name: "pool-v2-window-stats", sql: """
            CREATE TABLE pool_window_stats_v2 (
                window_number INTEGER NOT NULL,
                miner TEXT NOT NULL,
                evaluations INTEGER NOT NULL,
                evolutions INTEGER NOT NULL,
                duplicates INTEGER NOT NULL,
                agreements INTEGER NOT NULL,
                disagreements INTEGER NOT NULL,
                improvement_points REAL NOT NULL,
                iterations INTEGER NOT NULL,
                assignments_completed INTEGER NOT NULL,
                settled INTEGER NOT NULL,
                reputation_delta REAL NOT NULL,
                PRIMARY KEY (window_number, miner)
            );
            INSERT INTO pool_window_stats_v2
            SELECT window, miner, json_extract(body, '$.evaluations'), json_extract(body, '$.evolutions'),
                   json_extract(body, '$.duplicates'), json_extract(body, '$.agreements'),
                   json_extract(body, '$.disagreements'), json_extract(body, '$.improvementPoints'),
                   json_extract(body, '$.iterations'), json_extract(body, '$.assignmentsCompleted'), settled,
                   json_extract(body, '$.reputationDelta')
            FROM pool_window_stats;
            DROP TABLE pool_window_stats;
            ALTER TABLE pool_window_stats_v2 RENAME TO pool_window_stats;
            CREATE INDEX pool_window_stats_unsettled ON pool_window_stats (window_number, miner) WHERE settled = 0;
            """),
    ]
}

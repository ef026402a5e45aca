extension PostgresSchema {
    /// Shards of `store_counts` (see ``storeCounts``).
    static let countShards = 64

    /// Counts kept as rows change (jobs by state, receipts), so a dashboard reads 64 small rows instead
    /// of scanning the tables; and a client's jobs newest first, with and without a state, in the order
    /// a keyset page walks (`created_at`, `queue_seq`).
    ///
    /// Several nodes write jobs at once, so the counts are not one hot row: triggers add each change to
    /// the row of the writing connection's shard (`pg_backend_pid() % 64`), a row only that connection
    /// (or the rare one sharing its shard) locks, and a count is the sum over the shards. One row per
    /// shard holds every count, so a unit of work locks one counter row, never two in some order.
    static let storeCounts: [PostgresMigration] = [
        PostgresMigration(name: "store-counts-v1", statements: [
            """
            CREATE TABLE store_counts (
                shard integer PRIMARY KEY,
                queued bigint NOT NULL DEFAULT 0,
                leased bigint NOT NULL DEFAULT 0,
                completed bigint NOT NULL DEFAULT 0,
                failed bigint NOT NULL DEFAULT 0,
                cancelled bigint NOT NULL DEFAULT 0,
                receipts bigint NOT NULL DEFAULT 0
            )
            """,
            "INSERT INTO store_counts (shard) SELECT generate_series(0, \(countShards - 1))",
            """
            CREATE FUNCTION minerkit_count_jobs() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                o text;
                n text;
            BEGIN
                IF TG_OP <> 'INSERT' THEN o := OLD.state; END IF;
                IF TG_OP <> 'DELETE' THEN n := NEW.state; END IF;
                UPDATE store_counts SET
                    queued = queued + (n IS NOT DISTINCT FROM 'queued')::int - (o IS NOT DISTINCT FROM 'queued')::int,
                    leased = leased + (n IS NOT DISTINCT FROM 'leased')::int - (o IS NOT DISTINCT FROM 'leased')::int,
                    completed = completed + (n IS NOT DISTINCT FROM 'completed')::int - (o IS NOT DISTINCT FROM 'completed')::int,
                    failed = failed + (n IS NOT DISTINCT FROM 'failed')::int - (o IS NOT DISTINCT FROM 'failed')::int,
                    cancelled = cancelled + (n IS NOT DISTINCT FROM 'cancelled')::int - (o IS NOT DISTINCT FROM 'cancelled')::int
                WHERE shard = pg_backend_pid() % \(countShards);
                RETURN NULL;
            END
            $$
            """,
            // AFTER, so an insert that ON CONFLICT DO NOTHING skipped counts nothing.
            "CREATE TRIGGER jobs_count AFTER INSERT OR DELETE ON jobs FOR EACH ROW EXECUTE FUNCTION minerkit_count_jobs()",
            """
            CREATE TRIGGER jobs_count_state AFTER UPDATE OF state ON jobs FOR EACH ROW
                WHEN (OLD.state IS DISTINCT FROM NEW.state) EXECUTE FUNCTION minerkit_count_jobs()
            """,
            """
            CREATE FUNCTION minerkit_count_receipts() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE store_counts SET receipts = receipts + CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END
                WHERE shard = pg_backend_pid() % \(countShards);
                RETURN NULL;
            END
            $$
            """,
            "CREATE TRIGGER receipts_count AFTER INSERT OR DELETE ON receipts FOR EACH ROW EXECUTE FUNCTION minerkit_count_receipts()",
            // Counted after the triggers exist: creating them locks out writers until this commits, so
            // every job and receipt is counted once, here or by a trigger.
            """
            UPDATE store_counts SET
                queued = (SELECT count(*) FROM jobs WHERE state = 'queued'),
                leased = (SELECT count(*) FROM jobs WHERE state = 'leased'),
                completed = (SELECT count(*) FROM jobs WHERE state = 'completed'),
                failed = (SELECT count(*) FROM jobs WHERE state = 'failed'),
                cancelled = (SELECT count(*) FROM jobs WHERE state = 'cancelled'),
                receipts = (SELECT count(*) FROM receipts)
            WHERE shard = 0
            """,
            "CREATE INDEX jobs_client_page ON jobs (client, created_at, queue_seq)",
            "CREATE INDEX jobs_client_state ON jobs (client, state, created_at, queue_seq)",
            "DROP INDEX jobs_client",
        ]),
    ]
}

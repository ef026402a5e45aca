/// MinerKit's PostgreSQL schema, as an ordered list of migrations: the coordinator's, then the pool's
/// (``pool``, in `PostgresSchema+Pool.swift`). Append; never edit a released entry.
///
/// Times are `double precision` Unix seconds, as the SQLite store keeps them: a `Date` comes back
/// exactly (a `timestamptz` would round it to microseconds). JSON-valued fields (job params and
/// metrics, miner attributes) are `text` holding the domain's own encoding: `jsonb` would refuse a
/// `\u0000` escape that SQLite accepts and rewrite numbers.
enum PostgresSchema {
    static let migrations: [PostgresMigration] = [
        PostgresMigration(name: "jobs-v1", statements: [
            """
            CREATE TABLE jobs (
                id text PRIMARY KEY,
                queue_seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
                client text NOT NULL,
                model text NOT NULL,
                input text NOT NULL,
                params text NOT NULL,
                price double precision NOT NULL,
                priority bigint NOT NULL,
                state text NOT NULL CHECK (state IN ('queued', 'leased', 'completed', 'failed', 'cancelled')),
                attempts bigint NOT NULL,
                lease_miner text,
                lease_token bigint,
                lease_granted_at double precision,
                lease_deadline double precision,
                result text,
                result_hash text,
                metrics text,
                failure_reason text,
                created_at double precision NOT NULL,
                updated_at double precision NOT NULL,
                started_at double precision,
                finished_at double precision
            )
            """,
            // The one dispatch order: priority, then the queue sequence assigned at insert.
            "CREATE INDEX jobs_queue ON jobs (priority DESC, queue_seq) WHERE state = 'queued'",
            "CREATE INDEX jobs_queue_model ON jobs (model, priority DESC, queue_seq) WHERE state = 'queued'",
            "CREATE INDEX jobs_leased ON jobs (lease_deadline) WHERE state = 'leased'",
            "CREATE INDEX jobs_lease_miner ON jobs (lease_miner) WHERE state = 'leased'",
            "CREATE INDEX jobs_created ON jobs (created_at, queue_seq)",
            "CREATE INDEX jobs_client ON jobs (client, created_at)",
        ]),
        PostgresMigration(name: "miners-v1", statements: [
            """
            CREATE TABLE miners (
                id text PRIMARY KEY,
                seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
                name text NOT NULL,
                capabilities text[] NOT NULL,
                status text NOT NULL CHECK (status IN ('pending', 'active', 'offline')),
                max_concurrent bigint NOT NULL,
                region text,
                attributes text NOT NULL,
                api_key_hash text,
                registered_at double precision NOT NULL,
                last_heartbeat double precision NOT NULL
            )
            """,
            "CREATE INDEX miners_registered ON miners (registered_at, seq)",
            "CREATE INDEX miners_presence ON miners (status, last_heartbeat)",
            """
            CREATE TABLE miner_stats (
                miner_id text PRIMARY KEY,
                completed bigint NOT NULL,
                failed bigint NOT NULL,
                expired bigint NOT NULL,
                busy_seconds double precision NOT NULL,
                gpu_seconds double precision NOT NULL,
                earnings double precision NOT NULL
            )
            """,
        ]),
        PostgresMigration(name: "ledger-v1", statements: [
            """
            CREATE TABLE blocks (
                height bigint PRIMARY KEY,
                hash text NOT NULL UNIQUE,
                previous_hash text NOT NULL,
                timestamp double precision NOT NULL,
                merkle_root text NOT NULL,
                transactions bigint NOT NULL
            )
            """,
            """
            CREATE FUNCTION minerkit_blocks_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'blocks are append-only' USING ERRCODE = 'restrict_violation';
            END
            $$
            """,
            """
            CREATE TRIGGER blocks_append_only BEFORE UPDATE OR DELETE ON blocks
                FOR EACH ROW EXECUTE FUNCTION minerkit_blocks_append_only()
            """,
            // `seq` is assigned at insert (not at commit): see PostgresStoreTransaction+Receipts.
            """
            CREATE TABLE receipts (
                seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                id text NOT NULL UNIQUE,
                job_id text NOT NULL UNIQUE,
                provider text NOT NULL,
                client text NOT NULL,
                units double precision NOT NULL,
                unit_type text NOT NULL,
                price double precision NOT NULL,
                model text NOT NULL,
                started_at bigint NOT NULL,
                completed_at bigint NOT NULL,
                result_hash text NOT NULL,
                signature_alg text NOT NULL,
                signature_key_id text NOT NULL,
                signature text NOT NULL,
                tx_id text NOT NULL UNIQUE,
                created_at double precision NOT NULL,
                block_height bigint REFERENCES blocks (height),
                block_index bigint,
                UNIQUE (block_height, block_index)
            )
            """,
            "CREATE INDEX receipts_client ON receipts (client, seq)",
            "CREATE INDEX receipts_provider ON receipts (provider, seq)",
            "CREATE INDEX receipts_unsealed ON receipts (seq) WHERE block_height IS NULL",
        ]),
        PostgresMigration(name: "client-keys-v1", statements: [
            """
            CREATE TABLE client_keys (
                id text PRIMARY KEY,
                name text NOT NULL,
                key_hash text NOT NULL UNIQUE,
                created_at double precision NOT NULL
            )
            """,
        ]),
        PostgresMigration(name: "coordination-v1", statements: [
            // Signatures of accepted signed requests (PostgresReplayGuard); `claim` makes a retried insert idempotent.
            """
            CREATE TABLE replay_signatures (
                signature bytea PRIMARY KEY,
                expiry bigint NOT NULL,
                claim uuid NOT NULL
            )
            """,
            "CREATE INDEX replay_signatures_expiry ON replay_signatures (expiry)",
            // Token buckets (PostgresRateBudgets); `full_at` is when the bucket is full again, so older rows can go.
            """
            CREATE TABLE rate_buckets (
                key text PRIMARY KEY,
                tokens double precision,
                updated double precision,
                full_at double precision
            )
            """,
            "CREATE INDEX rate_buckets_full ON rate_buckets (full_at)",
        ]),
        // The format version of receipts and block headers; NULL is version 1 (written before the field),
        // whose signed payload and hashed header have no such field.
        PostgresMigration(name: "ledger-format-version-v2", statements: [
            "ALTER TABLE receipts ADD COLUMN format_version bigint",
            "ALTER TABLE blocks ADD COLUMN format_version bigint",
        ]),
        // A miner found by its own key (no id sent); leases a miner has not yet shown it knows (leases
        // granted before this migration count as known).
        PostgresMigration(name: "miner-keys-lease-ack-v1", statements: [
            "CREATE INDEX miners_api_key ON miners (api_key_hash) WHERE api_key_hash IS NOT NULL",
            "ALTER TABLE jobs ADD COLUMN lease_acknowledged boolean NOT NULL DEFAULT true",
        ]),
    ] + pool + wakeUps + idempotencyKeys + storeCounts + consoleSessions

    /// Idempotency-Key on submits: the primary key makes one submit own a (client, key) on every node.
    static let idempotencyKeys: [PostgresMigration] = [
        PostgresMigration(name: "idempotency-keys-v1", statements: [
            """
            CREATE TABLE idempotency_keys (
                client text NOT NULL,
                key text NOT NULL,
                request_hash text NOT NULL,
                job_id text NOT NULL,
                created_at double precision NOT NULL,
                PRIMARY KEY (client, key)
            )
            """,
            "CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at)",
        ]),
    ]
}

/// MinerKit's schema, as an ordered list of migrations. Append; never edit a released entry.
enum SQLiteSchema {
    static let migrations: [SQLiteMigration] = [
        SQLiteMigration(name: "jobs-v1", sql: """
            CREATE TABLE jobs (
                id TEXT PRIMARY KEY NOT NULL,
                client TEXT NOT NULL,
                model TEXT NOT NULL,
                input TEXT NOT NULL,
                params TEXT NOT NULL,
                price REAL NOT NULL,
                priority INTEGER NOT NULL,
                state TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                lease_miner TEXT,
                lease_token INTEGER,
                lease_granted_at REAL,
                lease_deadline REAL,
                result TEXT,
                result_hash TEXT,
                metrics TEXT,
                failure_reason TEXT,
                created_at REAL NOT NULL,
                updated_at REAL NOT NULL,
                started_at REAL,
                finished_at REAL
            );
            CREATE INDEX jobs_queue ON jobs (priority DESC, created_at) WHERE state = 'queued';
            CREATE INDEX jobs_queue_model ON jobs (model, priority DESC, created_at) WHERE state = 'queued';
            CREATE INDEX jobs_leased ON jobs (lease_deadline) WHERE state = 'leased';
            CREATE INDEX jobs_lease_miner ON jobs (lease_miner) WHERE state = 'leased';
            CREATE INDEX jobs_created ON jobs (created_at);
            CREATE INDEX jobs_client ON jobs (client, created_at);
            """),
        SQLiteMigration(name: "miners-v1", sql: """
            CREATE TABLE miners (
                id TEXT PRIMARY KEY NOT NULL,
                name TEXT NOT NULL,
                capabilities TEXT NOT NULL,
                status TEXT NOT NULL,
                max_concurrent INTEGER NOT NULL,
                region TEXT,
                attributes TEXT NOT NULL,
                api_key_hash TEXT,
                registered_at REAL NOT NULL,
                last_heartbeat REAL NOT NULL
            );
            CREATE INDEX miners_registered ON miners (registered_at);
            """),
        SQLiteMigration(name: "receipts-v1", sql: """
            CREATE TABLE receipts (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                id TEXT NOT NULL UNIQUE,
                job_id TEXT NOT NULL UNIQUE,
                client TEXT NOT NULL,
                provider TEXT NOT NULL,
                tx_id TEXT NOT NULL UNIQUE,
                body TEXT NOT NULL,
                created_at REAL NOT NULL,
                block_height INTEGER,
                block_index INTEGER
            );
            CREATE INDEX receipts_client ON receipts (client, seq);
            CREATE INDEX receipts_provider ON receipts (provider, seq);
            CREATE INDEX receipts_unsealed ON receipts (seq) WHERE block_height IS NULL;
            CREATE INDEX receipts_block ON receipts (block_height, block_index);
            """),
        SQLiteMigration(name: "blocks-v1", sql: """
            CREATE TABLE blocks (
                height INTEGER PRIMARY KEY NOT NULL,
                hash TEXT NOT NULL UNIQUE,
                previous_hash TEXT NOT NULL,
                timestamp REAL NOT NULL,
                merkle_root TEXT NOT NULL,
                transactions INTEGER NOT NULL
            );
            CREATE TRIGGER blocks_no_update BEFORE UPDATE ON blocks
                BEGIN SELECT RAISE(ABORT, 'blocks are append-only'); END;
            CREATE TRIGGER blocks_no_delete BEFORE DELETE ON blocks
                BEGIN SELECT RAISE(ABORT, 'blocks are append-only'); END;
            """),
        SQLiteMigration(name: "client-keys-v1", sql: """
            CREATE TABLE client_keys (
                id TEXT PRIMARY KEY NOT NULL,
                name TEXT NOT NULL,
                key_hash TEXT NOT NULL UNIQUE,
                created_at REAL NOT NULL
            );
            """),
        SQLiteMigration(name: "miner-stats-v1", sql: """
            CREATE TABLE miner_stats (
                miner_id TEXT PRIMARY KEY NOT NULL,
                completed INTEGER NOT NULL,
                failed INTEGER NOT NULL,
                expired INTEGER NOT NULL,
                busy_seconds REAL NOT NULL,
                gpu_seconds REAL NOT NULL,
                earnings REAL NOT NULL
            );
            CREATE INDEX miners_presence ON miners (status, last_heartbeat);
            """),
        // The one dispatch order (`QueuePosition`): priority, then a stored queue sequence.
        SQLiteMigration(name: "jobs-queue-seq-v2", sql: """
            ALTER TABLE jobs ADD COLUMN queue_seq INTEGER NOT NULL DEFAULT 0;
            UPDATE jobs SET queue_seq = rowid;
            CREATE INDEX jobs_seq ON jobs (queue_seq);
            DROP INDEX jobs_queue;
            DROP INDEX jobs_queue_model;
            CREATE INDEX jobs_dispatch ON jobs (priority DESC, queue_seq) WHERE state = 'queued';
            CREATE INDEX jobs_dispatch_model ON jobs (model, priority DESC, queue_seq) WHERE state = 'queued';
            """),
        // Blocks say which header format their hash covers; NULL is version 1 (sealed before the field).
        // Receipts need no column: `body` holds the served document, `format_version` included.
        SQLiteMigration(name: "blocks-format-version-v2", sql: """
            ALTER TABLE blocks ADD COLUMN format_version INTEGER;
            """),
        // A miner found by its own key (no id sent); leases a miner has not yet shown it knows (leases
        // granted before this migration count as known).
        SQLiteMigration(name: "miner-keys-lease-ack-v1", sql: """
            CREATE INDEX miners_api_key ON miners (api_key_hash) WHERE api_key_hash IS NOT NULL;
            ALTER TABLE jobs ADD COLUMN lease_acknowledged INTEGER NOT NULL DEFAULT 1;
            """),
        // Idempotency-Key on submits: one row per (client, key), written with the job it created.
        SQLiteMigration(name: "idempotency-keys-v1", sql: """
            CREATE TABLE idempotency_keys (
                client TEXT NOT NULL,
                key TEXT NOT NULL,
                request_hash TEXT NOT NULL,
                job_id TEXT NOT NULL,
                created_at REAL NOT NULL,
                PRIMARY KEY (client, key)
            );
            CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
            """),
        // Counts kept as rows change (jobs by state, receipts), so a dashboard's counts read six rows
        // instead of scanning the tables; and a client's jobs by state, newest first, for paging.
        SQLiteMigration(name: "store-counts-v1", sql: """
            CREATE TABLE store_counts (name TEXT PRIMARY KEY NOT NULL, n INTEGER NOT NULL) WITHOUT ROWID;
            INSERT INTO store_counts (name, n) VALUES ('jobs.queued', 0), ('jobs.leased', 0), ('jobs.completed', 0),
                ('jobs.failed', 0), ('jobs.cancelled', 0), ('receipts', 0);
            UPDATE store_counts SET n = (SELECT count(*) FROM jobs WHERE 'jobs.' || jobs.state = store_counts.name)
                WHERE name LIKE 'jobs.%';
            UPDATE store_counts SET n = (SELECT count(*) FROM receipts) WHERE name = 'receipts';
            CREATE TRIGGER jobs_count_insert AFTER INSERT ON jobs
                BEGIN UPDATE store_counts SET n = n + 1 WHERE name = 'jobs.' || NEW.state; END;
            CREATE TRIGGER jobs_count_state AFTER UPDATE OF state ON jobs WHEN OLD.state <> NEW.state
                BEGIN
                    UPDATE store_counts SET n = n - 1 WHERE name = 'jobs.' || OLD.state;
                    UPDATE store_counts SET n = n + 1 WHERE name = 'jobs.' || NEW.state;
                END;
            CREATE TRIGGER jobs_count_delete AFTER DELETE ON jobs
                BEGIN UPDATE store_counts SET n = n - 1 WHERE name = 'jobs.' || OLD.state; END;
            CREATE TRIGGER receipts_count_insert AFTER INSERT ON receipts
                BEGIN UPDATE store_counts SET n = n + 1 WHERE name = 'receipts'; END;
            CREATE TRIGGER receipts_count_delete AFTER DELETE ON receipts
                BEGIN UPDATE store_counts SET n = n - 1 WHERE name = 'receipts'; END;
            CREATE INDEX jobs_client_state ON jobs (client, state, created_at);
            """),
        // Console sessions: the hash of each session id and the client key it signs in as.
        SQLiteMigration(name: "console-sessions-v1", sql: """
            CREATE TABLE console_sessions (
                session_hash TEXT PRIMARY KEY NOT NULL,
                client_key_hash TEXT NOT NULL,
                created_at REAL NOT NULL,
                expires_at REAL NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX console_sessions_expiry ON console_sessions (expires_at);
            """),
    ]
}

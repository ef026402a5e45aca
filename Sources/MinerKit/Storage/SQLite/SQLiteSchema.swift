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
    ]
}

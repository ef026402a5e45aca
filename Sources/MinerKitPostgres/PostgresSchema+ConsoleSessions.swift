extension PostgresSchema {
    /// Console sessions: the hash of each session id and the client key it signs in as, so a visitor
    /// signed in on one node is signed in on every node sharing the database.
    static let consoleSessions: [PostgresMigration] = [
        PostgresMigration(name: "console-sessions-v1", statements: [
            """
            CREATE TABLE console_sessions (
                session_hash text PRIMARY KEY,
                client_key_hash text NOT NULL,
                created_at double precision NOT NULL,
                expires_at double precision NOT NULL
            )
            """,
            "CREATE INDEX console_sessions_expiry ON console_sessions (expires_at)",
        ]),
    ]
}

import Foundation

/// A named schema change. Migrations run once each, in the order they are listed, and never change
/// after release: add a new one instead.
struct SQLiteMigration: Sendable {
    var name: String
    var sql: String
}

/// Applies pending migrations and remembers which ran in `minerkit_migrations`.
struct SQLiteMigrator {
    let migrations: [SQLiteMigration]

    init(_ migrations: [SQLiteMigration]) { self.migrations = migrations }

    func migrate(_ connection: SQLiteConnection) throws {
        try connection.execute("""
            CREATE TABLE IF NOT EXISTS minerkit_migrations (name TEXT PRIMARY KEY, applied_at REAL NOT NULL)
            """)
        let applied = Set(try connection.statement("SELECT name FROM minerkit_migrations").rows { $0.string(0) })
        connection.resetUsed()

        let known = Set(migrations.map(\.name))
        if let unknown = applied.subtracting(known).sorted().first {
            throw MinerKitError(.storage, code: "database_too_new",
                                "\(connection.path) has migration '\(unknown)', which this MinerKit does not know: it was written by a newer version")
        }
        for migration in migrations where !applied.contains(migration.name) {
            // Schema and record commit together, or neither does.
            try connection.execute("BEGIN IMMEDIATE")
            do {
                try connection.execute(migration.sql)
                try connection.statement("INSERT INTO minerkit_migrations (name, applied_at) VALUES (?, ?)",
                                         migration.name, Date().timeIntervalSince1970).run()
                connection.resetUsed()
                try connection.execute("COMMIT")
            } catch {
                connection.resetUsed()
                try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }
}

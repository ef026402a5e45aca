import Foundation
import MinerKit
import PostgresNIO

/// A named schema change: statements run in order, in one transaction. Migrations run once each, in
/// the order they are listed, and never change after release: add a new one instead.
struct PostgresMigration: Sendable {
    var name: String
    var statements: [String]
}

/// Applies pending migrations and remembers which ran in `minerkit_migrations`, like the SQLite
/// store's migrator. Nodes starting together take turns (a transaction-scoped advisory lock), and a
/// database that has a migration this MinerKit does not know is refused: a newer version wrote it.
struct PostgresMigrator {
    /// The advisory lock key migrations run under ("MKMIGRAT").
    static let lockKey: Int64 = 0x4D4B_4D49_4752_4154

    let migrations: [PostgresMigration]

    init(_ migrations: [PostgresMigration]) { self.migrations = migrations }

    func migrate(_ database: PostgresDatabasePool) async throws {
        let migrations = self.migrations
        let description = database.url.description
        try await database.transaction { db in
            try await db.query("SELECT pg_advisory_xact_lock(\(Self.lockKey))")
            try await db.query(
                "CREATE TABLE IF NOT EXISTS minerkit_migrations (name text PRIMARY KEY, applied_at double precision NOT NULL)")
            let applied = Set(try await db.query("SELECT name FROM minerkit_migrations").rows.map { try $0.decode(String.self) })
            let known = Set(migrations.map(\.name))
            if let unknown = applied.subtracting(known).sorted().first {
                throw MinerKitError(.storage, code: "database_too_new",
                                    "\(description) has migration '\(unknown)', which this MinerKit does not know: it was written by a newer version")
            }
            for migration in migrations where !applied.contains(migration.name) {
                for statement in migration.statements { try await db.query(PostgresQuery(unsafeSQL: statement)) }
                try await db.query("""
                    INSERT INTO minerkit_migrations (name, applied_at) VALUES (\(migration.name), \(Date().timeIntervalSince1970))
                    """)
            }
        }
    }
}

import Foundation
import MinerKit
@testable import MinerKitPostgres
import MinerKitTesting
import PostgresNIO
import Testing

/// Statements written as fragments run prepared (`PostgresTransaction.rows(_:)`): parsed and planned once
/// per connection, run again with other values, and never leaving a connection that keeps failing.
/// Each test uses one connection, so what one unit prepared is what the next one finds.
@Suite(.enabled(if: PostgresTestCluster.shouldRunTests), .timeLimit(.minutes(5)))
struct PostgresPreparedStatementTests {
    @Test func aFragmentIsPreparedOnceAndRunsAgainWithOtherValues() async throws {
        try await PostgresFixture.withDatabase(maxConnections: 1) { database in
            try await Self.addKeys(["ck_1", "ck_2"], database)
            for id in ["ck_1", "ck_2", "ck_1"] {
                let name = try await database.transaction { db in
                    try await db.rows("SELECT name FROM client_keys WHERE id = \(id)").first?.decode(String.self)
                }
                #expect(name == "name of \(id)")
            }
            #expect(try await Self.prepared(database) == ["SELECT name FROM client_keys WHERE id = $1"])
        }
    }

    /// A `NULL` is declared with its value's type, so a statement first prepared with one runs later with
    /// a value (an `Int` into an `integer` column: the server would otherwise infer `integer` from the
    /// `NULL` and refuse the 8-byte value).
    @Test func aNullAndLaterAValueOfOneParameterBothRun() async throws {
        try await PostgresFixture.withDatabase(maxConnections: 1) { database in
            _ = try await database.transaction { db in try await db.query("CREATE TABLE counts (n integer)") }
            for value in [nil, 5, nil, 7] as [Int?] {
                _ = try await database.transaction { db in
                    try await db.rows("INSERT INTO counts VALUES (\(value)) RETURNING n")
                }
            }
            let stored = try await database.transaction { db in
                try await db.rows("SELECT n FROM counts ORDER BY n").map { try $0.decode(Int?.self) }
            }
            #expect(stored == [5, 7, nil, nil])
            #expect(try await Self.prepared(database).count == 2)
        }
    }

    @Test func queuedWritesGoPrepared() async throws {
        try await PostgresFixture.withDatabase(maxConnections: 1) { database in
            try await Self.addKeys(["ck_1"], database)
            for name in ["first", "second"] {
                try await database.transaction { db in
                    try await db.write(PostgresWrite("UPDATE client_keys SET name = \(name) WHERE id = 'ck_1'", row: "key ck_1"))
                }
            }
            let prepared = try await Self.prepared(database)
            #expect(prepared.contains { $0.hasPrefix("UPDATE client_keys SET name = $1") })
            #expect(try await Self.name("ck_1", database) == "second")
        }
    }

    @Test func statementCacheSizeZeroPreparesNothing() async throws {
        try await PostgresFixture.withDatabase(parameters: "statement_cache_size=0", maxConnections: 1) { database in
            try await Self.addKeys(["ck_1"], database)
            #expect(try await Self.name("ck_1", database) == "name of ck_1")
            #expect(try await Self.prepared(database).isEmpty)
        }
    }

    /// Past the cache's size a new text runs unnamed, with the same result.
    @Test func theCachePreparesAtMostItsSize() async throws {
        try await PostgresFixture.withDatabase(parameters: "statement_cache_size=2", maxConnections: 1) { database in
            try await Self.addKeys(["ck_1"], database)
            let columns = try await database.transaction { db in
                [try await db.rows("SELECT id FROM client_keys").first?.decode(String.self),
                 try await db.rows("SELECT name FROM client_keys").first?.decode(String.self),
                 try await db.rows("SELECT key_hash FROM client_keys").first?.decode(String.self)]
            }
            #expect(columns == ["ck_1", "name of ck_1", "hash of ck_1"])
            #expect(try await Self.prepared(database).count == 2)
        }
    }

    /// PostgresNIO keeps the error of a statement it failed to prepare for that name on that connection;
    /// the failure closes the connection, so the statement runs once the table exists.
    @Test func aStatementThatFailedToPrepareRunsOnceItCan() async throws {
        try await PostgresFixture.withDatabase(maxConnections: 1) { database in
            let early = await #expect(throws: MinerKitError.self) {
                try await database.transaction { db in try await db.rows("SELECT n FROM later") }
            }
            #expect(early?.code == "postgres_error")
            _ = try await database.transaction { db in try await db.query("CREATE TABLE later (n integer)") }
            let rows = try await database.transaction { db in try await db.rows("SELECT n FROM later") }
            #expect(rows.isEmpty)
        }
    }

    /// A schema change makes a prepared `SELECT *` return other columns, which PostgreSQL refuses
    /// ("cached plan must not change result type"); the unit runs again on a fresh connection.
    @Test func aPlanMadeStaleBySchemaChangeRunsAgainOnAFreshConnection() async throws {
        try await PostgresFixture.withDatabase(maxConnections: 1) { database in
            _ = try await database.transaction { db in try await db.query("CREATE TABLE wide (a integer)") }
            let before = try await database.transaction { db in try await db.rows("SELECT * FROM wide WHERE a = \(1)") }
            #expect(before.isEmpty)
            try await database.transaction { db in
                try await db.query("ALTER TABLE wide ADD COLUMN b integer")
                try await db.query("INSERT INTO wide VALUES (1, 2)")
            }
            let after = try await database.transaction { db in
                try await db.rows("SELECT * FROM wide WHERE a = \(1)").first?.decode((Int, Int).self)
            }
            #expect(after?.0 == 1 && after?.1 == 2)
        }
    }

    // MARK: Helpers

    /// The statements the pool's one connection has prepared.
    private static func prepared(_ database: PostgresDatabasePool) async throws -> [String] {
        try await database.transaction { db in
            try await db.query("SELECT statement FROM pg_prepared_statements ORDER BY statement").rows
                .map { try $0.decode(String.self) }
        }
    }

    private static func addKeys(_ ids: [String], _ database: PostgresDatabasePool) async throws {
        try await database.transaction { db in
            for id in ids {
                try await db.query("INSERT INTO client_keys VALUES (\(id), \("name of \(id)"), \("hash of \(id)"), 0)")
            }
        }
    }

    private static func name(_ id: String, _ database: PostgresDatabasePool) async throws -> String? {
        try await database.transaction { db in
            try await db.rows("SELECT name FROM client_keys WHERE id = \(id)").first?.decode(String.self)
        }
    }
}

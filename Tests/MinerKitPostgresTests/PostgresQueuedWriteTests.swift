import Foundation
import MinerKit
@testable import MinerKitPostgres
import MinerKitTesting
import PostgresNIO
import Testing

/// Writes a unit of work queues (`PostgresTransaction.write(_:)`): sent together in one statement before
/// the next read or the commit, which then needs no statement but `COMMIT`, each judged by its own check.
@Suite(.enabled(if: PostgresTestCluster.shouldRunTests), .timeLimit(.minutes(5)))
struct PostgresQueuedWriteTests {
    @Test func writesOfDifferentRowsTravelInOneStatementThatReturnsTheTransactionID() async throws {
        try await PostgresFixture.withDatabase { database in
            let (sent, learned, actual) = try await database.transaction { db in
                try await Self.addKey("ck_1", db)
                let before = db.statementsSent
                try await db.write(Self.rename("ck_1", to: "renamed"))
                try await db.write(PostgresWrite("INSERT INTO client_keys VALUES ('ck_2', 'test', 'ck_2-hash', 0)", row: "key ck_2"))
                try await db.flush()
                // Two writes queued count as two until sent; sent, they were one statement.
                return (db.statementsSent - before, db.learnedTransactionID, try await Self.transactionID(db))
            }
            #expect(sent == 1)
            #expect(learned == actual)
            #expect(try await database.commitOutcome(of: actual) == .committed)
            #expect(try await Self.names(database) == ["ck_1": "renamed", "ck_2": "test"])
        }
    }

    @Test func aReadSeesTheWritesQueuedBeforeIt() async throws {
        try await PostgresFixture.withDatabase { database in
            let seen = try await database.transaction { db in
                try await Self.addKey("ck_1", db)
                try await db.write(Self.rename("ck_1", to: "renamed"))
                return try await db.query("SELECT name FROM client_keys WHERE id = 'ck_1'").rows.first?.decode(String.self)
            }
            #expect(seen == "renamed")
        }
    }

    /// One statement cannot change a row twice: the second write of a row sends the first before it.
    @Test func twoWritesOfOneRowTakeEffectInOrder() async throws {
        try await PostgresFixture.withDatabase { database in
            let sent = try await database.transaction { db in
                try await Self.addKey("ck_1", db)
                let before = db.statementsSent
                try await db.write(Self.rename("ck_1", to: "first"))
                try await db.write(Self.rename("ck_1", to: "second"))
                try await db.flush()
                return db.statementsSent - before
            }
            #expect(sent == 2)
            #expect(try await Self.names(database) == ["ck_1": "second"])
        }
    }

    /// A check runs when its write has run, possibly at the commit; what it throws rolls the whole unit
    /// back, the writes sent with it included.
    @Test func aFailingCheckRollsTheUnitBack() async throws {
        struct NothingRenamed: Error {}
        try await PostgresFixture.withDatabase { database in
            await #expect(throws: NothingRenamed.self) {
                try await database.transaction { db in
                    try await db.write(PostgresWrite("INSERT INTO client_keys VALUES ('ck_9', 'test', 'ck_9-hash', 0)", row: "key ck_9"))
                    try await db.write(PostgresWrite("UPDATE client_keys SET name = 'x' WHERE id = 'ck_none'", row: "key ck_none") {
                        guard $0 == 1 else { throw NothingRenamed() }
                    })
                }
            }
            let names = try await Self.names(database)
            #expect(names.isEmpty)
        }
    }

    /// A write that returns results carries the queue with it; its results see the tables as they were
    /// before the statement, and its own rows through `written`.
    @Test func aWriteWithResultsCarriesTheQueue() async throws {
        try await PostgresFixture.withDatabase { database in
            let (sent, counted) = try await database.transaction { db in
                try await Self.addKey("ck_1", db)
                let before = db.statementsSent
                try await db.write(Self.rename("ck_1", to: "renamed"))
                let counted = try await db.write(
                    PostgresWrite("INSERT INTO client_keys VALUES ('ck_2', 'test', 'ck_2-hash', 0)", row: "key ck_2"),
                    returning: "id", results: "(SELECT id FROM written), (SELECT count(*) FROM client_keys) + (SELECT count(*) FROM written)"
                ) { (try $0.next(String.self), try $0.next(Int.self)) }
                return (db.statementsSent - before, counted)
            }
            #expect(sent == 1)
            #expect(counted.0 == "ck_2" && counted.1 == 2)
            #expect(try await Self.names(database) == ["ck_1": "renamed", "ck_2": "test"])
        }
    }

    /// In a deferred unit the statement that sends the queue also turns `synchronous_commit` off; a queue
    /// whose writes changed nothing teaches no transaction id (the commit then asks, as before).
    @Test func theQueueSetsDeferredCommitsAndAnEmptyChangeTeachesNothing() async throws {
        try await PostgresFixture.withDatabase { database in
            let setting = try await database.transaction(durability: .deferred) { db in
                try await Self.addKey("ck_1", db)
                try await db.write(Self.rename("ck_1", to: "renamed"))
                try await db.flush()
                return try await db.query("SHOW synchronous_commit").rows.first?.decode(String.self) ?? ""
            }
            #expect(setting == "off")

            let missed = try await database.transaction { db in
                try await db.write(Self.rename("ck_none", to: "x"))
                try await db.write(Self.rename("ck_other", to: "y"))
                try await db.flush()
                return db.learnedTransactionID
            }
            #expect(missed == nil)
            #expect(try await Self.names(database) == ["ck_1": "renamed"])
        }
    }

    private static func rename(_ id: String, to name: String) -> PostgresWrite {
        PostgresWrite("UPDATE client_keys SET name = \(name) WHERE id = \(id)", row: "key \(id)")
    }

    private static func addKey(_ id: String, _ db: PostgresTransaction) async throws {
        try await db.query("INSERT INTO client_keys VALUES (\(id), 'test', \(id + "-hash"), 0)")
    }

    private static func names(_ database: PostgresDatabasePool) async throws -> [String: String] {
        try await database.transaction(readOnly: true) { db in
            var names: [String: String] = [:]
            for row in try await db.query("SELECT id, name FROM client_keys").rows {
                let (id, name) = try row.decode((String, String).self)
                names[id] = name
            }
            return names
        }
    }

    private static func transactionID(_ db: PostgresTransaction) async throws -> String {
        try await db.query("SELECT pg_current_xact_id()::text").rows.first?.decode(String.self) ?? ""
    }
}

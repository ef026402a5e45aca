import Foundation
import MinerKit
@testable import MinerKitPostgres
import MinerKitTesting
import Synchronization
import Testing

/// The unit-of-work runner: retries with exactly one effect, rollback on errors, commit outcomes.
@Suite(.enabled(if: PostgresTestCluster.shouldRunTests), .timeLimit(.minutes(5)))
struct PostgresTransactionTests {
    @Test func aSerializationFailureRunsTheUnitOfWorkAgainWithOneEffect() async throws {
        try await PostgresFixture.withDatabase { database in
            let runs = RunCounter()
            try await database.transaction { db in
                let run = runs.next()
                try await Self.addKey("ck_1", db)
                if run == 1 {
                    try await db.query("DO $$ BEGIN RAISE EXCEPTION 'injected' USING ERRCODE = 'serialization_failure'; END $$")
                }
            }
            #expect(runs.count == 2)
            #expect(try await Self.keyCount(database) == 1)
        }
    }

    /// Ten rounds, because the failure this guards against was a race: the pool could hand the retry the
    /// terminated connection, and a statement sent on it never completed (about one round in forty).
    @Test(.serialized, arguments: 1...10)
    func aConnectionLostBeforeCommitRunsTheUnitOfWorkAgain(round: Int) async throws {
        try await PostgresFixture.withDatabase { database in
            let runs = RunCounter()
            try await database.transaction { db in
                let run = runs.next()
                try await Self.addKey("ck_1", db)
                if run == 1 { try await db.query("SELECT pg_terminate_backend(pg_backend_pid())") }
            }
            #expect(runs.count == 2)
            #expect(try await Self.keyCount(database) == 1)
        }
    }

    @Test func aDeadlockVictimRunsAgainAndBothUnitsTakeEffectOnce() async throws {
        try await PostgresFixture.withDatabase { database in
            _ = try await database.transaction { db in
                try await db.query("""
                    INSERT INTO miner_stats VALUES ('a', 0, 0, 0, 0, 0, 0), ('b', 0, 0, 0, 0, 0, 0)
                    """)
            }
            // Each unit locks one row, waits until the other holds its row, then wants the other's row.
            let bothHoldOne = Barrier(parties: 2)
            let runs = RunCounter()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (first, second) in [("a", "b"), ("b", "a")] {
                    group.addTask {
                        try await database.transaction { db in
                            let run = runs.next()
                            try await db.query("UPDATE miner_stats SET completed = completed + 1 WHERE miner_id = \(first)")
                            if run <= 2 { await bothHoldOne.arrive() }
                            try await db.query("UPDATE miner_stats SET failed = failed + 1 WHERE miner_id = \(second)")
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(runs.count == 3)
            let counts = try await database.transaction(readOnly: true) { db in
                try await db.query("SELECT completed, failed FROM miner_stats ORDER BY miner_id").rows
                    .map { try $0.decode((Int, Int).self) }
            }
            #expect(counts.map(\.0) == [1, 1])
            #expect(counts.map(\.1) == [1, 1])
        }
    }

    @Test func aSwallowedStatementFailureIsNotCommitted() async throws {
        try await PostgresFixture.withDatabase { database in
            try await database.transaction { db in try await Self.addKey("ck_1", db) }
            await #expect(throws: MinerKitError.self) {
                try await database.transaction { db in
                    try await Self.addKey("ck_2", db)
                    // PostgreSQL aborts the transaction here; carrying on must not report success.
                    _ = try? await Self.addKey("ck_1", db)
                }
            }
            #expect(try await Self.keyCount(database) == 1)
        }
    }

    @Test func anErrorThrownByTheUnitOfWorkRollsBackAndReachesTheCallerUnchanged() async throws {
        try await PostgresFixture.withDatabase { database in
            let refusal = MinerKitError(.conflict, code: "job_completed", "no")
            await #expect(throws: refusal) {
                try await database.transaction { db in
                    try await Self.addKey("ck_1", db)
                    throw refusal
                }
            }
            let keys = try await Self.keyCount(database)
            #expect(keys == 0)
        }
    }

    @Test func theServerTellsWhetherATransactionCommitted() async throws {
        try await PostgresFixture.withDatabase { database in
            let committed = try await database.transaction { db in
                try await Self.addKey("ck_1", db)
                return try await Self.transactionID(db)
            }
            #expect(try await database.commitOutcome(of: committed) == .committed)

            struct RolledBack: Error { var xid: String }
            do {
                try await database.transaction { db in
                    try await Self.addKey("ck_2", db)
                    throw RolledBack(xid: try await Self.transactionID(db))
                }
                Issue.record("the transaction should have thrown")
            } catch let rolledBack as RolledBack {
                #expect(try await database.commitOutcome(of: rolledBack.xid) == .aborted)
            }
        }
    }

    @Test func reopeningIsANoOpAndANewerSchemaIsRefused() async throws {
        try await PostgresFixture.withDatabase { database in
            let again = try await PostgresDatabasePool.open(database.url)
            await again.close()
            _ = try await database.transaction { db in
                try await db.query("INSERT INTO minerkit_migrations VALUES ('from-the-future-v9', 0)")
            }
            do {
                let refused = try await PostgresDatabasePool.open(database.url)
                await refused.close()
                Issue.record("a database with an unknown migration was opened")
            } catch let error as MinerKitError {
                #expect(error.code == "database_too_new")
            }
        }
    }

    @Test func whileTheDatabaseIsAwayAUnitOfWorkFailsAfterTheConnectionWaitNotNever() async throws {
        let cluster = try await PostgresTestCluster.start()
        // Long enough for a first connection on a loaded machine; the point is that the wait ends.
        let url = try await cluster.createDatabase()
        // The first connections to a fresh cluster can take longer than the short wait on a loaded machine
        // (seen: over 15 s while a full parallel run starts, in `open`'s migrations as well as in the first
        // unit of work): both are tried for up to a minute. The point is only that the wait ends once it is away.
        var opened: PostgresDatabasePool?
        for attempt in 1...20 where opened == nil {
            do {
                let database = try await PostgresDatabasePool.open(url, maxConnections: 2, connectionWait: .seconds(3))
                do {
                    try await database.transaction { db in try await Self.addKey("ck_1", db) }
                    opened = database
                } catch {
                    await database.close()
                    throw error
                }
            } catch let error as MinerKitError where error.code == "database_unavailable" && attempt < 20 {}
        }
        let database = try #require(opened)
        try await cluster.stop()
        let runs = RunCounter()
        let start = ContinuousClock.now
        let error = await #expect(throws: MinerKitError.self) {
            try await database.transaction { db in
                _ = runs.next()
                try await Self.addKey("ck_2", db)
            }
        }
        await database.close()
        #expect(error?.code == "database_unavailable")
        #expect(error?.kind == .unavailable)
        // A lost connection is retried (each run's wait for a connection bounded), never waited on for ever.
        #expect(ContinuousClock.now - start < .seconds(30))
    }

    private static func addKey(_ id: String, _ db: PostgresTransaction) async throws {
        try await db.query("INSERT INTO client_keys VALUES (\(id), 'test', \(id + "-hash"), 0)")
    }

    private static func keyCount(_ database: PostgresDatabasePool) async throws -> Int {
        try await database.transaction(readOnly: true) { db in
            try await db.query("SELECT count(*) FROM client_keys").rows.first?.decode(Int.self) ?? 0
        }
    }

    private static func transactionID(_ db: PostgresTransaction) async throws -> String {
        try await db.query("SELECT pg_current_xact_id()::text").rows.first?.decode(String.self) ?? ""
    }
}

/// Counts the runs of a unit of work.
private final class RunCounter: Sendable {
    private let runs = Mutex(0)

    /// Counts one more run and returns its number (the first is 1).
    func next() -> Int { runs.withLock { runs in runs += 1; return runs } }

    var count: Int { runs.withLock { $0 } }
}

/// Lets `parties` tasks continue once all of them have arrived.
private final class Barrier: Sendable {
    private let parties: Int
    private let waiting = Mutex<[CheckedContinuation<Void, Never>]>([])

    init(parties: Int) { self.parties = parties }

    func arrive() async {
        await withCheckedContinuation { continuation in
            let released = waiting.withLock { waiting -> [CheckedContinuation<Void, Never>] in
                waiting.append(continuation)
                guard waiting.count == parties else { return [] }
                defer { waiting.removeAll() }
                return waiting
            }
            for waiter in released { waiter.resume() }
        }
    }
}

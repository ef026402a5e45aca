import Foundation
import MinerKit
@testable import MinerKitPostgres
import MinerKitTesting
import PostgresNIO
import Testing

/// Durable units of work that run at once share WAL flushes (`PostgresGroupCommit`); one alone commits
/// synchronously; every unit is acknowledged only after a flush that covers it.
@Suite(.enabled(if: PostgresTestCluster.shouldRunTests), .timeLimit(.minutes(5)))
struct PostgresGroupCommitTests {
    @Test func durableUnitsRunningTogetherCommitThroughSharedFlushes() async throws {
        try await PostgresFixture.withDatabase(maxConnections: 8) { database in
            try await Self.runTogether(6, database)
            #expect(try await Self.keyCount(database) == 6)
            #expect((1...6).contains(database.groupCommit?.flushes ?? 0))
        }
    }

    @Test func groupCommitOffLeavesEveryUnitItsOwnFlush() async throws {
        try await PostgresFixture.withDatabase(parameters: "group_commit=off", maxConnections: 8) { database in
            #expect(database.groupCommit == nil)
            try await Self.runTogether(4, database)
            #expect(try await Self.keyCount(database) == 4)
        }
    }

    /// Runs `units` durable units that each insert a client key once all of them are running, so each
    /// sees the others running when it writes.
    private static func runTogether(_ units: Int, _ database: PostgresDatabasePool) async throws {
        let gate = Gate(expected: units)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<units {
                group.addTask {
                    try await database.transaction { db in
                        await gate.arriveAndWait()
                        try await db.write(PostgresWrite("INSERT INTO client_keys VALUES (\("ck_\(index)"), 'n', \("h\(index)"), 0)"))
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    @Test func aUnitAloneCommitsWithItsOwnFlush() async throws {
        try await PostgresFixture.withDatabase { database in
            try await database.transaction { db in
                try await db.write(PostgresWrite("INSERT INTO client_keys VALUES ('ck_1', 'n', 'h', 0)"))
            }
            #expect(try await Self.keyCount(database) == 1)
            #expect(database.groupCommit?.flushes == 0)
        }
    }

    /// The flush reads each waiting transaction's fate: committed, or aborted when the server never got
    /// that far (as after a crash that took the commit back).
    @Test func theFlushReportsCommittedAndLostTransactions() async throws {
        try await PostgresFixture.withDatabase(maxConnections: 1) { database in
            let committed = try await database.transaction { db in
                try await db.write(PostgresWrite("INSERT INTO client_keys VALUES ('ck_1', 'n', 'h', 0)"))
                try await db.flush()
                return db.learnedTransactionID!
            }
            let lost = String(UInt64(committed)! + 1_000_000)
            let outcomes = try await database.withPooledConnection(waitingAtMost: .seconds(10)) { connection in
                try await PostgresGroupCommit.flush([committed, lost], on: connection, logger: Logger(label: "test"))
            }
            #expect(outcomes == [committed: .committed, lost: .aborted])
        }
    }

    /// PostgreSQL flushes at commit only what wrote WAL: the flush writes some, so once it returns the
    /// WAL is on disk past a commit made without waiting for its flush. (The test cluster turns
    /// synchronous commits off; this session turns them on, as a durable server has them.)
    @Test func theFlushPutsEarlierUnflushedCommitsOnDisk() async throws {
        try await PostgresFixture.withDatabase(maxConnections: 1) { database in
            let flushedPastCommit = try await database.withPooledConnection(waitingAtMost: .seconds(10)) { connection in
                let logger = Logger(label: "test")
                for statement: PostgresQuery in ["BEGIN", "SET LOCAL synchronous_commit = off",
                                                 "INSERT INTO client_keys VALUES ('ck_1', 'n', 'h', 0)", "COMMIT"] {
                    _ = try await connection.query(statement, logger: logger).get()
                }
                let written = try await connection.query("SELECT pg_current_wal_insert_lsn()::text", logger: logger).get()
                    .rows.first!.decode(String.self)
                _ = try await connection.query("SET synchronous_commit = on", logger: logger).get()
                _ = try await PostgresGroupCommit.flush(["1"], on: connection, logger: logger)
                return try await connection.query("SELECT pg_current_wal_flush_lsn() >= \(written)::pg_lsn", logger: logger).get()
                    .rows.first!.decode(Bool.self)
            }
            #expect(flushedPastCommit)
        }
    }

    private static func keyCount(_ database: PostgresDatabasePool) async throws -> Int {
        try await database.transaction(readOnly: true) { db in
            try await db.query("SELECT count(*) FROM client_keys").rows.first?.decode(Int.self) ?? 0
        }
    }
}

/// Holds every caller until `expected` have arrived.
private actor Gate {
    private let expected: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(expected: Int) { self.expected = expected }

    func arriveAndWait() async {
        if waiting.count + 1 == expected {
            waiting.forEach { $0.resume() }
            waiting = []
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }
}

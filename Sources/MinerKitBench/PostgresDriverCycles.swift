import Foundation
import Logging
import MinerKitPostgres
import MinerKitTesting
import PostgresNIO

/// The claim+complete statements of `pgbench/claim_complete.sql`, sent from Swift through
/// ``PostgresDatabasePool/transaction(readOnly:durability:_:)`` (PostgresNIO plus MinerKit's transaction runner:
/// BEGIN and COMMIT; statements prepared, each update returning the transaction id, as the store's) with no
/// store code: no job decoding, no `JobLifecycle`, no dispatch planning. Between the store and pgbench, it
/// shows how much of the gap is the driver's. ``rawRate(_:clients:seconds:)`` goes one step further down:
/// PostgresNIO alone, a bare connection per client, the statements unnamed (parsed at every run) and chained
/// as event-loop futures (no pool, no runner, no Swift tasks).
enum PostgresDriverCycles {
    /// `clients` tasks, each running claim+complete transactions for `seconds`; cycles per second.
    static func rate(_ cluster: PostgresTestCluster, clients: Int, seconds: Double) async throws -> Double {
        let url = try await cluster.createDatabase()
        let database = try await PostgresDatabasePool.open(url, maxConnections: clients + 2)
        try await PostgresBench.seedWithPSQL(cluster, url: url, jobs: Int(seconds) * 6_000)
        let rate = try await cyclesPerSecond(workers: clients, seconds: seconds) { try await cycle(database, miner: "m\($0)") }
        await database.close()
        return rate
    }

    /// The same statements, BEGIN and COMMIT included, on one bare `PostgresConnection` per client.
    static func rawRate(_ cluster: PostgresTestCluster, clients: Int, seconds: Double) async throws -> Double {
        let url = try await cluster.createDatabase()
        await (try await PostgresDatabasePool.open(url, maxConnections: 1)).close()  // migrate
        try await PostgresBench.seedWithPSQL(cluster, url: url, jobs: Int(seconds) * 6_000)
        let address = try PostgresURL(url)
        let configuration = PostgresConnection.Configuration(host: address.host, port: address.port, username: address.user,
                                                             password: nil, database: address.database, tls: .disable)
        let logger = Logger(label: "bench")
        let deadline = NIODeadline.now() + .milliseconds(Int64(seconds * 1000))
        let start = ContinuousClock.now
        let done = try await withThrowingTaskGroup(of: Int.self) { group in
            for client in 1...clients {
                group.addTask {
                    let connection = try await PostgresConnection.connect(configuration: configuration, id: client, logger: logger)
                    let done: Int
                    do {
                        done = try await RawClient(connection: connection, miner: "m\(client)", logger: logger)
                            .cycles(until: deadline, done: 0).get()
                    } catch {
                        try? await connection.close()
                        throw error
                    }
                    try await connection.close()
                    return done
                }
            }
            return try await group.reduce(0, +)
        }
        return Double(done) / (ContinuousClock.now - start).timeInterval
    }

    /// One claim transaction and one complete transaction; false when the queue is empty.
    private static func cycle(_ database: PostgresDatabasePool, miner: String) async throws -> Bool {
        let claimed: (String, Int64)? = try await database.transaction { tx in
            _ = try await tx.rows(SQL.reap)
            guard let row = try await tx.rows(SQL.claim).first else { return nil }
            let (job, token) = try row.decode((String, Int64).self, context: .default)
            try await tx.write(PostgresWrite(SQL.lease(job, token: token, miner: miner)))
            return (job, token)
        }
        guard let (job, token) = claimed else { return false }
        try await database.transaction { tx in
            _ = try await tx.rows(SQL.lock(job))
            try await tx.write(PostgresWrite(SQL.complete(job, token: token, miner: miner)))
        }
        return true
    }

    /// One bare connection running claim+complete cycles as chained futures on its event loop.
    private struct RawClient {
        let connection: PostgresConnection
        let miner: String
        let logger: Logger

        /// Runs cycles until `deadline` or an empty queue; how many ran.
        func cycles(until deadline: NIODeadline, done: Int) -> EventLoopFuture<Int> {
            guard NIODeadline.now() < deadline else { return connection.eventLoop.makeSucceededFuture(done) }
            return cycle().flatMap { ran in ran ? cycles(until: deadline, done: done + 1) : connection.eventLoop.makeSucceededFuture(done) }
        }

        private func run(_ query: PostgresQuery) -> EventLoopFuture<PostgresQueryResult> {
            connection.query(query, logger: logger)
        }

        /// The runner's BEGIN and COMMIT around the same statements as ``cycle(_:miner:)``.
        private func cycle() -> EventLoopFuture<Bool> {
            run("BEGIN").flatMap { _ in run(SQL.reap.query) }.flatMap { _ in run(SQL.claim.query) }.flatMapThrowing { result -> (String, Int64)? in
                try result.rows.first.map { try $0.decode((String, Int64).self, context: .default) }
            }.flatMap { claimed in
                guard let (job, token) = claimed else { return run("COMMIT").map { _ in false } }
                return run(SQL.returningTransactionID(SQL.lease(job, token: token, miner: miner)))
                    .flatMap { _ in run("COMMIT") }
                    .flatMap { _ in run("BEGIN") }
                    .flatMap { _ in run(SQL.lock(job).query) }
                    .flatMap { _ in run(SQL.returningTransactionID(SQL.complete(job, token: token, miner: miner))) }
                    .flatMap { _ in run("COMMIT") }
                    .map { _ in true }
            }
        }
    }

    /// The statements of `pgbench/claim_complete.sql`, as PostgresNIO queries.
    private enum SQL {
        /// The job's 22 columns, as the store and the pgbench script select them.
        static let columns = """
            id, client, model, input, params, price, priority, state, attempts, lease_miner, lease_token, \
            lease_granted_at, lease_deadline, result, result_hash, metrics, failure_reason, created_at, updated_at, \
            started_at, finished_at, lease_acknowledged
            """

        /// The lapsed-lease sweep the store runs before every lease.
        static var reap: PostgresFragment {
            """
            SELECT \(unescaped: columns) FROM jobs WHERE state = 'leased' AND lease_deadline <= extract(epoch FROM now())
            ORDER BY lease_deadline LIMIT 64 FOR UPDATE SKIP LOCKED
            """
        }

        /// The next queued job in dispatch order, with its next lease token first.
        static var claim: PostgresFragment {
            """
            SELECT id AS job, coalesce(lease_token, 0) + 1 AS token, client, model, input, params, price, priority,
            state, attempts, lease_miner, lease_granted_at, lease_deadline, result, result_hash, metrics,
            failure_reason, created_at, updated_at, started_at, finished_at, lease_acknowledged FROM jobs
            WHERE state = 'queued' AND model = 'echo' AND id <> ALL(\([String]()))
            ORDER BY priority DESC, queue_seq LIMIT 1 FOR UPDATE SKIP LOCKED
            """
        }

        static func lease(_ job: String, token: Int64, miner: String) -> PostgresFragment {
            """
            UPDATE jobs SET price = 0, priority = 0, state = 'leased', attempts = 0, lease_miner = \(miner),
            lease_token = \(token), lease_granted_at = extract(epoch FROM now()),
            lease_deadline = extract(epoch FROM now()) + 3600, result = NULL, result_hash = NULL, metrics = NULL,
            failure_reason = NULL, updated_at = extract(epoch FROM now()), started_at = extract(epoch FROM now()),
            finished_at = NULL, lease_acknowledged = true WHERE id = \(job)
            """
        }

        static func lock(_ job: String) -> PostgresFragment {
            "SELECT \(unescaped: columns) FROM jobs WHERE id = \(job) FOR UPDATE"
        }

        static func complete(_ job: String, token: Int64, miner: String) -> PostgresFragment {
            """
            UPDATE jobs SET price = 0, priority = 0, state = 'completed', attempts = 1, lease_miner = \(miner),
            lease_token = \(token), lease_granted_at = extract(epoch FROM now()),
            lease_deadline = extract(epoch FROM now()) + 3600, result = 'ok',
            result_hash = 'sha256:2689367b205c16ce32ed4200942b8b8b1e262dfc70d9bc9fbc77c49699a4f1df', metrics = NULL,
            failure_reason = NULL, updated_at = extract(epoch FROM now()), started_at = extract(epoch FROM now()),
            finished_at = extract(epoch FROM now()), lease_acknowledged = true WHERE id = \(job)
            """
        }

        /// `write` returning the transaction id, as ``PostgresTransaction/write(_:)`` sends a write alone.
        static func returningTransactionID(_ write: PostgresFragment) -> PostgresQuery {
            let query = write.query
            return PostgresQuery(unsafeSQL: query.sql + " RETURNING pg_current_xact_id()::text", binds: query.binds)
        }
    }
}

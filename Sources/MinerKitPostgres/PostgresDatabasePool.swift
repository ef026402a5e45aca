import Logging
import MinerKit
import PostgresNIO

/// A pool of connections to one PostgreSQL database, shared by every MinerKit store and coordination
/// service of a node, and the one place units of work run (``transaction(readOnly:durability:_:)``).
///
/// Opening it applies MinerKit's migrations (one node at a time, under an advisory lock) and refuses a
/// database migrated by a newer MinerKit. The pool's connections are kept by a task this object owns:
/// call ``close()`` when done. After an outage of any length it connects again within about 200 ms of
/// the database answering (``PostgresClientSlot``).
///
/// ```swift
/// let database = try await PostgresDatabasePool.open("postgres://minerkit@db.internal:5432/minerkit")
/// let store = PostgresStore(database: database)
/// ```
public final class PostgresDatabasePool: Sendable {
    /// Where the database is (its description leaves the password out).
    public let url: PostgresURL
    /// How units of work are retried after transient failures.
    public let retryPolicy: PostgresRetryPolicy
    /// The longest a unit of work waits for a connection (all busy, or the database unreachable)
    /// before failing with `database_unavailable` (503).
    public let connectionWait: Duration
    let clients: PostgresClientSlot
    /// The statements its connections prepare.
    let statements: PostgresStatementCache
    /// The shared WAL flushes of its concurrent durable units of work (`nil` with `group_commit=off`).
    let groupCommit: PostgresGroupCommit?
    let logger: Logger

    private init(url: PostgresURL, maxConnections: Int, retryPolicy: PostgresRetryPolicy, connectionWait: Duration,
                 logger: Logger) throws {
        self.url = url
        self.retryPolicy = retryPolicy
        self.connectionWait = connectionWait
        self.logger = logger
        statements = PostgresStatementCache(capacity: url.statementCacheSize)
        groupCommit = url.groupCommit ? PostgresGroupCommit() : nil
        var configuration = url.clientConfiguration
        configuration.options.maximumConnections = maxConnections
        // The probe connects as the pool does (same TLS), so a server that takes TLS only is seen back.
        var probe = try url.connectionConfiguration()
        probe.options.connectTimeout = .seconds(1)
        clients = PostgresClientSlot(configuration: configuration, probeConfiguration: probe, logger: logger)
    }

    /// Connects to the database at `url` (`postgres://user[:password]@host[:port]/database`, with
    /// `?sslmode=`, `sslrootcert=` and `statement_cache_size=` and `group_commit=` as ``PostgresURL`` reads them) and brings
    /// its schema up to date.
    /// - Parameters:
    ///   - maxConnections: the most connections this node opens (PostgreSQL's `max_connections` is
    ///     shared by every node).
    ///   - connectionWait: the longest a unit of work waits for a connection; past it, it fails with
    ///     `database_unavailable` instead of waiting for as long as the database is away.
    ///   - logger: where PostgresNIO logs connection events; statement parameters are logged only at
    ///     trace level, so keep it above that in production.
    public static func open(_ url: String, maxConnections: Int = 16,
                            retryPolicy: PostgresRetryPolicy = PostgresRetryPolicy(),
                            connectionWait: Duration = .seconds(10),
                            logger: Logger = Logger(label: "minerkit.postgres")) async throws -> PostgresDatabasePool {
        try await open(try PostgresURL(url), maxConnections: maxConnections, retryPolicy: retryPolicy,
                       connectionWait: connectionWait, logger: logger)
    }

    /// Connects to the database at `url` and brings its schema up to date, like the overload taking a string.
    public static func open(_ url: PostgresURL, maxConnections: Int = 16,
                            retryPolicy: PostgresRetryPolicy = PostgresRetryPolicy(),
                            connectionWait: Duration = .seconds(10),
                            logger: Logger = Logger(label: "minerkit.postgres")) async throws -> PostgresDatabasePool {
        // Throws for an unreadable sslrootcert now, not at each connect.
        let database = try PostgresDatabasePool(url: url, maxConnections: maxConnections, retryPolicy: retryPolicy,
                                            connectionWait: connectionWait, logger: logger)
        do {
            try await PostgresMigrator(PostgresSchema.migrations).migrate(database)
        } catch {
            await database.close()
            throw error
        }
        return database
    }

    /// Closes every connection; units of work still waiting for one fail with `database_closed`.
    public func close() async {
        await clients.close()
    }

    /// The settings for a connection of its own, outside the pool (``PostgresJobWakeUps`` listens on one).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        try url.connectionConfiguration()
    }
}

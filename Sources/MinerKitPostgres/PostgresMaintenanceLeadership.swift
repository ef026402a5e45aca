import Logging
import MinerKit
import PostgresNIO

/// Elects one maintenance leader among the coordinator nodes on one database, as River's elector does:
/// the leader holds a session advisory lock ("MKLEADER") on a connection of its own, outside the pool.
///
/// A node that is not the leader tries `pg_try_advisory_lock` at most once per ``retryInterval``; the
/// leader checks its connection at most once per ``checkInterval``. When the leader's process dies or
/// its connection drops, PostgreSQL ends its session and frees the lock, and the next node to try
/// (within ``retryInterval``) leads. A leader whose connection fails stops leading at once. Only the
/// leader keeps a connection open: call ``resign()`` before letting a leader go (``Coordinator``'s
/// maintenance loop does when it ends).
public actor PostgresMaintenanceLeadership: MaintenanceLeadership {
    /// The session advisory lock the leader holds ("MKLEADER").
    public static let lockKey: Int64 = 0x4D4B_4C45_4144_4552
    /// The longest a stand-by node waits between two tries to lead.
    public let retryInterval: Duration
    /// The longest the leader goes without checking that its connection (and so its lock) is alive.
    public let checkInterval: Duration

    private let database: PostgresDatabasePool
    private var connection: PostgresConnection?
    private var leading = false
    private var nextTry = ContinuousClock.now
    /// The check under way: callers that arrive meanwhile share its answer (the actor is reentrant
    /// across the check's awaits, and two checks would open two connections).
    private var checking: Task<Bool, Never>?

    /// Leadership over `database`, tried every `retryInterval` and checked every `checkInterval`.
    public init(database: PostgresDatabasePool, retryInterval: Duration = .seconds(2),
                checkInterval: Duration = .seconds(5)) {
        self.database = database
        self.retryInterval = retryInterval
        self.checkInterval = checkInterval
    }

    public func isLeader() async -> Bool {
        if let checking { return await checking.value }
        let check = Task { await self.check() }
        checking = check
        let answer = await check.value
        checking = nil
        return answer
    }

    public func resign() async {
        if let checking { _ = await checking.value }
        await stepDown()
    }

    /// One check: the leader pings its connection when due; a stand-by node tries the lock when due.
    private func check() async -> Bool {
        let now = ContinuousClock.now
        if leading, let connection, connection.isClosed { await stepDown() }
        guard now >= nextTry else { return leading }
        do {
            if leading {
                nextTry = now.advanced(by: checkInterval)
                // The lock lives in this session: the check must use it, never a new connection.
                guard let connection, !connection.isClosed else {
                    await stepDown()
                    return false
                }
                _ = try await connection.query("SELECT 1", logger: database.logger)
            } else {
                nextTry = now.advanced(by: retryInterval)
                let rows = try await open().query("SELECT pg_try_advisory_lock(\(Self.lockKey))", logger: database.logger)
                for try await held in rows.decode(Bool.self) { leading = held }
                if leading {
                    database.logger.info("this node now runs maintenance (leader)")
                } else {
                    // Only the leader keeps a connection open; a stand-by node connects for each try.
                    try? await connection?.close()
                    connection = nil
                }
            }
        } catch {
            database.logger.warning("maintenance leadership check failed; standing by", metadata: ["error": "\(error)"])
            await stepDown()
        }
        return leading
    }

    /// The leadership connection, opened when needed.
    private func open() async throws -> PostgresConnection {
        if let connection, !connection.isClosed { return connection }
        let opened = try await PostgresConnection.connect(configuration: try database.connectionConfiguration(),
                                                          id: 2, logger: database.logger)
        connection = opened
        return opened
    }

    /// Stops leading: the lock is released (so a stand-by node's next try succeeds at once), and closing
    /// the connection ends the session, which would free it anyway.
    private func stepDown() async {
        if leading {
            database.logger.info("this node no longer runs maintenance")
            if let connection, !connection.isClosed {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: database.logger)
            }
        }
        leading = false
        try? await connection?.close()
        connection = nil
    }
}

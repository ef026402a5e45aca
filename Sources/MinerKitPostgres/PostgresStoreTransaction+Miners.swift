import Foundation
import MinerKit
import PostgresNIO

extension PostgresStoreTransaction: MinerWriting {
    private static let minerColumns = """
        id, name, capabilities, status, max_concurrent, region, attributes, api_key_hash, registered_at, last_heartbeat
        """

    func miner(id: String) async throws -> Miner? {
        guard locking else {
            return try await fetchMiners("SELECT \(unescaped: Self.minerColumns) FROM miners WHERE id = \(id)").first
        }
        // A write that reads a miner (a lease, a claim, a completion) reads its leased jobs next, or holds
        // them anyway, and often the job it acts on (``willReadJob(id:)``): they come in this statement,
        // locked as `leasedJobs` and `job(id:)` lock them, and are kept for those reads.
        let expectedID = prefetch.expectedJobID
        var statement: PostgresFragment = """
            WITH m AS (SELECT \(unescaped: Self.minerColumns) FROM miners WHERE id = \(id) FOR UPDATE),
            j AS (SELECT \(unescaped: Self.jobColumns), queue_seq, (state = 'leased' AND lease_miner = \(id)) AS is_lease
                  FROM jobs WHERE (state = 'leased' AND lease_miner = \(id))
            """
        if let expectedID { statement.append(" OR id = \(expectedID)") }
        statement.append("""
             ORDER BY created_at, queue_seq FOR UPDATE)
            SELECT m.*, j.* FROM m LEFT JOIN j ON true ORDER BY j.created_at, j.queue_seq
            """)
        let rows = try await sql.rows(statement)
        var miner: Miner?
        var leased: [Job] = []
        var expected: Job?
        for row in rows {
            var c = PostgresColumns(row)
            miner = try Self.decodeMiner(&c)
            var jobID = PostgresColumns(row, from: Self.minerColumnCount)
            guard try jobID.next(String?.self) != nil else { continue }
            let job = try Self.decodeJob(&c)
            _ = try c.next(Int64.self)  // queue_seq, for the order only
            if try c.next(Bool.self) { leased.append(job) }
            if job.id == expectedID { expected = job }
        }
        guard let miner else {
            missing.insert("miner \(id)")
            return nil
        }
        prefetch.keep(leases: leased, expected: expected, of: id, statement: sql.statementsSent)
        return miner
    }

    func miners(limit: Int, offset: Int) async throws -> [Miner] {
        try await fetchMiners("""
            SELECT \(unescaped: Self.minerColumns) FROM miners ORDER BY registered_at, seq
            LIMIT \(limit) OFFSET \(offset)\(unescaped: forUpdate)
            """)
    }

    func minerCount(status: Miner.Status?) async throws -> Int {
        let result = try await sql.query(
            "SELECT count(*) FROM miners WHERE (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue))")
        return try result.rows.first?.decode(Int.self) ?? 0
    }

    func miners(apiKeyHash: String, limit: Int) async throws -> [Miner] {
        try await fetchMiners("""
            SELECT \(unescaped: Self.minerColumns) FROM miners WHERE api_key_hash = \(apiKeyHash)
            ORDER BY id LIMIT \(limit)\(unescaped: forUpdate)
            """)
    }

    func save(_ miner: Miner) async throws {
        try await missing.save("miner \(miner.id)", update: """
            UPDATE miners SET name = \(miner.name), capabilities = \(miner.capabilities), status = \(miner.status.rawValue),
            max_concurrent = \(miner.maxConcurrent), region = \(miner.region), attributes = \(miner.attributes.jsonString()),
            api_key_hash = \(miner.apiKeyHash), registered_at = \(miner.registeredAt.timeIntervalSince1970),
            last_heartbeat = \(miner.lastHeartbeat.timeIntervalSince1970)
            WHERE id = \(miner.id)
            """, insert: """
            INSERT INTO miners (\(unescaped: Self.minerColumns)) VALUES (\(miner.id), \(miner.name), \(miner.capabilities),
            \(miner.status.rawValue), \(miner.maxConcurrent), \(miner.region), \(miner.attributes.jsonString()),
            \(miner.apiKeyHash), \(miner.registeredAt.timeIntervalSince1970), \(miner.lastHeartbeat.timeIntervalSince1970))
            ON CONFLICT DO NOTHING
            """, in: sql)
    }

    private func fetchMiners(_ statement: PostgresFragment) async throws -> [Miner] {
        try await sql.rows(statement).map(Self.decodeMiner)
    }

    private static let minerColumnCount = minerColumns.split(separator: ",").count

    static func decodeMiner(_ row: PostgresRow) throws -> Miner {
        var c = PostgresColumns(row)
        return try decodeMiner(&c)
    }

    /// A miner from ``minerColumns``, read from `c` (which then stands at the column after them).
    static func decodeMiner(_ c: inout PostgresColumns) throws -> Miner {
        let id = try c.next(String.self), name = try c.next(String.self), capabilities = try c.next([String].self)
        let statusName = try c.next(String.self)
        guard let status = Miner.Status(rawValue: statusName) else {
            throw MinerKitError(.storage, code: "database_corrupt", "miner \(id) has unknown status '\(statusName)'")
        }
        var miner = Miner(id: id, name: name, capabilities: capabilities, status: status,
                          maxConcurrent: try c.next(Int.self), region: try c.next(String?.self),
                          attributes: JSONValue(jsonString: try c.next(String.self)) ?? .object([:]),
                          apiKeyHash: try c.next(String?.self), registeredAt: try c.date())
        miner.lastHeartbeat = try c.date()
        return miner
    }
}

extension PostgresStoreTransaction: MinerStatsWriting {
    func minerStats(id minerID: String) async throws -> MinerStats? {
        let result = try await sql.query("""
            SELECT completed, failed, expired, busy_seconds, gpu_seconds, earnings FROM miner_stats
            WHERE miner_id = \(minerID)\(unescaped: forUpdate)
            """)
        guard let row = result.rows.first else {
            if locking { missing.insert("the counters of miner \(minerID)") }
            return nil
        }
        var c = PostgresColumns(row)
        return MinerStats(minerID: minerID, completed: try c.next(), failed: try c.next(), expired: try c.next(),
                          busySeconds: try c.next(), gpuSeconds: try c.next(), earnings: try c.next())
    }

    func silentMiners(before cutoff: Date, limit: Int) async throws -> [Miner] {
        // SKIP LOCKED: a miner row held by a unit of work is being heard from right now (and waiting for
        // it here, while holding expired jobs, could deadlock with its lease).
        try await sql.query("""
            SELECT id, name, capabilities, status, max_concurrent, region, attributes, api_key_hash, registered_at,
            last_heartbeat FROM miners WHERE status = 'active' AND last_heartbeat < \(cutoff.timeIntervalSince1970)
            ORDER BY last_heartbeat LIMIT \(limit)\(unescaped: forUpdateSkipLocked)
            """).rows.map(Self.decodeMiner)
    }

    func save(_ stats: MinerStats) async throws {
        try await missing.save("the counters of miner \(stats.minerID)", update: """
            UPDATE miner_stats SET completed = \(stats.completed), failed = \(stats.failed), expired = \(stats.expired),
            busy_seconds = \(stats.busySeconds), gpu_seconds = \(stats.gpuSeconds), earnings = \(stats.earnings)
            WHERE miner_id = \(stats.minerID)
            """, insert: """
            INSERT INTO miner_stats (miner_id, completed, failed, expired, busy_seconds, gpu_seconds, earnings)
            VALUES (\(stats.minerID), \(stats.completed), \(stats.failed), \(stats.expired), \(stats.busySeconds),
            \(stats.gpuSeconds), \(stats.earnings))
            ON CONFLICT DO NOTHING
            """, in: sql)
    }

    func accumulate(_ delta: MinerStats) async throws {
        // Queued: it goes with the unit's next writes (a completion's receipt) or its commit.
        try await sql.write(PostgresWrite("""
            INSERT INTO miner_stats AS s (miner_id, completed, failed, expired, busy_seconds, gpu_seconds, earnings)
            VALUES (\(delta.minerID), \(delta.completed), \(delta.failed), \(delta.expired), \(delta.busySeconds),
            \(delta.gpuSeconds), \(delta.earnings))
            ON CONFLICT (miner_id) DO UPDATE SET completed = s.completed + EXCLUDED.completed,
            failed = s.failed + EXCLUDED.failed, expired = s.expired + EXCLUDED.expired,
            busy_seconds = s.busy_seconds + EXCLUDED.busy_seconds, gpu_seconds = s.gpu_seconds + EXCLUDED.gpu_seconds,
            earnings = s.earnings + EXCLUDED.earnings
            """, row: "miner_stats \(delta.minerID)"))
    }
}

extension PostgresStoreTransaction: ClientKeyWriting {
    func clientKey(hash keyHash: String) async throws -> ClientKeyRecord? {
        let result = try await sql.query("SELECT id, name, key_hash, created_at FROM client_keys WHERE key_hash = \(keyHash)")
        guard let row = result.rows.first else { return nil }
        var c = PostgresColumns(row)
        return ClientKeyRecord(id: try c.next(), name: try c.next(), keyHash: try c.next(), createdAt: try c.date())
    }

    func clientKeyCount() async throws -> Int {
        try await sql.query("SELECT count(*) FROM client_keys").rows.first?.decode(Int.self) ?? 0
    }

    /// The advisory lock that serializes key registrations across nodes ("MKKEYS").
    static let keysLockKey: Int64 = 0x4D4B_4B45_5953

    func lockKeys() async throws {
        try await sql.query("SELECT pg_advisory_xact_lock(\(Self.keysLockKey))")
    }

    func insert(_ key: ClientKeyRecord) async throws {
        let result = try await sql.query("""
            INSERT INTO client_keys (id, name, key_hash, created_at)
            VALUES (\(key.id), \(key.name), \(key.keyHash), \(key.createdAt.timeIntervalSince1970))
            ON CONFLICT DO NOTHING
            """)
        guard result.metadata.rows == 1 else {
            throw MinerKitError(.conflict, code: "client_key_exists", "client key \(key.id) already exists")
        }
    }
}
